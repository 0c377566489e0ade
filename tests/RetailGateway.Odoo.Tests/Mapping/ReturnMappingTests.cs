using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Transports;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

public sealed class ReturnMappingTests
{
    /// <summary>A done delivery of 2 × FURN_7800 (move 54) and 3 × DESK0005 (move 55), as a nested web_read answers it.</summary>
    internal static TransferRecord Delivery(string state = "done") => Transfer($$"""
        {"id": 28, "name": "WH/OUT/00015", "state": "{{state}}", "picking_type_code": "outgoing", "return_id": false,
         "sale_id": {"id": 28, "display_name": "S00028"}, "origin": "S00028", "note": false, "date_done": "2026-12-02 10:00:00",
         "create_date": "2026-12-01 09:00:00", "write_date": "2026-12-02 10:00:00",
         "move_ids": [{"id": 54, "product_id": {"id": 8, "default_code": "FURN_7800"}, "product_uom_qty": 2.0, "quantity": 2.0, "state": "{{(state == "done" ? "done" : "assigned")}}"},
                      {"id": 55, "product_id": {"id": 9, "default_code": "DESK0005"}, "product_uom_qty": 3.0, "quantity": 3.0, "state": "{{(state == "done" ? "done" : "assigned")}}"}]}
        """);

    /// <summary>A return of delivery 28 taking back <paramref name="quantity"/> × FURN_7800.</summary>
    internal static TransferRecord Return(long id, string state, decimal quantity, string origin = "500Dn00000CASE01: Return of WH/OUT/00015") => Transfer($$"""
        {"id": {{id}}, "name": "WH/IN/000{{id}}", "state": "{{state}}", "picking_type_code": "incoming", "return_id": {"id": 28, "display_name": "WH/OUT/00015"},
         "sale_id": {"id": 28, "display_name": "S00028"}, "origin": "{{origin}}", "note": "<p>Damaged &amp; scratched</p>",
         "date_done": {{(state == "done" ? "\"2026-12-03 08:00:00\"" : "false")}}, "create_date": "2026-12-02 11:00:00", "write_date": "2026-12-03 08:00:00",
         "move_ids": [{"id": {{id * 10}}, "product_id": {"id": 8, "default_code": "FURN_7800"}, "product_uom_qty": {{quantity}}, "quantity": {{(state == "done" ? quantity : 0)}}, "state": "{{(state == "cancel" ? "cancel" : state == "done" ? "done" : "assigned")}}"}]}
        """);

    [Fact]
    public void Returnable_IsDeliveredMinusReturnsPendingOrReceived_AndIgnoresCancelledOnes()
    {
        var transfers = new[] { Delivery(), Return(29, "assigned", 1), Return(30, "cancel", 2), Return(31, "done", 0.5m) };

        var returnable = ReturnMapping.Returnable(Delivery(), transfers);

        Assert.Equal(0.5m, returnable["FURN_7800"]);
        Assert.Equal(3m, returnable["DESK0005"]);
    }

    [Fact]
    public void Delivered_OfADeliveryNotShipped_IsNothing()
    {
        Assert.Empty(ReturnMapping.Delivered(Delivery("assigned")));
        Assert.Equal(2m, ReturnMapping.Delivered(Delivery())["FURN_7800"]);
    }

    /// <summary>A second delivery of the order (a backorder, say) that shipped <paramref name="sku"/> alone.</summary>
    private static TransferRecord LaterDelivery(long id, string sku, string state = "done") => Transfer($$"""
        {"id": {{id}}, "name": "WH/OUT/000{{id}}", "state": "{{state}}", "picking_type_code": "outgoing", "return_id": false,
         "sale_id": {"id": 28, "display_name": "S00028"}, "date_done": {{(state == "done" ? "\"2026-12-05 10:00:00\"" : "false")}},
         "move_ids": [{"id": {{id * 10}}, "product_id": {"id": 10, "default_code": "{{sku}}"}, "product_uom_qty": 1.0, "quantity": 1.0, "state": "{{(state == "done" ? "done" : "assigned")}}"}]}
        """);

    [Fact]
    public void ChooseDelivery_TakesTheLatestShippedDeliveryHoldingEveryLine()
    {
        var transfers = new[] { Delivery(), LaterDelivery(40, "FURN_7800"), Return(29, "assigned", 1) };

        Assert.Equal(40, ReturnMapping.ChooseDelivery(transfers, null, ["FURN_7800"]).Delivery?.Id);
        Assert.Equal(28, ReturnMapping.ChooseDelivery(transfers, null, ["FURN_7800", "DESK0005"]).Delivery?.Id);
        Assert.Equal(28, ReturnMapping.ChooseDelivery(transfers, 28, ["FURN_7800"]).Delivery?.Id);
    }

