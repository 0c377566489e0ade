using System.Text.Json.Nodes;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.OpenApi;

/// <summary>
/// Stoplight Spectral with its <c>spectral:oas</c> ruleset (what partners and API catalogues lint with)
/// finds no error and no warning in either committed document; and it does find them in a broken copy.
/// </summary>
public sealed class SpectralTests(SpectralLinter spectral) : IClassFixture<SpectralLinter>
{
    [Theory]
    [InlineData("openapi.yaml")]
    [InlineData("openapi.v1.yaml")]
    public async Task Committed_document_has_no_spectral_problem(string document)
    {
        var problems = await spectral.LintAsync(Path.Combine(spectral.RepositoryRoot, document));

        Assert.True(problems.Count == 0, string.Join('\n', problems.Select(p => p.ToJsonString())));
    }

    [Fact]
    public async Task A_document_without_servers_and_contact_is_reported()
    {
        var original = await File.ReadAllTextAsync(Path.Combine(spectral.RepositoryRoot, "openapi.yaml"));
        var broken = RemoveBlock(RemoveBlock(original, "servers:\n", indent: ""), "  contact:\n", indent: "  ");
        Assert.NotEqual(original, broken);
        var copy = Path.Combine(Path.GetTempPath(), $"openapi-broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(copy, broken);
        try
        {
            var problems = await spectral.LintAsync(copy);

            var rules = problems.Select(p => p["code"]!.GetValue<string>()).ToList();
            Assert.Contains("oas3-api-servers", rules);
            Assert.Contains("info-contact", rules);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Removes the YAML block that starts with <paramref name="header"/>: that line and the deeper-indented lines after it.</summary>
    private static string RemoveBlock(string yaml, string header, string indent)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var start = lines.IndexOf(header.TrimEnd('\n'));
        Assert.True(start >= 0, $"'{header.Trim()}' not found");
        var end = start + 1;
        while (end < lines.Count && lines[end].StartsWith(indent + " ", StringComparison.Ordinal))
        {
            end++;
        }

        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }
}

/// <summary>
/// Spectral from <c>contracts/openapi</c> (pinned by its package-lock.json, installed with <c>npm ci</c> when
/// missing or older than the lock), run with the ruleset beside it.
/// </summary>
public sealed class SpectralLinter
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(5);

    public SpectralLinter() => ToolProcess.EnsureNpmPackages(Directory);

    public string RepositoryRoot { get; } = ToolProcess.RepositoryRoot;

    private string Directory { get; } = Path.Combine(ToolProcess.RepositoryRoot, "contracts", "openapi");

    /// <summary>Every result Spectral reports for <paramref name="document"/>, of any severity.</summary>
    public async Task<IReadOnlyList<JsonNode>> LintAsync(string document)
    {
        var report = Path.Combine(Path.GetTempPath(), $"spectral-{Guid.NewGuid():N}.json");
        try
        {
            var spectral = Path.Combine(Directory, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
            var result = ToolProcess.Run("node", [spectral, "lint", document, "--ruleset", Path.Combine(Directory, ".spectral.yaml"), "--format", "json", "--output", report, "--fail-severity", "hint"], Directory, ProcessTimeout);
            // 0: nothing found; 1: something found. Anything else is Spectral failing to run.
            Assert.True(result.ExitCode is 0 or 1 && File.Exists(report), $"spectral exited {result.ExitCode}:\n{result.Output}");
            return JsonNode.Parse(await File.ReadAllTextAsync(report))!.AsArray().Select(p => p!).ToList();
        }
        finally
        {
            File.Delete(report);
        }
    }
}
