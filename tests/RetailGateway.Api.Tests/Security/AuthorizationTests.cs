using System.Net;
using System.Text;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Security;

/// <summary>Every operation × {no token, bad tokens, wrong permission, right permission}.</summary>
public sealed class AuthorizationTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    /// <summary>Each v1 operation with the permission it needs and a body that passes validation.</summary>
    public static TheoryData<string, string, string, string?> Operations => new()
    {
        { "POST", "/api/v1/customers", "Customers.Write", """{"name":"Auth Co"}""" },
        { "GET", "/api/v1/customers/1", "Customers.Read", null },
        { "GET", "/api/v1/customers?limit=1", "Customers.Read", null },
        { "PATCH", "/api/v1/customers/1", "Customers.Write", """{"phone":"+1 555 0100"}""" },
        { "PUT", "/api/v1/customers/by-salesforce-id/001AUTHTEST", "Customers.Write", """{"name":"Auth Co"}""" },
        { "POST", "/api/v1/orders", "Orders.Write", """{"salesforceId":"801AUTH","customerId":"99999999","lines":[{"sku":"DESK0005","quantity":1}]}""" },
        { "GET", "/api/v1/orders/1", "Orders.Read", null },
        { "GET", "/api/v1/orders?limit=1", "Orders.Read", null },
        { "POST", "/api/v1/orders/99999999/cancel", "Orders.Write", null },
        { "GET", "/api/v1/stock/DESK0005", "Stock.Read", null },
        { "GET", "/api/v1/stock?skus=DESK0005", "Stock.Read", null },
        { "GET", "/api/v1/invoices/1", "Invoices.Read", null },
        { "GET", "/api/v1/invoices?limit=1", "Invoices.Read", null },
    };

    private static HttpRequestMessage Request(string method, string url, string? body) => new(new HttpMethod(method), url)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithoutAToken_Is401WithAChallenge(string method, string url, string permission, string? body)
    {
        _ = permission;
        var response = await gateway.AnonymousClient().SendAsync(Request(method, url, body));
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithBadTokens_Is401(string method, string url, string permission, string? body)
    {
        string[] badTokens =
        [
            "not-a-jwt",
            GatewayFixture.Token([permission], expires: DateTime.UtcNow.AddMinutes(-5)),
            GatewayFixture.Token([permission], audience: "api://someone-else"),
            GatewayFixture.Token([permission], issuer: "https://evil.example/"),
            GatewayFixture.Token([permission], key: Encoding.ASCII.GetBytes("a-different-key-that-is-also-long-enough-for-hs256")),
        ];
        foreach (var token in badTokens)
        {
            var response = await gateway.ClientWithToken(token).SendAsync(Request(method, url, body));
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithOtherPermissions_Is403AndTouchesNoOdoo(string method, string url, string permission, string? body)
    {
        var others = new[] { "Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read", "Gateway.Operate" }
            .Where(p => p != permission)
            .ToArray();
        var calls = gateway.Sandbox.Calls.Total;
        var response = await gateway.Client(others).SendAsync(Request(method, url, body));
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(calls, gateway.Sandbox.Calls.Total);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithThePermission_AsAppRoleOrDelegatedScope_IsAllowed(string method, string url, string permission, string? body)
    {
        var asRole = await gateway.Client(permission).SendAsync(Request(method, url, body));
        var asScope = await gateway.ClientWithToken(GatewayFixture.Token([], scope: "openid " + permission)).SendAsync(Request(method, url, body));
        foreach (var response in new[] { asRole, asScope })
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task HealthEndpoints_NeedNoToken()
    {
        var client = gateway.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