    [Fact]
    public void ChooseDelivery_WhenNoSingleDeliveryHoldsEveryLine_SpansShipments()
    {
        var transfers = new[] { Delivery(), LaterDelivery(40, "CHAIR_01") };

        var choice = ReturnMapping.ChooseDelivery(transfers, null, ["CHAIR_01", "DESK0005"]);

        Assert.Equal(DeliveryRefusal.SpansShipments, choice.Refusal);
        Assert.Null(choice.Delivery);
    }

    [Fact]
    public void ChooseDelivery_RefusesSkusNeverShipped_NothingShipped_AndShipmentsThatAreNotDeliveries()
    {
        var unknown = ReturnMapping.ChooseDelivery([Delivery()], null, ["DESK0005", "NOPE"]);
        Assert.Equal(DeliveryRefusal.UnknownSkus, unknown.Refusal);
        Assert.Equal(["NOPE"], unknown.UnknownSkus);

        Assert.Equal(DeliveryRefusal.NothingDelivered, ReturnMapping.ChooseDelivery([Delivery("assigned")], null, ["DESK0005"]).Refusal);
        var named = ReturnMapping.ChooseDelivery([Delivery(), LaterDelivery(40, "DESK0005", "assigned")], 40, ["DESK0005"]);
        Assert.Equal((DeliveryRefusal.NothingDelivered, 40L), (named.Refusal, named.Delivery!.Id));
        // A return is a transfer of the order too, but no delivery to return goods of.
        Assert.Equal(DeliveryRefusal.NotADelivery, ReturnMapping.ChooseDelivery([Delivery(), Return(29, "done", 1)], 29, ["FURN_7800"]).Refusal);
        Assert.Equal(DeliveryRefusal.NotADelivery, ReturnMapping.ChooseDelivery([Delivery()], 99, ["FURN_7800"]).Refusal);
    }

    [Fact]
    public void SpreadOverWizard_WritesEveryLine_TheAskedQuantityOr0()
    {
        // Odoo 17 fills each line with the delivered quantity: the gateway overwrites them all.
        var wizard = Wizard("""
            {"id": 2, "product_return_moves": [
              {"id": 1, "product_id": {"id": 8, "default_code": "FURN_7800"}, "quantity": 2.0, "move_id": {"id": 54, "display_name": "WH/OUT/00015"}},
              {"id": 3, "product_id": {"id": 9, "default_code": "DESK0005"}, "quantity": 3.0, "move_id": {"id": 55, "display_name": "WH/OUT/00015"}}]}
            """);

        var (lines, missing) = ReturnMapping.SpreadOverWizard(wizard, new Dictionary<string, decimal> { ["FURN_7800"] = 1 }, Delivery());
        var values = ReturnMapping.ToWizardValues(lines);

        Assert.Empty(missing);
        Assert.Equal([(1L, 1m), (3L, 0m)], lines);
        JsonAssert.Equal(JsonNode.Parse("""{"product_return_moves": [[1, 1, {"quantity": 1}], [1, 3, {"quantity": 0}]]}"""), values);
    }

    [Fact]
    public void SpreadOverWizard_NamesTheSkusNoLineCarries()
    {
        var wizard = Wizard("""{"id": 2, "product_return_moves": [{"id": 1, "product_id": {"id": 8, "default_code": "FURN_7800"}, "quantity": 0.0, "move_id": {"id": 54, "display_name": "x"}}]}""");

        var (lines, missing) = ReturnMapping.SpreadOverWizard(wizard, new Dictionary<string, decimal> { ["DESK0005"] = 1 }, Delivery());

        Assert.Equal([(1L, 0m)], lines);
        Assert.Equal(["DESK0005"], missing);
    }

    /// <summary>The action 17's create_returns answered in the recording names the return picking.</summary>
    [Fact]
    public void ReturnIdOfAction_ReadsTheRecordedAction_AndRefusesAnythingElse()
    {
        var action = Recording.Get(Recording.Odoo17JsonRpcRound2, "return: create_returns").Response!["result"]!;

        Assert.Equal(29, ReturnMapping.ReturnIdOfAction(Element(action)));
        Assert.Null(ReturnMapping.ReturnIdOfAction(Element(JsonValue.Create(true))));
        Assert.Null(ReturnMapping.ReturnIdOfAction(Element(JsonNode.Parse("""{"type": "ir.actions.act_window", "res_model": "stock.return.picking", "res_id": 2}"""))));
    }

