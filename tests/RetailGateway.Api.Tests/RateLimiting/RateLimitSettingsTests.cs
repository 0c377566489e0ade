using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.RateLimiting;

/// <summary>A budget that could not work (no tokens, no refill) stops the start, whether it is a default or a client's override.</summary>
public sealed class RateLimitSettingsTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    [Theory]
    [InlineData("RateLimits:Read:TokenLimit", "0")]
    [InlineData("RateLimits:Write:TokensPerPeriod", "0")]
    [InlineData("RateLimits:Write:ReplenishmentPeriod", "00:00:00")]
    public async Task AnUnusableDefaultBudget_StopsTheStart_AndIsNamed(string setting, string value)
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?> { [setting] = value }));
        Assert.NotNull(error);
        Assert.Contains(setting.Split(':')[^1], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnusableClientOverride_StopsTheStart()
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Clients:sf-org-prod:Write:TokenLimit"] = "100",
            ["RateLimits:Clients:sf-org-prod:Write:TokensPerPeriod"] = "0",
            ["RateLimits:Clients:sf-org-prod:Write:ReplenishmentPeriod"] = "00:00:01",
        }));
        Assert.NotNull(error);
        Assert.Contains("Every RateLimits:Clients budget needs", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkingClientOverride_Starts_AndIsThatClientsBudget()
    {
        await using var instance = await gateway.StartInstanceAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Clients:sf-org-prod:Read:TokenLimit"] = "1000",
            ["RateLimits:Clients:sf-org-prod:Read:TokensPerPeriod"] = "50",
            ["RateLimits:Clients:sf-org-prod:Read:ReplenishmentPeriod"] = "00:00:01",
        });

        var response = await instance.ClientFor("sf-org-prod", "Stock.Read").GetAsync("/api/v1/stock/DESK0005");
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"read\";q=1000;w=20", response.Headers.GetValues("RateLimit-Policy").Single());
    }
}
