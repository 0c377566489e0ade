using System.Globalization;
using System.Text.Json;
using RetailGateway.Tests.Shared;

namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>
/// A real k6 and the scenarios bundled for it. k6 v0.49 (the one on the build machines) compiles
/// scripts with a Babel that predates ES2018, so each scenario is bundled with esbuild to ES2017
/// CommonJS and run in k6's base compatibility mode, as k6's docs advise for bundled scripts.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class K6Engine : IAsyncLifetime
{
    public static readonly string[] Scenarios = ["peak-mix.js", "spike.js", "retry-storm.js", "soak.js", "rate-limit.js", "intake-burst.js"];

    private static readonly TimeSpan BundleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private DirectoryInfo? _work;

    /// <summary>The k6 binary, or null when none was found (<see cref="NotFound"/> says where it looked).</summary>
    public string? Executable { get; private set; }

    public string NotFound { get; private set; } = "";

    private string Work => _work?.FullName ?? throw new InvalidOperationException("Not started.");

    public Task InitializeAsync()
    {
        Executable = Locate(out var notFound);
        NotFound = notFound;
        if (Executable is null)
        {
            return Task.CompletedTask;
        }

        LoadTestsFolder.EnsurePackages();
        _work = Directory.CreateTempSubdirectory("retailgateway-k6-");
        Bundle([.. Scenarios.Select(s => Path.Combine(LoadTestsFolder.Path, "k6", s))], Path.Combine(Work, "bundles"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _work?.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs a bundled scenario with <paramref name="settings"/> passed as <c>-e NAME=value</c>; its summary files go to a folder of their own.</summary>
    public Task<K6Run> RunAsync(string scenario, IReadOnlyDictionary<string, string> settings) =>
        RunBundleAsync(Path.Combine(Work, "bundles", scenario), Path.GetFileNameWithoutExtension(scenario), settings);

    /// <summary>
    /// Runs <paramref name="scenario"/> with <paramref name="thresholds"/> added to (or replacing) its own, through a
    /// small wrapper module bundled like the scenarios: the script itself stays as it is.
    /// </summary>
    public Task<K6Run> RunWithThresholdsAsync(string scenario, IReadOnlyDictionary<string, string> thresholds, IReadOnlyDictionary<string, string> settings)
    {
        var source = Path.Combine(LoadTestsFolder.Path, "k6", scenario).Replace('\\', '/');
        var extra = string.Join(", ", thresholds.Select(t => $"{JsonSerializer.Serialize(t.Key)}: [{JsonSerializer.Serialize(t.Value)}]"));
        var wrappers = Directory.CreateDirectory(Path.Combine(Work, "wrappers", Guid.NewGuid().ToString("N")));
        var wrapper = Path.Combine(wrappers.FullName, scenario);
        File.WriteAllText(wrapper, $$"""
            import { options as scenario } from "{{source}}";
            export * from "{{source}}";
            export const options = { ...scenario, thresholds: { ...scenario.thresholds, {{extra}} } };
            """);
        var bundles = Path.Combine(wrappers.FullName, "bundles");
        Bundle([wrapper], bundles);
        return RunBundleAsync(Path.Combine(bundles, scenario), Path.GetFileNameWithoutExtension(scenario), settings);
    }

    private async Task<K6Run> RunBundleAsync(string bundle, string name, IReadOnlyDictionary<string, string> settings)
    {
        var results = Directory.CreateDirectory(Path.Combine(Work, "results", $"{name}-{Guid.NewGuid():N}"));
        // No usage report: the run sends traffic to the gateway on loopback and nowhere else.
        List<string> arguments = ["run", "--compatibility-mode=base", "--no-usage-report", "--no-color", "--quiet"];
        foreach (var (key, value) in settings.Append(new("OUT_DIR", results.FullName)))
        {
            arguments.AddRange(["-e", $"{key}={value}"]);
        }

        arguments.Add(bundle);
        var run = await ToolProcess.RunAsync(Executable!, arguments, results.FullName, RunTimeout);
        var summaryFile = Path.Combine(results.FullName, $"{name}-summary.json");
        var summary = File.Exists(summaryFile) ? JsonDocument.Parse(File.ReadAllText(summaryFile)) : null;
        return new K6Run(run.ExitCode, run.Output, summary);
    }

    private static void Bundle(string[] entryPoints, string outDirectory)
    {
        var esbuild = Path.Combine(LoadTestsFolder.NodeModules, ".bin", "esbuild");
        string[] options = ["--bundle", "--format=cjs", "--target=es2017", "--platform=neutral", "--external:k6", "--external:k6/*", "--log-level=warning", $"--outdir={outDirectory}"];
        var result = ToolProcess.Run(esbuild, [.. entryPoints, .. options], LoadTestsFolder.Path, BundleTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"esbuild failed ({result.ExitCode}):\n{result.Output}");
        }
    }

    /// <summary><c>K6</c> (a path), then <c>k6</c> on PATH, then <c>../shared/tools/k6</c> beside the repository.</summary>
    private static string? Locate(out string notFound)
    {
        notFound = "";
        var configured = Environment.GetEnvironmentVariable("K6");
        if (!string.IsNullOrEmpty(configured))
        {
            // A K6 that points nowhere is a mistake to report, not a reason to skip.
            return File.Exists(configured) ? Path.GetFullPath(configured) : throw new FileNotFoundException($"K6 is set to '{configured}', which does not exist.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "k6"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var shared = Path.GetFullPath(Path.Combine(ToolProcess.RepositoryRoot, "..", "shared", "tools", "k6"));
        if (File.Exists(shared))
        {
            return shared;
        }

        notFound = string.Create(CultureInfo.InvariantCulture,
            $"k6 not found, so the k6 scenarios were not run: set K6 to a k6 binary, put k6 on PATH, or place it at {shared}.");
        return null;
    }
}

/// <summary>What one k6 run did: its exit code (99 when a threshold failed), what it printed, and its end-of-test summary.</summary>
public sealed record K6Run(int ExitCode, string Output, JsonDocument? Summary)
{
    /// <summary>k6's exit code when a threshold failed.</summary>
    public const int ThresholdsFailed = 99;

    /// <summary>Metrics of time: latencies, keeping to the arrival rate, the soak's drift, the drain.</summary>
    private static readonly HashSet<string> TimeMetrics =
    [
        "http_req_duration", "reject_duration", "shed_duration", "accept_duration", "dropped_iterations",
        "latency_drift_ratio", "latency_drift_comparisons", "intake_drain_seconds",
    ];

    /// <summary>The metrics (with their tags) whose thresholds failed, from the summary.</summary>
    public IReadOnlyList<string> FailedThresholds =>
        Summary is null
            ? []
            : [.. Summary.RootElement.GetProperty("metrics").EnumerateObject()
                .Where(m => m.Value.TryGetProperty("thresholds", out var t) && t.EnumerateObject().Any(e => !e.Value.GetProperty("ok").GetBoolean()))
                .Select(m => m.Name)];

    /// <summary>Metrics of answers, failed by a request answered 503 or 504 as readily as by a wrong one.</summary>
    private static readonly HashSet<string> AnswerMetrics = ["http_req_failed", "checks"];

    /// <summary>
    /// Whether the run failed thresholds, and only thresholds on time: latencies, or failed requests that were all
    /// load refusals (a 503 with <c>Retry-After</c> or a 504, counted by the scenario as <c>load_refusals</c>), which a
    /// stall of the machine produces as surely as a slow answer. Any other failed answer is not a matter of time.
    /// </summary>
    public bool FailedOnlyOnTime =>
        ExitCode == ThresholdsFailed && FailedThresholds.Count > 0
        && FailedThresholds.All(name => TimeMetrics.Contains(name.Split('{')[0]) || (AnswerMetrics.Contains(name.Split('{')[0]) && EveryFailureWasALoadRefusal));

    private bool EveryFailureWasALoadRefusal =>
        Value("load_refusals", "count") is { } refusals
        && (Value("http_req_failed", "passes") ?? 0) <= refusals
        && (Value("checks", "fails") ?? 0) <= refusals;

    /// <summary>One statistic of a metric from the summary (<c>metrics.&lt;name&gt;.values.&lt;stat&gt;</c>); null when it was never recorded.</summary>
    public double? Value(string metric, string stat) =>
        Summary is not null
        && Summary.RootElement.GetProperty("metrics").TryGetProperty(metric, out var m)
        && m.GetProperty("values").TryGetProperty(stat, out var v)
            ? v.GetDouble()
            : null;
}
