using RetailGateway.Tests.Shared;

namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>
/// Runs TypeScript's checker over the k6 scripts in <c>loadtests/</c>, installing the pinned
/// typescript and @types/k6 from the lock file first when they are missing or out of date.
/// </summary>
public sealed class TypeScriptChecker
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(5);

    public TypeScriptChecker()
    {
        LoadTestsDirectory = Path.Combine(ToolProcess.RepositoryRoot, "loadtests");
        ToolProcess.EnsureNpmPackages(LoadTestsDirectory);
    }

    /// <summary>The folder holding package.json, tsconfig.json and k6/.</summary>
    public string LoadTestsDirectory { get; }

    public string NodeModules => Path.Combine(LoadTestsDirectory, "node_modules");

    /// <summary><c>tsc -p</c> over the project in <paramref name="projectDirectory"/>: its exit code and what it printed.</summary>
    public (int ExitCode, string Output) Check(string projectDirectory)
    {
        var result = ToolProcess.Run("node", [Path.Combine(NodeModules, "typescript", "bin", "tsc"), "-p", projectDirectory, "--pretty", "false"], projectDirectory, ProcessTimeout);
        return (result.ExitCode, result.Output);
    }
}
