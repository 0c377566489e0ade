using RetailGateway.Tests.Shared;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// The kit's files derived from the repository's contracts (<c>src/salesforce/scripts/generate.js</c>) are
/// committed as the script writes them today: a contract that changed without a regeneration fails here.
/// Regenerate with <c>node src/salesforce/scripts/generate.js</c>.
/// </summary>
public sealed class GeneratedFilesTests
{
    private static readonly string Committed = Path.Combine(SalesforceKit.ProjectDirectory, "force-app", "main", "default");

    [Fact]
    public void Committed_generated_files_are_what_the_script_writes()
    {
        using var output = new TemporaryFolder();

        var generated = Generate(output.Path);

        Assert.Contains("staticresources/RetailGatewayPact.json", generated.Keys);
        var stale = generated.Where(g => !File.Exists(Path.Combine(Committed, g.Key)) || File.ReadAllText(Path.Combine(Committed, g.Key)) != g.Value).Select(g => g.Key).ToList();
        Assert.True(stale.Count == 0, $"stale (run node src/salesforce/scripts/generate.js): {string.Join(", ", stale)}");
    }

    [Fact]
    public void A_changed_pact_makes_the_static_resource_stale()
    {
        using var output = new TemporaryFolder();
        var pact = Path.Combine(output.Path, "pact.json");
        var original = File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot, "contracts", "pacts", "SalesforceApex-RetailGateway.json"));
        File.WriteAllText(pact, original.Replace("\"idempotency_key_in_flight\"", "\"key_in_flight\"", StringComparison.Ordinal));

        var generated = Generate(Path.Combine(output.Path, "out"), "--pact", pact);

        Assert.NotEqual(File.ReadAllText(Path.Combine(Committed, "staticresources", "RetailGatewayPact.json")), generated["staticresources/RetailGatewayPact.json"]);
        Assert.Contains("\"key_in_flight\"", generated["staticresources/RetailGatewayPact.json"], StringComparison.Ordinal);
    }

    /// <summary>Runs the script into <paramref name="output"/>; every file it wrote by path relative to it.</summary>
    private static Dictionary<string, string> Generate(string output, params string[] arguments)
    {
        var script = Path.Combine(SalesforceKit.ProjectDirectory, "scripts", "generate.js");
        var result = ToolProcess.Run("node", [script, "--out", output, .. arguments], SalesforceKit.ProjectDirectory, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"generate.js exited {result.ExitCode}:\n{result.Output}");
        return Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(output, f).Replace('\\', '/'), File.ReadAllText);
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sfdx-generated-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
