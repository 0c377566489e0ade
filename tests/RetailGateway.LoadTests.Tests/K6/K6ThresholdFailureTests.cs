using Xunit.Abstractions;

namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>The k6 check can fail: a threshold that cannot hold, or a soak that cannot read the working set, fails the run.</summary>
[Collection(K6Runs.Name)]
public sealed class K6ThresholdFailureTests(K6Gateway gateway, K6Engine k6, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task AThresholdThatCannotHold_FailsTheRun()
    {
        Skip.If(k6.Executable is null, k6.NotFound);

        // No stock read is answered in 10 µs.
        var run = await k6.RunWithThresholdsAsync(
            "peak-mix.js",
            new Dictionary<string, string> { ["http_req_duration{kind:stock_batch}"] = "p(95)<0.01" },
            Settings(new() { ["RATE"] = "5", ["RAMP"] = "1s", ["DURATION"] = "3s" }));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == K6Run.ThresholdsFailed, $"expected k6 to exit {K6Run.ThresholdsFailed}, not {run.ExitCode}:\n{run.Output}");
        Assert.Contains("FAIL  http_req_duration{kind:stock_batch}  p(95)<0.01", run.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Soak_ThatCannotReadTheWorkingSet_Fails()
    {
        Skip.If(k6.Executable is null, k6.NotFound);

        // The name soak.js read before: /metrics has no such metric, so every memory probe reads nothing.
        var run = await k6.RunAsync("soak.js", Settings(new(K6ScenarioTests.ShortRuns["soak.js"]) { ["MEMORY_METRIC"] = "process_working_set_bytes" }));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == K6Run.ThresholdsFailed, $"expected k6 to exit {K6Run.ThresholdsFailed}, not {run.ExitCode}:\n{run.Output}");
        Assert.Contains("FAIL  memory_probe_read  rate==1", run.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Settings(Dictionary<string, string> settings)
    {
        settings["BASE_URL"] = gateway.BaseAddress.ToString().TrimEnd('/');
        settings["TOKENS"] = K6Gateway.Tokens("k6-org1");
        settings["MEMORY_TOKEN"] = K6Gateway.MetricsToken();
        return settings;
    }
}
