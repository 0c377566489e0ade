using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Observability;

/// <summary>
/// <c>/metrics</c> names routes, Odoo models and methods and exception types: only a token with <c>Metrics.Read</c>
/// (the scraper's) reads it. The health endpoints stay anonymous and so say nothing an attacker could use.
/// </summary>
public sealed class HousekeepingAccessTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    [Fact]
    public async Task Metrics_WithoutAToken_Is401WithABearerChallenge()
    {
        using var response = await gateway.AnonymousClient().GetAsync("/metrics");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task Metrics_WithEveryOtherPermission_Is403()
    {
        using var client = gateway.Client("Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read", "Gateway.Operate");

        using var response = await client.GetAsync("/metrics");

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Metrics_WithMetricsRead_IsThePrometheusPage()
    {
        using var client = gateway.Client("Metrics.Read");

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ToAnonymousCallers_NamesNoVersionProtocolModelOrException()
    {
        using var client = gateway.AnonymousClient();

        var live = await (await client.GetAsync("/health/live")).Content.ReadAsStringAsync();
        var ready = (await (await client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK)).ToJsonString();

        Assert.Equal("Healthy", live);
        foreach (var secret in new[] { "17.0", "JsonRpc", "Json2", "stock.warehouse", "res.partner", "sale.order", "Exception" })
        {
            Assert.DoesNotContain(secret, ready, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Health_WhenACheckThrows_DescribesItAsFailedWithoutTheException()
    {
        await using var instance = await gateway.StartInstanceAsync(services: services => services.AddHealthChecks()
            .AddCheck("faulty", (Func<HealthCheckResult>)(() => throw new InvalidOperationException("res.partner read failed at odoo.internal:8069")), tags: ["ready"]));

        var ready = await (await instance.AnonymousClient().GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.ServiceUnavailable);

        var faulty = ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "faulty")!;
        Assert.Equal("Unhealthy", faulty["status"]!.GetValue<string>());
        var text = ready.ToJsonString();
        Assert.DoesNotContain("res.partner", text, StringComparison.Ordinal);
        Assert.DoesNotContain("odoo.internal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", text, StringComparison.Ordinal);
    }
}
