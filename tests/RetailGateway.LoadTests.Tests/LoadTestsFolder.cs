using System.Diagnostics;

namespace RetailGateway.LoadTests.Tests;

/// <summary>
/// The repository's <c>loadtests/</c> folder, with the pinned npm packages (typescript, @types/k6,
/// esbuild) installed from its lock file when they are missing or older than it; and the one way
/// these tests start a tool.
/// </summary>
public static class LoadTestsFolder
{
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder holding package.json, tsconfig.json and k6/.</summary>
    public static string Path { get; } = System.IO.Path.Combine(RepositoryRoot, "loadtests");

    public static string NodeModules => System.IO.Path.Combine(Path, "node_modules");

    /// <summary>Runs <c>npm ci</c> once per test run, when node_modules is missing or older than the lock file.</summary>
    public static void EnsurePackages()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }

            var installed = System.IO.Path.Combine(NodeModules, ".package-lock.json");
            var locked = System.IO.Path.Combine(Path, "package-lock.json");
            if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(locked))
            {
                var (exitCode, output) = Run("npm", ["ci", "--no-audit", "--no-fund"], Path, TimeSpan.FromMinutes(5));
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {Path} failed ({exitCode}):\n{output}");
                }
            }

            _installed = true;
        }
    }

    /// <summary>Starts <paramref name="fileName"/> and waits for it: its exit code and what it printed (stdout, then stderr).</summary>
    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout) =>
        RunAsync(fileName, arguments, workingDirectory, timeout).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Run"/>, without holding a thread while it waits: the gateway a k6 run loads lives in
    /// this process, and a blocked thread-pool thread would slow its answers, not the tool.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
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
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "RetailGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RetailGateway.sln not found above the test output folder.");
    }
}
