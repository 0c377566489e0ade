using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Observability;

/// <summary>Traces, correlation ids and the Prometheus endpoint through the real host.</summary>
public sealed class ObservabilityTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private const string CorrelationHeader = "X-Correlation-Id";

    [Fact]
    public async Task Metrics_AfterARequest_ServePrometheusTextWithOdooCallsHttpAndRuntime()
    {
        await (await gateway.Client("Stock.Read").GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);

        var scrape = await gateway.Gateway.ScrapeUntilAsync("retailgateway_odoo_client_calls_total{");

        Assert.Contains("retailgateway_odoo_client_call_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Contains("odoo_model=\"product.product\"", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AnInstrumentPastItsSeriesLimit_CountsTheRestInOneOverflowSeries()
    {
        // The same meter the gateway's instruments use; the SDK would otherwise hold 2,000 series per instrument.
        var meter = gateway.Gateway.Services.GetRequiredService<IMeterFactory>().Create(ObservabilitySetup.GatewayMeterName);
        var counter = meter.CreateCounter<long>("retailgateway.test.series");
        for (var i = 0; i < 600; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("n", i.ToString(CultureInfo.InvariantCulture)));
        }

        var overflow = await gateway.Gateway.SampleAsync("retailgateway_test_series_total", "otel_metric_overflow=\"true\"");
        var scrape = await gateway.Gateway.ScrapeUntilAsync("retailgateway_test_series_total{otel_scope_name=\"RetailGateway.Api\",otel_metric_overflow=\"true\"}");

        Assert.InRange(overflow, 100, 600);
        Assert.DoesNotContain("n=\"599\"", scrape, StringComparison.Ordinal);
        Assert.InRange(scrape.Split('\n').Count(line => line.StartsWith("retailgateway_test_series_total{", StringComparison.Ordinal) && line.Contains(",n=", StringComparison.Ordinal)), 400, 500);
    }

    [Fact]
    public async Task IncomingTraceparent_IsTheCorrelationId_OfTheResponseAndTheProblem()
    {
        var trace = ActivityTraceId.CreateRandom();
        var traceId = trace.ToHexString();
        using var client = gateway.Client("Orders.Read");

        var response = await InTraceAsync(trace, () => client.GetAsync("/api/v1/orders/99999999"));

        Assert.Equal(traceId, Assert.Single(response.Headers.GetValues(CorrelationHeader)));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains(traceId, problem["traceId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrite_CarriesItsCorrelationId_IntoTheAuditEvent()
    {
        var clientId = TestApi.Unique("sf-trace-");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers")
        {
            Content = JsonContent.Create(new { salesforceId = TestApi.Unique("001"), name = "Trace Co" }),
        };

        using var client = gateway.Gateway.ClientFor(clientId, "Customers.Write");
        var response = await client.SendAsync(request);
        await response.ExpectAsync(HttpStatusCode.Created);

        var correlationId = Assert.Single(response.Headers.GetValues(CorrelationHeader));
        Assert.Matches("^[0-9a-f]{32}$", correlationId);
        var audit = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == "RetailGateway.Audit" && r["ClientId"] == clientId);
        Assert.Contains(correlationId, audit["TraceId"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestsOdooCalls_AreSpansOfItsTrace()
    {
        using var client = gateway.Client("Stock.Read");
        // The first request of a fresh gateway also fetches the identity provider's keys; not this one.
        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        var traceId = ActivityTraceId.CreateRandom();
        var odooSpans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // The caller's own outgoing span is in the trace too; the Odoo calls are the ones to the sandbox.
            if (activity.TraceId == traceId && activity.GetTagItem("url.full") is string url && !url.StartsWith(gateway.BaseAddress.ToString(), StringComparison.Ordinal))
                {
                    odooSpans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await (await InTraceAsync(traceId, () => client.GetAsync("/api/v1/stock/DESK0006"))).ExpectAsync(HttpStatusCode.OK);

        Assert.NotEmpty(odooSpans);
        Assert.All(odooSpans, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.StartsWith(gateway.Sandbox.BaseAddress.ToString(), span.GetTagItem("url.full") as string, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// Runs <paramref name="send"/> inside a caller's trace <paramref name="traceId"/>, as Salesforce's
    /// callout does: the request goes out with a <c>traceparent</c> of that trace. (In this process the
    /// gateway's HTTP instrumentation writes <c>traceparent</c> on every outgoing request, so the test
    /// sets the caller's trace rather than the header.)
    /// </summary>
    private static async Task<HttpResponseMessage> InTraceAsync(ActivityTraceId traceId, Func<Task<HttpResponseMessage>> send)
    {
        using var caller = new Activity("Salesforce callout").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var response = await send();
        var sent = Assert.Single(response.RequestMessage!.Headers.GetValues("traceparent"));
        Assert.StartsWith($"00-{traceId.ToHexString()}-", sent, StringComparison.Ordinal);
        return response;
    }
}
