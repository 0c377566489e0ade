using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.Docs;

/// <summary>
/// Every relative link in README.md and docs/ leads somewhere: to a file of the checkout and, when it names an anchor,
/// to a heading of that page as GitHub renders its ids.
/// </summary>
public sealed class DocumentationLinkTests
{
    [Fact]
    public void EveryRelativeLinkAndAnchor_InTheReadmeAndDocs_Resolves()
    {
        var pages = DocumentationPages(ToolProcess.RepositoryRoot);
        Assert.Contains(pages, page => page.EndsWith("README.md", StringComparison.Ordinal));
        Assert.True(pages.Count >= 5, $"only {pages.Count} pages found");

        var broken = BrokenLinks(pages);

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void ALinkToAMissingFile_OrAMissingAnchor_IsReported()
    {
        var folder = Directory.CreateTempSubdirectory("docs-links-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.md"), "# Page A\n\n## Two words\n\nSee [b](b.md#the-part), [gone](missing.md), [here](#two-words), [nowhere](#no-such-heading).\n");
            File.WriteAllText(Path.Combine(folder.FullName, "b.md"), "# B\n\n## Another part\n");

            var broken = BrokenLinks([Path.Combine(folder.FullName, "a.md")]);

            Assert.Equal(3, broken.Count);
            Assert.Contains(broken, b => b.Contains("b.md#the-part", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.Contains("missing.md", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.Contains("#no-such-heading", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAutoIdentifiers(AutoIdentifierOptions.GitHub).Build();

    private static List<string> DocumentationPages(string root) =>
        [Path.Combine(root, "README.md"), .. Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)];

    private static List<string> BrokenLinks(IEnumerable<string> pages)
    {
        var anchors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> AnchorsOf(string page)
        {
            if (!anchors.TryGetValue(page, out var ids))
            {
                ids = [.. Markdown.Parse(File.ReadAllText(page), Pipeline).Descendants<HeadingBlock>().Select(h => h.GetAttributes().Id).OfType<string>()];
                anchors[page] = ids;
            }

            return ids;
        }

        var broken = new List<string>();
        foreach (var page in pages)
        {
            foreach (var link in Markdown.Parse(File.ReadAllText(page), Pipeline).Descendants<LinkInline>())
            {
                var url = link.Url;
                if (link.IsImage || string.IsNullOrEmpty(url) || Uri.TryCreate(url, UriKind.Absolute, out _))
                {
                    continue;
                }

                var hash = url.IndexOf('#', StringComparison.Ordinal);
                var path = hash < 0 ? url : url[..hash];
                var anchor = hash < 0 ? null : url[(hash + 1)..];
                var target = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{page}: {url} (no such file)");
                }
                else if (anchor is not null && target.EndsWith(".md", StringComparison.Ordinal) && !AnchorsOf(target).Contains(anchor))
                {
                    broken.Add($"{page}: {url} (no such heading)");
                }
            }
        }

        return broken;
    }
}
