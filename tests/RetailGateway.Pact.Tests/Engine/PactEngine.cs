namespace RetailGateway.Pact.Tests.Engine;

/// <summary>Where the Pact engine and the committed pact files live in the repository.</summary>
internal static class PactEngine
{
    /// <summary>The repository root: the folder holding <c>RetailGateway.sln</c> above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>contracts/</c>: the pact files and the engine's npm packages.</summary>
    public static string ContractsDirectory => Path.Combine(RepositoryRoot, "contracts");

    /// <summary><c>contracts/pacts/</c>: the committed pact files, the source of truth of what callers rely on.</summary>
    public static string PactsDirectory => Path.Combine(ContractsDirectory, "pacts");

    public static string LibraryPath => Installed(Path.Combine(
        ContractsDirectory, "node_modules", "@pact-foundation", "pact-core-linux-x64-glibc", "prebuilds", "linux-x64", "libpact_ffi.so"));

    public static string CliPath => Installed(Path.Combine(
        ContractsDirectory, "node_modules", "@pact-foundation", "pact-cli-linux-x64", "standalone", "pact"));

    /// <summary>The committed pact file of a consumer and provider, named as the engine names it.</summary>
    public static string PactFile(string consumer, string provider) => Path.Combine(PactsDirectory, $"{consumer}-{provider}.json");

    private static string Installed(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"The Pact engine is not installed ({path}). Building the contract tests runs `npm ci` in contracts/.", path);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RetailGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RetailGateway.sln above {AppContext.BaseDirectory}.");
    }
}
