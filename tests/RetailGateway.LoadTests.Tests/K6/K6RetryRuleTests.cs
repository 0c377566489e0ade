using System.Text.Json;

namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>
/// Which failed runs are tried again: thresholds on time, and failed requests that were all load refusals (503 with
/// Retry-After, 504), which a stall of the build machine produces; never a run with any other failed answer.
/// </summary>
public sealed class K6RetryRuleTests
{
    [Fact]
    public void ARunThatFailedOnlyALatency_IsTriedAgain() =>
        Assert.True(Run(failed: ["http_req_duration{kind:stock_batch}"], failedRequests: 0, failedChecks: 0, loadRefusals: 0).FailedOnlyOnTime);

    [Fact]
    public void ARunWhoseFailedRequestsWereAllLoadRefusals_IsTriedAgain() =>
        Assert.True(Run(failed: ["http_req_failed{kind:stock_batch}", "checks", "http_req_duration{kind:order_read}"], failedRequests: 2, failedChecks: 2, loadRefusals: 2).FailedOnlyOnTime);

    [Fact]
    public void ARunWithAFailedRequestThatWasNotALoadRefusal_IsNot() =>
        Assert.False(Run(failed: ["http_req_failed{kind:stock_batch}", "checks"], failedRequests: 3, failedChecks: 3, loadRefusals: 2).FailedOnlyOnTime);

    [Fact]
    public void ARunOfAScenarioThatCountsNoLoadRefusals_IsNotTriedAgainForFailedRequests() =>
        Assert.False(Run(failed: ["http_req_failed"], failedRequests: 1, failedChecks: 0, loadRefusals: null).FailedOnlyOnTime);

    [Fact]
    public void ARunThatFailedAnotherThreshold_IsNot() =>
        Assert.False(Run(failed: ["orders_exactly_once", "http_req_duration"], failedRequests: 0, failedChecks: 0, loadRefusals: 0).FailedOnlyOnTime);

    /// <summary>A run as k6's JSON summary describes it: the named thresholds failed, with these counts.</summary>
    private static K6Run Run(string[] failed, int failedRequests, int failedChecks, int? loadRefusals)
    {
        var metrics = failed.ToDictionary(name => name, _ => (object)new { values = new { }, thresholds = new Dictionary<string, object> { ["rate<0.01"] = new { ok = false } } });
        metrics["http_req_failed"] = Merge(metrics.GetValueOrDefault("http_req_failed") ?? new { values = new { } }, new { passes = failedRequests });
        metrics["checks"] = Merge(metrics.GetValueOrDefault("checks") ?? new { values = new { } }, new { fails = failedChecks });
        if (loadRefusals is { } count)
        {
            metrics["load_refusals"] = new { values = new { count } };
        }

        return new K6Run(K6Run.ThresholdsFailed, "", JsonDocument.Parse(JsonSerializer.Serialize(new { metrics })));
    }

    /// <summary>A metric with these values and, when it had them, its failed thresholds.</summary>
    private static object Merge(object metric, object values)
    {
        var element = JsonSerializer.SerializeToElement(metric);
        return element.TryGetProperty("thresholds", out var thresholds)
            ? new { values, thresholds }
            : new { values };
    }
}
