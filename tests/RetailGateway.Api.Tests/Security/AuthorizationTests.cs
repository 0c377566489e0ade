using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Security;

/// <summary>
/// Every operation × {no token, bad tokens, wrong permission, right permission}, through
/// Microsoft.Identity.Web against the local Entra ID stand-in.
/// </summary>
public sealed class AuthorizationTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    /// <summary>Each v1 operation, and each operation only v2 has, with the permission it needs and a body that passes validation.</summary>
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
        { "GET", "/api/v2/products/DESK0005", "Products.Read", null },
        { "GET", "/api/v2/products?limit=1", "Products.Read", null },
        { "GET", "/api/v2/products/changes?limit=1", "Products.Read", null },
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

    /// <summary>Tokens the gateway must refuse, whatever permission they carry, each with what is wrong with it.</summary>
    private static IEnumerable<(string Kind, string Token)> BadTokens(string permission)
    {
        var now = DateTime.UtcNow;
        yield return ("not a JWT", "not-a-jwt");
        yield return ("expired", GatewayFixture.Token([permission], expires: now.AddMinutes(-10)));
        yield return ("not yet valid", GatewayFixture.Token([permission], notBefore: now.AddMinutes(30), expires: now.AddHours(2)));
        yield return ("signed by another key with the tenant key's id", GatewayFixture.Token([permission], signingCredentials: ForeignKey(EntraIdStandIn.Shared.SigningKey.KeyId)));
        yield return ("signed by an unknown key", GatewayFixture.Token([permission], signingCredentials: ForeignKey("unknown-key")));
        yield return ("wrong issuer", GatewayFixture.Token([permission], issuer: $"https://evil.example/{EntraIdStandIn.TenantId}/v2.0"));
        yield return ("another tenant", GatewayFixture.Token([permission], tenantId: "9a1e7c3d-2b4f-4e6a-8c0d-1f3b5a7c9e21"));
        yield return ("issuer of the tenant, tid of another", GatewayFixture.Token([permission], issuer: GatewayFixture.Issuer, tenantId: "9a1e7c3d-2b4f-4e6a-8c0d-1f3b5a7c9e21"));
        yield return ("wrong audience", GatewayFixture.Token([permission], audience: "api://someone-else"));
        yield return ("alg none", Unsigned(GatewayFixture.Token([permission])));
        yield return ("development token (dotnet user-jwts)", GatewayFixture.Token(
            [permission],
            issuer: "dotnet-user-jwts",
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.ASCII.GetBytes("a-development-signing-key-of-at-least-256-bits")), SecurityAlgorithms.HmacSha256)));
    }

    private static SigningCredentials ForeignKey(string keyId) =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string token)
    {
        var payload = token.Split('.')[1];
        return Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + payload + ".";
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithBadTokens_Is401WithAChallengeAndTouchesNoOdoo(string method, string url, string permission, string? body)
    {
        var calls = gateway.Sandbox.Calls.Total;
        foreach (var (kind, token) in BadTokens(permission))
        {
            var response = await gateway.ClientWithToken(token).SendAsync(Request(method, url, body));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: {(int)response.StatusCode}");
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        Assert.Equal(calls, gateway.Sandbox.Calls.Total);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithOtherPermissions_Is403AndTouchesNoOdoo(string method, string url, string permission, string? body)
    {
        var others = new[] { "Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read", "Products.Read", "Gateway.Operate", "Metrics.Read" }
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

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task WithAValidTokenWithoutAnyRoleOrScope_Is403(string method, string url, string permission, string? body)
    {
        _ = permission;
        var response = await gateway.ClientWithToken(GatewayFixture.Token([])).SendAsync(Request(method, url, body));
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Tokens_AreValidatedAgainstTheTenantsPublishedKeys()
    {
        var response = await gateway.Client("Stock.Read").GetAsync("/api/v1/stock/DESK0005");
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.True(EntraIdStandIn.Shared.MetadataRequests > 0, "The gateway never fetched the tenant's OpenID configuration.");
    }

    [Fact]
    public async Task HealthEndpoints_NeedNoToken()
    {
        var client = gateway.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