    [Theory]
    [InlineData("assigned", ReturnStatus.AwaitingReceipt, 0)]
    [InlineData("done", ReturnStatus.Received, 1)]
    [InlineData("cancel", ReturnStatus.Cancelled, 0)]
    public void ToReturn_StatusFollowsTheTransfer_AndReadsTheNaturalKeyAndReason(string state, ReturnStatus status, decimal received)
    {
        var returned = ReturnMapping.ToReturn(Return(29, state, 1));

        Assert.Equal(status, returned.Status);
        Assert.Equal("29", returned.ReturnId);
        Assert.Equal("28", returned.OrderId);
        Assert.Equal("S00028", returned.OrderNumber);
        Assert.Equal("28", returned.ShipmentId);
        Assert.Equal("WH/OUT/00015", returned.ShipmentNumber);
        Assert.Equal("500Dn00000CASE01", returned.SalesforceId);
        Assert.Equal("Damaged & scratched", returned.Reason);
        var line = Assert.Single(returned.Lines);
        Assert.Equal(("FURN_7800", 1m, received), (line.Sku, line.Quantity, line.ReceivedQuantity));
        Assert.Equal(status == ReturnStatus.Received ? new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero) : null, returned.ReceivedAt);
    }

    [Theory]
    [InlineData("500Dn00000CASE01: Return of WH/OUT/00015", "500Dn00000CASE01")]
    [InlineData("a:b: Return of WH/OUT/00015", "a:b")]
    [InlineData("WH/OUT/00015", null)]
    [InlineData(null, null)]
    public void SalesforceIdOf_ReadsTheCaseIdTheGatewayWrote(string? origin, string? salesforceId) =>
        Assert.Equal(salesforceId, ReturnMapping.SalesforceIdOf(origin));

    [Fact]
    public void ToReturnValues_WritesTheNaturalKeyAndTheEscapedReason()
    {
        var values = ReturnMapping.ToReturnValues("500Dn00000CASE01", "WH/OUT/00015", "Box <broken> & wet");

        JsonAssert.Equal(JsonNode.Parse("""{"origin": "500Dn00000CASE01: Return of WH/OUT/00015", "note": "<p>Box &lt;broken&gt; &amp; wet</p>"}"""), values);
    }

    /// <summary>The recorded order after its return (17): the incoming transfer is a return, not a shipment.</summary>
    [Fact]
    public void RecordedOrderAfterReturn_ListsTheReturn_AndKeepsItOutOfTheShipments()
    {
        var record = Recording.Get(Recording.Odoo17JsonRpcRound2, "order pickings after return").Response!["result"]![0]!.DeepClone().AsObject();
        record["name"] = "S00028";
        record["state"] = "sale";
        var order = Assert.Single(RecordedRecords.Parse<SaleOrderRecord>([record]));

        var returns = ReturnMapping.ReturnsOf(order, order.Pickings.Records);
        var canonical = OrderMapping.ToOrder(order, [], order.Pickings.Records, []);

        var returned = Assert.Single(returns);
        Assert.Equal(("29", "WH/IN/00006", ReturnStatus.AwaitingReceipt), (returned.ReturnId, returned.ReturnNumber, returned.Status));
        Assert.Equal(["28"], canonical.Shipments.Select(s => s.ShipmentId));
        Assert.Equal(DeliveryStatus.Partial, canonical.DeliveryStatus);
    }

    [Theory]
    [InlineData(16, "create_returns")]
    [InlineData(17, "create_returns")]
    [InlineData(18, "action_create_returns")]
    [InlineData(19, "action_create_returns")]
    public void Dialect_NamesTheWizardsCreateMethodPerVersion(int version, string method) =>
        Assert.Equal(method, OdooDialect.ForVersion(version).CreateReturnsMethod);

    [Fact]
    public void Tagged_ScopesTransfersThroughTheirOrdersCustomer()
    {
        JsonAssert.Equal(JsonNode.Parse("""["sale_id.partner_id.commercial_partner_id.category_id", "in", [7]]"""), ReturnMapping.Tagged(7));
    }

    internal static TransferRecord Transfer(string json) =>
        OdooResults.Read(Encoding.UTF8.GetBytes("[" + json + "]"), OdooResults.Records(ReturnWireContext.Default.TransferRecord), "stock.picking", "web_read")[0];

    private static ReturnWizardRecord Wizard(string json) =>
        OdooResults.Read(Encoding.UTF8.GetBytes("[" + json + "]"), OdooResults.Records(ReturnWireContext.Default.ReturnWizardRecord), "stock.return.picking", "web_read")[0];

    private static JsonElement Element(JsonNode? node) => JsonDocument.Parse(node!.ToJsonString()).RootElement.Clone();
}
