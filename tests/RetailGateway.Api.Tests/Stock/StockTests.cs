using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Stock;

/// <summary>Stock endpoints through the real host, against the sandbox over each Odoo protocol.</summary>
public abstract class StockTests(GatewayFixture gateway)
{
    // A SKU no other test orders, so its figures are the ones set here.
    private const string Sku = "FURN_2333";
    private readonly HttpClient _client = gateway.Client("Stock.Read");

    [Fact]
    public async Task GetOneSku_ReturnsAllWarehousesOrOne()
    {
        gateway.Sandbox.Data.SetStock(Sku, "WH", 40);
        gateway.Sandbox.Data.SetStock(Sku, "CHIC1", 7);

        var all = await (await _client.GetAsync($"/api/v1/stock/{Sku}")).ExpectAsync(HttpStatusCode.OK);
        var wh = await (await _client.GetAsync($"/api/v1/stock/{Sku}?warehouse=WH")).ExpectAsync(HttpStatusCode.OK);
        var chicago = await (await _client.GetAsync($"/api/v1/stock/{Sku}?warehouse=chic1")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Sku, all["sku"]!.GetValue<string>());
        Assert.Equal("Standing Desk Mat", all["name"]!.GetValue<string>());
        Assert.Null(all["warehouseCode"]);
        Assert.Equal(47m, all["onHand"]!.GetValue<decimal>());
        Assert.Equal(40m, wh["onHand"]!.GetValue<decimal>());
        Assert.Equal("WH", wh["warehouseCode"]!.GetValue<string>());
        Assert.Equal(7m, chicago["onHand"]!.GetValue<decimal>());
        Assert.Equal("CHIC1", chicago["warehouseCode"]!.GetValue<string>());
        foreach (var level in new[] { all, wh, chicago })
        {
            Assert.Equal(level["onHand"]!.GetValue<decimal>(), level["available"]!.GetValue<decimal>());
            Assert.Equal(0m, level["outgoing"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public async Task GetOneSku_Unknown_Is404()
    {
        await (await _client.GetAsync("/api/v1/stock/NO-SUCH-SKU")).ExpectProblemAsync(HttpStatusCode.NotFound, "unknown_sku");
    }

    [Fact]
    public async Task Batch_ReturnsKnownSkusInRequestOrder_AndListsUnknownOnes_InOneOdooCall()
    {
        await _client.GetAsync("/api/v1/stock?skus=DESK0005&warehouse=WH");
        var before = gateway.Sandbox.Calls.Count("product.product", "search_read");

        var page = await (await _client.GetAsync("/api/v1/stock?skus=E-COM07, DESK0005,NO-SUCH-SKU,E-COM07&warehouse=WH")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(before + 1, gateway.Sandbox.Calls.Count("product.product", "search_read"));
        Assert.Equal(["E-COM07", "DESK0005"], page["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
        Assert.Equal(["NO-SUCH-SKU"], page["unknownSkus"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Null(page["nextCursor"]);
    }

    [Fact]
    public async Task Batch_OfHundredSkus_IsOneOdooCall_AndMoreIs400()
    {
        var hundred = string.Join(',', Enumerable.Range(0, 99).Select(i => $"X{i}").Append("DESK0005"));
        await _client.GetAsync("/api/v1/stock?skus=DESK0005");
        var before = gateway.Sandbox.Calls.Count("product.product", "search_read");

        var page = await (await _client.GetAsync($"/api/v1/stock?skus={hundred}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before + 1, gateway.Sandbox.Calls.Count("product.product", "search_read"));
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(99, page["unknownSkus"]!.AsArray().Count);

        var problem = await (await _client.GetAsync($"/api/v1/stock?skus={hundred},X100")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["skus"], problem.ErrorFields());
    }

    [Fact]
    public async Task ListingEveryStockedSku_PagesWithoutGapsOrRepeats()
    {
        var seen = await _client.ReadAllPagesAsync("/api/v1/stock", 7, "sku");
        Assert.True(seen.Count >= 30, $"The sandbox stocks at least 30 SKUs; saw {seen.Count}.");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var onePage = await (await _client.GetAsync("/api/v1/stock?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(onePage["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()), seen);
        Assert.Contains(Sku, seen);
    }

    [Fact]
    public async Task UnknownWarehouse_Is400NamingTheKnownOnes()
    {
        var problem = await (await _client.GetAsync("/api/v1/stock/DESK0005?warehouse=NOPE")).ExpectProblemAsync(HttpStatusCode.BadRequest, "unknown_warehouse");
        Assert.Contains("WH", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_TrimsBlanksAndIgnoresEmptyEntries()
    {
        var page = await (await _client.GetAsync("/api/v1/stock?skus=,DESK0005%20,,NOPE")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["DESK0005"], page["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
        Assert.Equal(["NOPE"], page["unknownSkus"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/v1/stock?skus=DESK0005&limit=5")]
    [InlineData("/api/v1/stock?skus=,%20,")]
    [InlineData("/api/v1/stock/%20DESK")]
    public async Task MalformedStockQueries_Are400(string url)
    {
        await (await _client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}

public sealed class StockOverJsonRpc(JsonRpcGateway gateway) : StockTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class StockOverJson2(Json2Gateway gateway) : StockTests(gateway), IClassFixture<Json2Gateway>;
