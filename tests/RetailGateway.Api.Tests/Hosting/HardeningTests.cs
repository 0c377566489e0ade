using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>What the gateway does not give away or accept, as it runs outside Development.</summary>
public sealed class HardeningTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    [Fact]
    public async Task Responses_CarryNoServerBanner()
    {
        var responses = new[]
        {
            await gateway.AnonymousClient().GetAsync("/health/live"),
            await gateway.AnonymousClient().GetAsync("/api/v1/stock/DESK0005"),
            await gateway.Client("Stock.Read").GetAsync("/api/v1/stock/DESK0005"),
            await gateway.Client("Stock.Read").GetAsync("/no/such/path"),
        };
        Assert.All(responses, response => Assert.Empty(response.Headers.Server));
    }

    [Fact]
    public async Task SwaggerUi_IsNotServed_ButTheOpenApiDocumentIs()
    {
        var client = gateway.AnonymousClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger/index.html")).StatusCode);
        var bare = await client.GetAsync("/swagger");
        Assert.Equal(HttpStatusCode.NotFound, bare.StatusCode);
        Assert.Null(bare.Headers.Location);
        var document = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"openapi\": \"3.0", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopment_SwaggerUi_IsServed()
    {
        await using var development = await gateway.StartInstanceAsync(
            new Dictionary<string, string?> { ["AzureAd:Instance"] = null, ["AzureAd:TenantId"] = null, ["AzureAd:ClientId"] = null },
            environment: "Development");
        Assert.Equal(HttpStatusCode.OK, (await development.AnonymousClient().GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task JsonNestedDeeperThan32_Is400_AndWritesNothing()
    {
        var client = gateway.Client("Customers.Write");
        var calls = gateway.Sandbox.Calls.Total;
        var response = await client.PostRawAsync("/api/v1/customers", Nested(40));
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(calls, gateway.Sandbox.Calls.Total);
    }

    [Fact]
    public async Task JsonWithinTheDepthLimit_IsRead()
    {
        var response = await gateway.Client("Customers.Write").PostRawAsync("/api/v1/customers", Nested(20));
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnUnexpectedFailure_Is500WithoutStackTraceOrMessage()
    {
        await using var failing = await gateway.StartInstanceAsync(services: services =>
            services.AddSingleton(DispatchProxy.Create<IOdooClient, ThrowingOdooClient>()));

        var response = await failing.Client("Stock.Read").GetAsync("/api/v1/stock/DESK0005");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        var text = problem.ToJsonString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
    }

    /// <summary>A customer whose unknown member nests <paramref name="depth"/> objects deep (the body itself is one more).</summary>
    private static string Nested(int depth)
    {
        var body = new StringBuilder("""{"name":"Deep Co","extension":""");
        body.Insert(body.Length, """{"a":""", depth - 1).Append('1').Append('}', depth - 1).Append('}');
        return body.ToString();
    }

    /// <summary>An Odoo client with a bug: every call throws an exception the gateway does not know.</summary>
    public class ThrowingOdooClient : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException("Connection failed: Host=odoo-db;Password=hunter2");
    }
}
