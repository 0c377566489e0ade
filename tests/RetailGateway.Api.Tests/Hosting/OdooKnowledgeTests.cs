using System.Text.RegularExpressions;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>
/// Odoo is known in RetailGateway.Odoo only: the API project asks its typed classes and never names an Odoo
/// model, builds a query or talks to the client underneath them.
/// </summary>
public sealed partial class OdooKnowledgeTests
{
    [Fact]
    public void TheApiProject_NamesNoOdooModel_AndBuildsNoOdooQuery()
    {
        var source = Path.Combine(ToolProcess.RepositoryRoot, "src", "RetailGateway.Api");
        var offences = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (Path: Path.GetRelativePath(source, path), Line: index + 1, Text: line)))
            .Where(line => OdooKnowledge().IsMatch(line.Text))
            .Select(line => $"{line.Path}:{line.Line}: {line.Text.Trim()}")
            .ToList();

        Assert.Empty(offences);
    }

    // Quoted or not: a model named in a comment is Odoo knowledge too (it goes stale where no test looks).
    [GeneratedRegex("""IOdooClient|OdooQuery|OdooRecords|"(res|sale|account|stock|product)\.[a-z_.]+"|\b(res|sale|account|stock|product)\.(partner|order|move|picking|quant|template|product|category)\b|"(action_[a-z_]+|search_read|web_read|web_search_read|web_save|write_date|default_code|client_order_ref)"|Dialect\.""")]
    private static partial Regex OdooKnowledge();
}
