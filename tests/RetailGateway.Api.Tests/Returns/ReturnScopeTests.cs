using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Scopes;

namespace RetailGateway.Api.Tests.Returns;

/// <summary>
/// Returns under data scopes: a partner app reaches only returns of orders in its scope; another partner's return,
/// and a return of another partner's order, are 404 exactly as missing ones, and its lists and feed leave them out.
/// </summary>
public abstract class ReturnScopeTests(ScopedGateway gateway)
{
    [Fact]
    public async Task AnotherPartnersReturn_Is404_AndNeverListed_WhileItsOwnerAndTheFullClientSeeIt()
    {
        var world = await gateway.WorldAsync();
        var acme = gateway.As(ScopedGateway.Acme);
        var globex = gateway.As(ScopedGateway.Globex);
        var returnId = world.Acme.Return;
        var order = world.Acme.OrderV2;
        var creates = gateway.Sandbox.Calls.Creates("stock.return.picking");
        var validations = gateway.Sandbox.Calls.Count("stock.picking", "button_validate");

        await (await acme.GetAsync($"/api/v2/returns/{returnId}")).ExpectAsync(HttpStatusCode.OK);
        await (await gateway.As(ScopedGateway.Retail).GetAsync($"/api/v2/returns/{returnId}")).ExpectAsync(HttpStatusCode.OK);
        var hidden = await (await globex.GetAsync($"/api/v2/returns/{returnId}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(ScopedGateway.Acme, hidden.ToJsonString(), StringComparison.Ordinal);
        await (await globex.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        var body = new { salesforceId = TestApi.Unique("500"), reason = "Damaged", lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };
        await (await globex.SubmitOrderAsync(body, path: $"/api/v2/orders/{order}/returns")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Empty(await globex.ReadAllPagesAsync($"/api/v2/returns?orderId={order}", 50, "returnId"));
        Assert.DoesNotContain(returnId, await globex.ReadAllPagesAsync("/api/v2/returns", 200, "returnId"));
        Assert.Contains(returnId, await acme.ReadAllPagesAsync("/api/v2/returns", 200, "returnId"));
        Assert.Contains(world.Globex.Return, await globex.ReadAllPagesAsync("/api/v2/returns", 200, "returnId"));
        var feed = await (await globex.GetAsync("/api/v2/returns/changes?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(feed["items"]!.AsArray(), r => r!["returnId"]!.GetValue<string>() == returnId);
        // Its owner's feed hands it out once its second has settled (one second here).
        var handedOut = false;
        for (var attempt = 0; attempt < 50 && !handedOut; attempt++)
        {
            var ownFeed = await (await acme.GetAsync("/api/v2/returns/changes?limit=200")).ExpectAsync(HttpStatusCode.OK);
            handedOut = ownFeed["items"]!.AsArray().Any(r => r!["returnId"]!.GetValue<string>() == returnId);
            await Task.Delay(handedOut ? 0 : 200);
        }

        Assert.True(handedOut, "The owner's return feed never handed out its return.");
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("stock.return.picking"));
        Assert.Equal(validations, gateway.Sandbox.Calls.Count("stock.picking", "button_validate"));
    }
}

public sealed class ReturnScopeOverJsonRpc(ScopedJsonRpcGateway gateway) : ReturnScopeTests(gateway), IClassFixture<ScopedJsonRpcGateway>;

public sealed class ReturnScopeOverJson2(ScopedJson2Gateway gateway) : ReturnScopeTests(gateway), IClassFixture<ScopedJson2Gateway>;
