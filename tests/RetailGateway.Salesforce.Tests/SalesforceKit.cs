using System.Text.Json;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// The Salesforce kit (<c>src/salesforce</c>) and the tools a Salesforce developer's pipeline runs on it,
/// pinned by <c>Tools/package-lock.json</c> and installed with <c>npm ci</c> when missing or older than
/// the lock: <c>apex.js</c> (@apexdevtools/apex-parser) and <c>metadata.js</c>
/// (@salesforce/source-deploy-retrieve), <c>pmd.js</c> (Code Analyzer's PMD engine, which needs Java). Each reads
/// the committed kit or a broken copy of it.
/// </summary>
public sealed class SalesforceKit
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lazy<ApexReading> _committedApex;

    // Test classes run in parallel, each with its own fixture: npm ci must run once, not once per class at the same time.
    private static readonly Lazy<bool> Installed = new(() =>
    {
        ToolProcess.EnsureNpmPackages(Path.Combine(ToolProcess.RepositoryRoot, "tests", "RetailGateway.Salesforce.Tests", "Tools"));
        return true;
    });

    public SalesforceKit()
    {
        _ = Installed.Value;
        _committedApex = new(() => ReadApex(ProjectDirectory));
    }

    /// <summary>The committed SFDX project.</summary>
    public static string ProjectDirectory { get; } = Path.Combine(ToolProcess.RepositoryRoot, "src", "salesforce");

    private string ToolsDirectory { get; } = Path.Combine(ToolProcess.RepositoryRoot, "tests", "RetailGateway.Salesforce.Tests", "Tools");

    /// <summary>What the Apex parser read in the committed project, read once per test class.</summary>
    public ApexReading CommittedApex => _committedApex.Value;

    /// <summary>What the Apex parser read in every <c>.cls</c> and <c>.trigger</c> of <paramref name="project"/>'s force-app.</summary>
    public ApexReading ReadApex(string project) => Run<ApexReading>("apex.js", Path.Combine(project, "force-app"));

    /// <summary>PMD's Apex rules (Salesforce Code Analyzer's PMD engine) on <paramref name="project"/>'s force-app.</summary>
    public PmdReport RunPmd(string project) => Run<PmdReport>("pmd.js", Path.Combine(project, "force-app"));

    /// <summary>Resolves and converts <paramref name="project"/> to Metadata API format in a folder deleted afterwards.</summary>
    public MetadataConversion Convert(string project)
    {
        var output = Path.Combine(Path.GetTempPath(), $"sfdx-mdapi-{Guid.NewGuid():N}");
        try
        {
            return Run<MetadataConversion>("metadata.js", project, output);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>
    /// Runs <c>src/salesforce/scripts/generate.js</c> into <paramref name="output"/> (from the tools folder, whose
    /// packages it reads YAML with); every file it wrote, by path relative to <paramref name="output"/>.
    /// </summary>
    public Dictionary<string, string> Generate(string output, params string[] arguments)
    {
        var script = Path.Combine(ProjectDirectory, "scripts", "generate.js");
        var result = ToolProcess.Run("node", [script, "--out", output, .. arguments], ToolsDirectory, ToolTimeout);
        Assert.True(result.ExitCode == 0, $"generate.js exited {result.ExitCode}:\n{result.Output}");
        return Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(output, f).Replace('\\', '/'), File.ReadAllText);
    }

    /// <summary>A copy of the committed project in a temporary folder, for a test to break; deleted on dispose.</summary>
    public static ProjectCopy Copy() => new(ProjectDirectory);

    private T Run<T>(string script, params string[] arguments)
    {
        var result = ToolProcess.Run("node", [Path.Combine(ToolsDirectory, script), .. arguments], ToolsDirectory, ToolTimeout);
        Assert.True(result.ExitCode == 0, $"node {script} exited {result.ExitCode}:\n{result.Output}");
        return JsonSerializer.Deserialize<T>(result.StandardOutput, Json) ?? throw new InvalidOperationException($"node {script} printed nothing.");
    }
}

/// <summary>A temporary copy of the SFDX project.</summary>
public sealed class ProjectCopy : IDisposable
{
    public ProjectCopy(string source)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"sfdx-copy-{Guid.NewGuid():N}");
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Directory, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Directory { get; }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Replaces <paramref name="find"/> (which must occur) in <paramref name="relative"/>.</summary>
    public void Replace(string relative, string find, string replacement)
    {
        var file = PathOf(relative);
        var text = File.ReadAllText(file);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(find, replacement, StringComparison.Ordinal));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>What <c>apex.js</c> printed.</summary>
public sealed record ApexReading(
    IReadOnlyList<ApexFile> Files,
    IReadOnlyList<ApexCallout> Callouts,
    IReadOnlyDictionary<string, IReadOnlyList<ApexMember>> Models,
    IReadOnlyList<ApexPactAnswer> PactAnswers,
    IReadOnlyList<string> Problems);

public sealed record ApexFile(string File, IReadOnlyList<string> Errors);

/// <summary>
/// One <c>new RetailGatewayRequest(method, path)</c> chain: path parameters as <c>{}</c>, the names of its
/// <c>.query</c> and <c>.header</c> calls, the model type its <c>.body</c> sends and its <c>.send</c> reads.
/// </summary>
public sealed record ApexCallout(string File, int Line, string? Caller, string? Method, string? Path, IReadOnlyList<string> Query, IReadOnlyList<string> Headers, string? Body, string? Response)
{
    public override string ToString() => $"{Caller} ({File}:{Line}): {Method} {Path}";
}

public sealed record ApexMember(string Name, string Type);

/// <summary>A string literal in the Apex sources naming a kit interaction of the Salesforce Apex pact (<c>v2: ...</c>).</summary>
public sealed record ApexPactAnswer(string File, int Line, string Description)
{
    public override string ToString() => $"\"{Description}\" ({File}:{Line})";
}

/// <summary>What <c>pmd.js</c> printed: how many rules ran, each violation, and the errors the engine logged.</summary>
public sealed record PmdReport(int Rules, IReadOnlyList<PmdViolation> Violations, IReadOnlyList<string> Errors);

/// <summary>Severity 1 is critical, 2 high, 3 moderate, 4 low, 5 info.</summary>
public sealed record PmdViolation(int Severity, string Rule, string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line} {Rule} (severity {Severity}): {Message}";
}

/// <summary>What <c>metadata.js</c> printed.</summary>
public sealed record MetadataConversion(IReadOnlyList<MetadataComponent> Components, IReadOnlyList<string> Packaged, string? PackageVersion, string? Error);

public sealed record MetadataComponent(string Type, string FullName, IReadOnlyList<string> Files);
