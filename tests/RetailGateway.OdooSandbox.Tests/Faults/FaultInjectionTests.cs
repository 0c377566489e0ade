using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Faults;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task QueuedFaults_HitTheNextRequestsInOrder_ThenServiceResumes()
    {
        await using var sandbox = await Sandbox.Start(17);
        sandbox.Server.Faults.Enqueue(SandboxFaultKind.ServiceUnavailable);
        sandbox.Server.Faults.Enqueue(SandboxFaultKind.BadGateway);
        sandbox.Server.Faults.Enqueue(SandboxFaultKind.MalformedJson);

        using var unavailable = await Version(sandbox);
        using var badGateway = await Version(sandbox);
        using var malformed = await Version(sandbox);
        using var healthy = await Version(sandbox);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("text/html", unavailable.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadGateway, badGateway.StatusCode);
        Assert.Contains("nginx", await badGateway.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        await Assert.ThrowsAnyAsync<JsonException>(async () => JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(0, sandbox.Server.Faults.Pending);
    }

    [Fact]
    public async Task ConnectionAbort_ResetsTheConnectionWithoutAnAnswer()
    {
        await using var sandbox = await Sandbox.Start(19);
        sandbox.Server.Faults.Enqueue(SandboxFaultKind.ConnectionAbort);

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Http.GetAsync(new Uri("web/version", UriKind.Relative)));
    }

    [Fact]
    public async Task DelayFaultAndLatency_SlowAnswersDown()
    {
        await using var sandbox = await Sandbox.Start(17, o => o.Latency = TimeSpan.FromMilliseconds(100));
        sandbox.Server.Faults.Enqueue(new SandboxFault(SandboxFaultKind.Delay, TimeSpan.FromMilliseconds(200)));

        var watch = Stopwatch.StartNew();
        using var response = await Version(sandbox);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task FaultRate_FailsEveryRequestAtFullRate_UntilCleared()
    {
        await using var sandbox = await Sandbox.Start(17);
        sandbox.Server.Faults.SetRate(SandboxFaultKind.ServiceUnavailable, 1.0);

        using var failed = await Version(sandbox);
        sandbox.Server.Faults.Clear();
        using var healthy = await Version(sandbox);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Calls_CountModelMethodsUntilReset()
    {
        await using var sandbox = await Sandbox.Start(17);

        await sandbox.Call("res.partner", "search_count", [new System.Text.Json.Nodes.JsonArray()]);
        await sandbox.Call("res.partner", "search_count", [new System.Text.Json.Nodes.JsonArray()]);
        await sandbox.Call("sale.order", "search", [new System.Text.Json.Nodes.JsonArray()]);

        Assert.Equal(2, sandbox.Server.Calls.Count("res.partner", "search_count"));
        Assert.Equal(3, sandbox.Server.Calls.Total);
        sandbox.Server.Calls.Reset();
        Assert.Equal(0, sandbox.Server.Calls.Total);
    }

    private static Task<HttpResponseMessage> Version(Sandbox sandbox) => sandbox.Http.GetAsync(new Uri("web/version", UriKind.Relative));
}
