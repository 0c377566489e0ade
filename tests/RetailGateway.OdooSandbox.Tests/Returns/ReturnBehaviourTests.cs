using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Returns;

/// <summary>Returns as stock, stock_account and sale_stock play them on 17 and 19: the wizard, the return picking, its receipt.</summary>
public sealed class ReturnBehaviourTests
{
    [Theory]
    [InlineData(17, 5.0, 3.0)]
    [InlineData(19, 0.0, 0.0)]
    public async Task PartialReturn_MakesAReadyReceiptOfTheAskedQuantity(int version, double cabinetDefault, double drawerDefault)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (order, delivery) = await ShippedOrder(sandbox);
        var deliveryRecord = await Story.Read(sandbox, "stock.picking", delivery, "name", "partner_id", "location_id", "location_dest_id", "move_ids");

        var (wizard, lines) = await Wizard(sandbox, delivery);
        Assert.Equal([cabinetDefault, drawerDefault], lines.Select(l => (double)l["quantity"]!));
        Assert.All(lines, l => Assert.True((bool)l["to_refund"]!));
        Assert.Equal([(int)deliveryRecord["move_ids"]![0]!, (int)deliveryRecord["move_ids"]![1]!], lines.Select(l => (int)l["move_id"]![0]!));
        Assert.Equal(1, (int)lines[0]["uom_id"]![0]!);

        await sandbox.Invoke("stock.return.picking", "write", [wizard], new()
        {
            ["vals"] = new JsonObject
            {
                ["product_return_moves"] = new JsonArray(new JsonArray(1, (int)lines[0]["id"]!, new JsonObject { ["quantity"] = 2 }), new JsonArray(1, (int)lines[1]["id"]!, new JsonObject { ["quantity"] = 0 })),
            },
        });
        var action = await CreateReturns(sandbox, wizard, delivery);

        Assert.Equal("stock.picking", (string)action["res_model"]!);
        var returned = await Story.Read(sandbox, "stock.picking", (int)action["res_id"]!,
            "name", "state", "picking_type_code", "origin", "return_id", "sale_id", "partner_id", "location_id", "location_dest_id", "move_ids", "date_done");
        Assert.Matches(@"^WH/IN/\d{5}$", (string)returned["name"]!);
        Assert.Equal("assigned", (string)returned["state"]!);
        Assert.Equal("incoming", (string)returned["picking_type_code"]!);
        Assert.Equal($"Return of {deliveryRecord["name"]}", (string)returned["origin"]!);
        Assert.Equal(delivery, (int)returned["return_id"]![0]!);
        Assert.Equal(order, (int)returned["sale_id"]![0]!);
        Assert.Equal((int)deliveryRecord["partner_id"]![0]!, (int)returned["partner_id"]![0]!);
        Assert.Equal((int)deliveryRecord["location_dest_id"]![0]!, (int)returned["location_id"]![0]!);
        Assert.Equal((int)deliveryRecord["location_id"]![0]!, (int)returned["location_dest_id"]![0]!);
        Assert.False((bool)returned["date_done"]!);
        var move = await Story.Read(sandbox, "stock.move", (int)Assert.Single(returned["move_ids"]!.AsArray())!,
            "product_id", "product_uom_qty", "quantity", "state", "origin_returned_move_id", "to_refund", "sale_line_id");
        Assert.Equal(sandbox.Server.Data.ProductId("E-COM07"), (int)move["product_id"]![0]!);
        Assert.Equal(2.0, (double)move["product_uom_qty"]!);
        Assert.Equal(2.0, (double)move["quantity"]!);
        Assert.Equal("assigned", (string)move["state"]!);
        Assert.Equal((int)deliveryRecord["move_ids"]![0]!, (int)move["origin_returned_move_id"]![0]!);
        Assert.True((bool)move["to_refund"]!);
        Assert.Equal(await LineOf(sandbox, order, "E-COM07"), (int)move["sale_line_id"]![0]!);
        Assert.Equal(1, sandbox.Server.Data.ReturnPickings(order));
        Assert.Equal("partial", (string)(await Story.Read(sandbox, "sale.order", order, "delivery_status"))["delivery_status"]!);

        sandbox.Server.Data.ShipOrder(order);

