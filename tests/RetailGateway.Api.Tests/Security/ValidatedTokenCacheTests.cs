using System.Buffers.Text;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.IdentityModel.Tokens;
using RetailGateway.Api.Security;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Security;

/// <summary>
/// A validated token is remembered by its hash, and the cache never lets through what validation
/// would refuse: an expired token, another token, an altered token. Through the real host, with
/// Microsoft.Identity.Web (Production) and with development tokens.
/// </summary>
public sealed class ValidatedTokenCacheTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private const string StockUrl = "/api/v1/stock/DESK0005";
    private const string DevelopmentIssuer = "dotnet-user-jwts-cache-tests";
    private const string DevelopmentAudience = "http://127.0.0.1:5080";
    private static readonly byte[] DevelopmentKey = Encoding.ASCII.GetBytes("another-development-signing-key-of-256-bits");

    [Fact]
    public async Task ARepeatedToken_IsValidatedOnce_ThenServedFromTheCache()
    {
        using var lookups = Lookups(gateway.Gateway);
        using var client = gateway.Gateway.ClientWithToken(GatewayFixture.Token(["Stock.Read"]));

        for (var i = 0; i < 3; i++)
        {
            await (await client.GetAsync(StockUrl)).ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal(1, Count(lookups, "miss"));
        Assert.Equal(2, Count(lookups, "hit"));
    }

    /// <summary>
    /// A cached token's principal is shared by every request that sends the token, which is safe only while nothing
    /// changes a principal after validation: no claims transformation may be registered.
    /// </summary>
    [Fact]
    public void NoClaimsTransformation_ChangesTheSharedPrincipal()
    {
        var transformation = gateway.Gateway.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IClaimsTransformation>();

        Assert.IsType<Microsoft.AspNetCore.Authentication.NoopClaimsTransformation>(transformation);
    }

    [Fact]
    public void TheKey_IsTheTokensSha256_AndATokenDifferingInItsLastCharacterIsHashedAnew()
    {
        var token = GatewayFixture.Token(["Stock.Read"]);
        var altered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var expected = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(altered));

        var first = ValidatedTokenCache.Key(token);
        var again = ValidatedTokenCache.Key(token);
        var other = ValidatedTokenCache.Key(altered);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(
            new TokenHash(System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(expected), System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(expected.AsSpan(16))),
            other);
    }

    [Fact]
    public void NoRequest_KeepsACopyOfTheCallersToken()
    {
        // Odoo is called with the gateway's own key; the caller's token is never sent on. Microsoft.Identity.Web here,
        // the development handler below.
        var options = gateway.Gateway.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<JwtBearerOptions>>();

        Assert.False(options.Get(JwtBearerDefaults.AuthenticationScheme).SaveToken);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused_EvenThoughItIsCached()
    {
        // No clock skew, so that validation itself refuses the token the moment it expires.
        await using var strict = await gateway.StartInstanceAsync(services: services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.TokenValidationParameters.ClockSkew = TimeSpan.Zero));
        using var lookups = Lookups(strict);
        var expires = DateTime.UtcNow.AddSeconds(3);
        using var client = strict.ClientWithToken(GatewayFixture.Token(["Stock.Read"], expires: expires));
        await (await client.GetAsync(StockUrl)).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync(StockUrl)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, Count(lookups, "hit"));

        // exp is whole seconds: wait past it.
        await Task.Delay(expires.AddSeconds(1.5) - DateTime.UtcNow);

        await (await client.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(1, Count(lookups, "hit"));
    }

    [Fact]
    public async Task AnotherToken_IsNotConfusedWithACachedOne()
    {
        using var stockReader = gateway.Gateway.ClientWithToken(GatewayFixture.Token(["Stock.Read"], clientId: "sf-stock"));
        using var orderReader = gateway.Gateway.ClientWithToken(GatewayFixture.Token(["Orders.Read"], clientId: "sf-stock"));

        for (var i = 0; i < 2; i++)
        {
            await (await stockReader.GetAsync(StockUrl)).ExpectAsync(HttpStatusCode.OK);
            await (await orderReader.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task ATamperedToken_IsRefused_WhileTheGenuineOneIsCached()
    {
        using var lookups = Lookups(gateway.Gateway);
        var genuine = GatewayFixture.Token(["Orders.Read"]);
        using var client = gateway.Gateway.ClientWithToken(genuine);
        await (await client.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1, Count(lookups, "hit"));

        using var elevated = gateway.Gateway.ClientWithToken(WithRoles(genuine, "Stock.Read"));
        await (await elevated.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var resigned = gateway.Gateway.ClientWithToken(genuine[..^4] + (genuine[^4..] == "AAAA" ? "BBBB" : "AAAA"));
        await (await resigned.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(1, Count(lookups, "hit"));
    }

    [Fact]
    public async Task InDevelopment_UserJwtsTokensAreCachedToo_AndATamperedOneIsRefused()
    {
        await using var development = await gateway.StartInstanceAsync(
            new Dictionary<string, string?>
            {
                ["AzureAd:Instance"] = null,
                ["AzureAd:TenantId"] = null,
                ["AzureAd:ClientId"] = null,
                ["Authentication:Schemes:Bearer:ValidIssuer"] = DevelopmentIssuer,
                ["Authentication:Schemes:Bearer:ValidAudiences:0"] = DevelopmentAudience,
                ["Authentication:Schemes:Bearer:SigningKeys:1:Issuer"] = DevelopmentIssuer,
                ["Authentication:Schemes:Bearer:SigningKeys:1:Value"] = Convert.ToBase64String(DevelopmentKey),
            },
            environment: "Development");
        Assert.False(development.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).SaveToken);
        using var lookups = Lookups(development);
        var userJwt = GatewayFixture.Token(
            ["Orders.Read"],
            audience: DevelopmentAudience,
            issuer: DevelopmentIssuer,
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(DevelopmentKey), SecurityAlgorithms.HmacSha256));
        using var client = development.ClientWithToken(userJwt);

        await (await client.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1, Count(lookups, "hit"));

        using var elevated = development.ClientWithToken(WithRoles(userJwt, "Stock.Read"));
        await (await elevated.GetAsync(StockUrl)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private static MetricCollector<long> Lookups(GatewayInstance instance) =>
        new(instance.Services.GetRequiredService<IMeterFactory>(), ValidatedTokenCache.MeterName, "retailgateway.auth.token_cache.lookups");

    private static long Count(MetricCollector<long> lookups, string result) =>
        lookups.GetMeasurementSnapshot().Where(m => Equals(m.Tags["result"], result)).Sum(m => m.Value);

    /// <summary>The same token with other roles in its payload, and the original signature.</summary>
    private static string WithRoles(string token, params string[] roles)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        payload["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]);
        parts[1] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return string.Join('.', parts);
    }
}
