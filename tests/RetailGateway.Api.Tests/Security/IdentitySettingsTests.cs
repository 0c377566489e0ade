using System.Net;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Security;

/// <summary>Outside Development the gateway starts only with complete Entra ID settings; Development keeps <c>dotnet user-jwts</c>.</summary>
public sealed class IdentitySettingsTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    // Not "dotnet-user-jwts": a developer's own user secrets may hold a key for that issuer, and the
    // JWT bearer handler allows one key per issuer.
    private const string DevelopmentIssuer = "dotnet-user-jwts-tests";
    private const string DevelopmentAudience = "http://127.0.0.1:5080";
    private static readonly byte[] DevelopmentKey = Encoding.ASCII.GetBytes("a-development-signing-key-of-at-least-256-bits");

    [Theory]
    [InlineData("AzureAd:Instance")]
    [InlineData("AzureAd:TenantId")]
    [InlineData("AzureAd:ClientId")]
    public async Task OutsideDevelopment_AMissingIdentitySetting_StopsTheStartAndIsNamed(string setting)
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?> { [setting] = null }));
        Assert.NotNull(error);
        Assert.Contains($"{setting} is required", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("common")]
    [InlineData("organizations")]
    public async Task OutsideDevelopment_ATenantIndependentEndpoint_StopsTheStart(string tenant)
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?> { ["AzureAd:TenantId"] = tenant }));
        Assert.NotNull(error);
        Assert.Contains("AzureAd:TenantId must name one tenant", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideDevelopment_DevelopmentTokenSettings_StopTheStart()
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(DevelopmentTokenSettings()));
        Assert.NotNull(error);
        Assert.Contains("Authentication:Schemes:Bearer holds development token settings", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopment_UserJwtsTokensAreAccepted_AndNoIdentitySettingsAreNeeded()
    {
        var settings = DevelopmentTokenSettings();
        settings["AzureAd:Instance"] = null;
        settings["AzureAd:TenantId"] = null;
        settings["AzureAd:ClientId"] = null;
        await using var development = await gateway.StartInstanceAsync(settings, environment: "Development");

        var userJwt = GatewayFixture.Token(
            ["Stock.Read"],
            audience: DevelopmentAudience,
            issuer: DevelopmentIssuer,
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(DevelopmentKey), SecurityAlgorithms.HmacSha256));
        await (await development.ClientWithToken(userJwt).GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        var unsigned = await development.ClientWithToken(userJwt[..userJwt.LastIndexOf('.')] + ".c2lnbmF0dXJl").GetAsync("/api/v1/stock/DESK0005");
        await unsigned.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    /// <summary>What <c>dotnet user-jwts</c> writes (appsettings.Development.json and user secrets), for a test issuer.</summary>
    private static Dictionary<string, string?> DevelopmentTokenSettings() => new()
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = DevelopmentIssuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = DevelopmentAudience,
        ["Authentication:Schemes:Bearer:SigningKeys:1:Issuer"] = DevelopmentIssuer,
        ["Authentication:Schemes:Bearer:SigningKeys:1:Value"] = Convert.ToBase64String(DevelopmentKey),
    };
}