        Assert.Equal("assigned", (string)(await Story.Read(sandbox, "stock.picking", (int)action["res_id"]!, "state"))["state"]!);
    }

    [Fact]
    public async Task SecondWizard_On17_DefaultsToWhatIsLeftToReturn()
    {
        await using var sandbox = await Sandbox.Start(17);
        var (_, delivery) = await ShippedOrder(sandbox);
        var (wizard, lines) = await Wizard(sandbox, delivery);
        await sandbox.Invoke("stock.return.picking.line", "write", [(int)lines[0]["id"]!], new() { ["vals"] = new JsonObject { ["quantity"] = 2 } });
        await sandbox.Invoke("stock.return.picking.line", "write", [(int)lines[1]["id"]!], new() { ["vals"] = new JsonObject { ["quantity"] = 3 } });
        await CreateReturns(sandbox, wizard, delivery);

        var (again, left) = await Wizard(sandbox, delivery);

        Assert.Equal([3.0, 0.0], left.Select(l => (double)l["quantity"]!));
        await sandbox.Invoke("stock.return.picking.line", "write", [(int)left[0]["id"]!], new() { ["vals"] = new JsonObject { ["quantity"] = 0 } });
        var refused = await Story.Fails(sandbox, "stock.return.picking", "create_returns", [again], new() { ["context"] = Story.ReturnContext(delivery) });
        Assert.Equal(("odoo.exceptions.UserError", "Please specify at least one non-zero quantity."), (refused.Name, refused.Message));
    }

    [Fact]
    public async Task ActionCreateReturnsAll_On19_ReturnsEverythingDelivered()
    {
        await using var sandbox = await Sandbox.Start(19);
        var (_, delivery) = await ShippedOrder(sandbox);
        var (wizard, _) = await Wizard(sandbox, delivery);

        var action = (await sandbox.Invoke("stock.return.picking", "action_create_returns_all", [wizard], new() { ["context"] = Story.ReturnContext(delivery) }))!;

        var returned = await Story.Read(sandbox, "stock.picking", (int)action["res_id"]!, "move_ids");
        var quantities = (await sandbox.Invoke("stock.move", "read", returned["move_ids"]!.DeepClone().AsArray(), new() { ["fields"] = new JsonArray("product_uom_qty") }))!
            .AsArray().Select(m => (double)m!["product_uom_qty"]!).Order();
        Assert.Equal([3.0, 5.0], quantities);
        Assert.Equal("form", (string)action["view_mode"]!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Receiving_TheReturn_PutsStockBackAndLowersDelivered_AndDeliveryStatusFollowsTheSource(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await Story.ConfirmedOrder(sandbox, "801RET0000000002", ("E-COM07", 5), ("FURN_8855", 3));
        Assert.Equal("pending", await DeliveryStatus(sandbox, order));
        var onHand = await OnHand(sandbox, "E-COM07");
        sandbox.Server.Data.ShipOrder(order);
        Assert.Equal("full", await DeliveryStatus(sandbox, order));
        var delivery = (int)(await Story.Pickings(sandbox, order))[0]!["id"]!;
        var (wizard, lines) = await Wizard(sandbox, delivery);
        await sandbox.Invoke("stock.return.picking", "write", [wizard], new()
        {
            ["vals"] = new JsonObject
            {
                ["product_return_moves"] = new JsonArray(new JsonArray(1, (int)lines[0]["id"]!, new JsonObject { ["quantity"] = 2 }), new JsonArray(1, (int)lines[1]["id"]!, new JsonObject { ["quantity"] = 0 })),
            },
        });
        var returnId = (int)(await CreateReturns(sandbox, wizard, delivery))["res_id"]!;
        Assert.Equal("partial", await DeliveryStatus(sandbox, order));
        Assert.Equal(onHand - 5, await OnHand(sandbox, "E-COM07"));

        // Incoming pickings never get the SMS wizard, whatever the company's warning state.
        var validated = await sandbox.Invoke("stock.picking", "button_validate", [returnId]);

        Assert.True((bool)validated!);
        var received = await Story.Read(sandbox, "stock.picking", returnId, "state", "date_done");
        Assert.Equal("done", (string)received["state"]!);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", (string)received["date_done"]!);
        Assert.Equal(onHand - 3, await OnHand(sandbox, "E-COM07"));
        var delivered = (await sandbox.Invoke("sale.order.line", "search_read", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("order_id", "=", order)),
            ["fields"] = new JsonArray("qty_delivered"),
            ["order"] = "id",
        }))!.AsArray().Select(l => (double)l!["qty_delivered"]!);
        Assert.Equal([3.0, 3.0], delivered);
        Assert.Equal("full", await DeliveryStatus(sandbox, order));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task CancellingAReturn_FreesItsQuantityForTheNextReturn_AndLeavesStockAlone(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (order, delivery) = await ShippedOrder(sandbox);
        var onHand = await OnHand(sandbox, "E-COM07");
        var quants = sandbox.Server.Data.CountRecords("stock.quant");
        var (wizard, lines) = await Wizard(sandbox, delivery);
        await sandbox.Invoke("stock.return.picking.line", "write", [(int)lines[0]["id"]!], new() { ["vals"] = new JsonObject { ["quantity"] = 5 } });
        await sandbox.Invoke("stock.return.picking.line", "write", [(int)lines[1]["id"]!], new() { ["vals"] = new JsonObject { ["quantity"] = 0 } });
        var returnId = (int)(await CreateReturns(sandbox, wizard, delivery))["res_id"]!;

        Assert.True((bool)(await sandbox.Invoke("stock.picking", "action_cancel", [returnId]))!);

        Assert.Equal("cancel", (string)(await Story.Read(sandbox, "stock.picking", returnId, "state"))["state"]!);
        Assert.Equal("full", await DeliveryStatus(sandbox, order));
        Assert.Equal(onHand, await OnHand(sandbox, "E-COM07"));
        Assert.Equal(quants, sandbox.Server.Data.CountRecords("stock.quant"));
        if (version < 19)
        {
            var (_, again) = await Wizard(sandbox, delivery);
            Assert.Equal([5.0, 3.0], again.Select(l => (double)l["quantity"]!));
        }
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Wizard_ForAPickingNotDone_IsRefused(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await Story.ConfirmedOrder(sandbox, "801RET0000000003", ("E-COM07", 1));
        var delivery = (int)(await Story.Pickings(sandbox, order))[0]!["id"]!;
        var wizards = sandbox.Server.Data.CountRecords("stock.return.picking");

        var (name, message, status) = await Story.Fails(sandbox, "stock.return.picking", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["picking_id"] = delivery }),
            ["context"] = Story.ReturnContext(delivery),
        });

        Assert.Equal(("odoo.exceptions.UserError", "You may only return Done pickings."), (name, message));
        Assert.Equal(version >= 19 ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.OK, status);
        Assert.Equal(wizards, sandbox.Server.Data.CountRecords("stock.return.picking"));
    }

    [Theory]
    [InlineData(17, "action_create_returns")]
    [InlineData(19, "create_returns")]
    public async Task TheOtherVersionsMethod_DoesNotExist(int version, string method)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, delivery) = await ShippedOrder(sandbox);
        var (wizard, _) = await Wizard(sandbox, delivery);

        var (_, _, status) = await Story.Fails(sandbox, "stock.return.picking", method, [wizard], new() { ["context"] = Story.ReturnContext(delivery) });

        Assert.Equal(version >= 19 ? HttpStatusCode.NotFound : HttpStatusCode.OK, status);
        Assert.Equal(0, sandbox.Server.Data.CountRecords("stock.picking") - await PickingCountBeforeReturns(sandbox));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task ValidatingADelivery_WithoutSkipSms_AnswersTheSmsWizardOnce(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await Story.ConfirmedOrder(sandbox, "801RET0000000004", ("E-COM07", 1));
        var delivery = (int)(await Story.Pickings(sandbox, order))[0]!["id"]!;

        var action = (await sandbox.Invoke("stock.picking", "button_validate", [delivery]))!.AsObject();

        Assert.Equal("confirm.stock.sms", (string)action["res_model"]!);
        Assert.Equal("SMS", (string)action["name"]!);
        Assert.Equal("new", (string)action["target"]!);
        Assert.Equal([delivery], action["context"]!["button_validate_picking_ids"]!.AsArray().Select(n => (int)n!));
        Assert.Equal("assigned", (string)(await Story.Read(sandbox, "stock.picking", delivery, "state"))["state"]!);

        var sent = await sandbox.Invoke("confirm.stock.sms", "send_sms", [(int)action["res_id"]!], new() { ["context"] = action["context"]!.DeepClone() });

        Assert.True((bool)sent!);
        Assert.Equal("done", (string)(await Story.Read(sandbox, "stock.picking", delivery, "state"))["state"]!);
        var next = await Story.ConfirmedOrder(sandbox, "801RET0000000005", ("E-COM07", 1));
        var nextDelivery = (int)(await Story.Pickings(sandbox, next))[0]!["id"]!;
        Assert.True((bool)(await sandbox.Invoke("stock.picking", "button_validate", [nextDelivery]))!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task ValidatingADelivery_WithSkipSms_Validates(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await Story.ConfirmedOrder(sandbox, "801RET0000000006", ("E-COM07", 1));
        var delivery = (int)(await Story.Pickings(sandbox, order))[0]!["id"]!;

        var validated = await sandbox.Invoke("stock.picking", "button_validate", [delivery], new() { ["context"] = new JsonObject { ["skip_sms"] = true } });

        Assert.True((bool)validated!);
        Assert.Equal("done", (string)(await Story.Read(sandbox, "stock.picking", delivery, "state"))["state"]!);
    }

    private static async Task<int> PickingCountBeforeReturns(Sandbox sandbox) =>
        (int)(await sandbox.Invoke("stock.picking", "search_count", named: new() { ["domain"] = new JsonArray(new JsonArray("return_id", "=", false)) }))!;

    private static async Task<(int Order, int Delivery)> ShippedOrder(Sandbox sandbox)
    {
        var order = await Story.ConfirmedOrder(sandbox, "801RET0000000001", ("E-COM07", 5), ("FURN_8855", 3));
        sandbox.Server.Data.ShipOrder(order);
        return (order, (int)(await Story.Pickings(sandbox, order))[0]!["id"]!);
    }

    private static async Task<(int Wizard, List<JsonObject> Lines)> Wizard(Sandbox sandbox, int delivery)
    {
        var created = await sandbox.Invoke("stock.return.picking", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["picking_id"] = delivery }),
            ["context"] = Story.ReturnContext(delivery),
        });
        var wizard = (int)created!.AsArray()[0]!;
        var lineIds = (await Story.Read(sandbox, "stock.return.picking", wizard, "product_return_moves"))["product_return_moves"]!.AsArray();
        var lines = (await sandbox.Invoke("stock.return.picking.line", "read", new JsonArray(lineIds.Select(n => (JsonNode?)(int)n!).ToArray()), new()
        {
            ["fields"] = new JsonArray("product_id", "quantity", "move_id", "to_refund", "uom_id"),
        }))!.AsArray().Select(l => l!.AsObject()).ToList();
        return (wizard, lines);
    }

    private static async Task<JsonObject> CreateReturns(Sandbox sandbox, int wizard, int delivery) =>
        (await sandbox.Invoke("stock.return.picking", sandbox.Server.Options.Version >= 19 ? "action_create_returns" : "create_returns", [wizard], new()
        {
            ["context"] = Story.ReturnContext(delivery),
        }))!.AsObject();

    private static async Task<int> LineOf(Sandbox sandbox, int order, string sku) =>
        (int)(await sandbox.Invoke("sale.order.line", "search", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("order_id", "=", order), new JsonArray("product_id", "=", sandbox.Server.Data.ProductId(sku))),
        }))![0]!;

    private static async Task<string> DeliveryStatus(Sandbox sandbox, int order) =>
        (string)(await Story.Read(sandbox, "sale.order", order, "delivery_status"))["delivery_status"]!;

    private static async Task<double> OnHand(Sandbox sandbox, string sku)
    {
        var key = sandbox.Server.Options.Version >= 19 ? "warehouse_id" : "warehouse";
        return (double)(await sandbox.Invoke("product.product", "read", [sandbox.Server.Data.ProductId(sku)!.Value], new()
        {
            ["fields"] = new JsonArray("qty_available"),
            ["context"] = new JsonObject { [key] = 1 },
        }))![0]!["qty_available"]!;
    }
}
