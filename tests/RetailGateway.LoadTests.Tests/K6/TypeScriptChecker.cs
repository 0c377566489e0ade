using System.Diagnostics;

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
        LoadTestsDirectory = Path.Combine(FindRepositoryRoot(), "loadtests");
        var installed = Path.Combine(LoadTestsDirectory, "node_modules", ".package-lock.json");
        var locked = Path.Combine(LoadTestsDirectory, "package-lock.json");
        if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(locked))
        {
            var (exitCode, output) = Run("npm", ["ci", "--no-audit", "--no-fund"], LoadTestsDirectory);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {LoadTestsDirectory} failed ({exitCode}):\n{output}");
            }
        }
    }

    /// <summary>The folder holding package.json, tsconfig.json and k6/.</summary>
    public string LoadTestsDirectory { get; }

    public string NodeModules => Path.Combine(LoadTestsDirectory, "node_modules");

    /// <summary><c>tsc -p</c> over the project in <paramref name="projectDirectory"/>: its exit code and what it printed.</summary>
    public (int ExitCode, string Output) Check(string projectDirectory) =>
        Run("node", [Path.Combine(NodeModules, "typescript", "bin", "tsc"), "-p", projectDirectory, "--pretty", "false"], projectDirectory);

    private static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProcessTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {ProcessTimeout}.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RetailGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RetailGateway.sln not found above the test output folder.");
    }
}
