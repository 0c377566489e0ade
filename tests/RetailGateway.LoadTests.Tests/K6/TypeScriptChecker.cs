using RetailGateway.Tests.Shared;

namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>Runs TypeScript's checker over the k6 scripts in <c>loadtests/</c>, with the pinned typescript and @types/k6.</summary>
public static class TypeScriptChecker
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(5);

    /// <summary><c>tsc -p</c> over the project in <paramref name="projectDirectory"/>: its exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Check(string projectDirectory)
    {
        LoadTestsFolder.EnsurePackages();
        var result = ToolProcess.Run("node", [Path.Combine(LoadTestsFolder.NodeModules, "typescript", "bin", "tsc"), "-p", projectDirectory, "--pretty", "false"], projectDirectory, ProcessTimeout);
        return (result.ExitCode, result.Output);
    }
}
