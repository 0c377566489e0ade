using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Orders;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Stock;

public sealed class StockQuantityTests
{
    [Theory]
    [InlineData(17, "warehouse", 490.0)]
    [InlineData(17, "warehouse_id", 690.0)]
    [InlineData(19, "warehouse_id", 490.0)]
    [InlineData(19, "warehouse", 690.0)]
    public async Task Quantities_AreScopedOnlyByThePlayedVersionsContextKey(int version, string key, double expectedOnHand)
    {
        await using var sandbox = await Sandbox.Start(version);
        var cabinet = sandbox.Server.Data.ProductId("E-COM07")!.Value;
        // The seed shipped 10 of the 500 in WH; CHIC1 holds 200.
        var scoped = await OrderLifecycleTests.Figures(sandbox, cabinet, new JsonObject { [key] = 1 });

        Assert.Equal(expectedOnHand, scoped.OnHand);
    }

    [Fact]
    public async Task Quantities_WithoutWarehouse_SumBothWarehouses()
    {
        await using var sandbox = await Sandbox.Start(17);
        var desk = sandbox.Server.Data.ProductId("DESK0005")!.Value;

        var all = await OrderLifecycleTests.Figures(sandbox, desk);
        var chicago = await OrderLifecycleTests.Figures(sandbox, desk, new JsonObject { ["warehouse"] = 2 });

        Assert.Equal(75.0, all.OnHand);
        Assert.Equal(10.0, chicago.OnHand);
    }

    [Fact]
    public async Task SetStock_ChangesOnHandInThatWarehouseOnly()
    {
        await using var sandbox = await Sandbox.Start(19);
        var bin = sandbox.Server.Data.ProductId("E-COM10")!.Value;

        sandbox.Server.Data.SetStock("E-COM10", "CHIC1", 3);

        Assert.Equal(3.0, (await OrderLifecycleTests.Figures(sandbox, bin, new JsonObject { ["warehouse_id"] = 2 })).OnHand);
        Assert.Equal(22.0, (await OrderLifecycleTests.Figures(sandbox, bin, new JsonObject { ["warehouse_id"] = 1 })).OnHand);
    }

    [Fact]
    public async Task AllowedCompanies_RestrictWarehousesOrdersInvoicesAndStock()
    {
        await using var sandbox = await Sandbox.Start(17);
        var companyOne = new JsonObject { ["allowed_company_ids"] = new JsonArray(1) };

        var warehouses = await sandbox.Call("stock.warehouse", "search_read", [new JsonArray()], new() { ["fields"] = new JsonArray("code"), ["context"] = companyOne.DeepClone() });
        var allOrders = await sandbox.Call("sale.order", "search_count", [new JsonArray()]);
        var ordersOne = await sandbox.Call("sale.order", "search_count", [new JsonArray()], new() { ["context"] = companyOne.DeepClone() });
        var invoicesTwo = await sandbox.Call("account.move", "search_read", [new JsonArray()], new() { ["fields"] = new JsonArray("company_id"), ["context"] = new JsonObject { ["allowed_company_ids"] = new JsonArray(2) } });
        var cabinet = await OrderLifecycleTests.Figures(sandbox, sandbox.Server.Data.ProductId("E-COM07")!.Value, companyOne);

        Assert.Equal("[{\"id\":1,\"code\":\"WH\"}]", warehouses!.ToJsonString());
        Assert.True((int)ordersOne! < (int)allOrders!);
        Assert.All(invoicesTwo!.AsArray(), i => Assert.Equal(2, (int)i!["company_id"]![0]!));
        Assert.Equal(490.0, cabinet.OnHand);
    }
}
