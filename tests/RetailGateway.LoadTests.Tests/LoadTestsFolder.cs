using RetailGateway.Tests.Shared;

namespace RetailGateway.LoadTests.Tests;

/// <summary>
/// The repository's <c>loadtests/</c> folder, with the pinned npm packages (typescript, @types/k6,
/// esbuild) installed from its lock file when they are missing or older than it.
/// </summary>
public static class LoadTestsFolder
{
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    /// <summary>The folder holding package.json, tsconfig.json and k6/.</summary>
    public static string Path { get; } = System.IO.Path.Combine(ToolProcess.RepositoryRoot, "loadtests");

    public static string NodeModules => System.IO.Path.Combine(Path, "node_modules");

    /// <summary>Checks the installed packages once per test run, whichever test asks first.</summary>
    public static void EnsurePackages()
    {
        lock (InstallLock)
        {
            if (!_installed)
            {
                ToolProcess.EnsureNpmPackages(Path);
                _installed = true;
            }
        }
    }
}
