using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Odoo.OdooShapes;

namespace RetailGateway.Pact.Tests.Odoo;

/// <summary>The calls of a return: the order's transfers, Odoo's return wizard, the return's natural key, reads and receipt.</summary>
public abstract partial class OdooPactTests
{
    private const string CaseRef = "500PACTODOORET1";

    private static State Delivered => new(OdooStates.DeliveredOrder, new Dictionary<string, string> { ["ref"] = CustomerRef, ["sku"] = Sku });

    private static State Wizard => new(OdooStates.ReturnWizard, new Dictionary<string, string> { ["ref"] = CustomerRef, ["sku"] = Sku });

    private static State Returned => new(OdooStates.ReturnExists, new Dictionary<string, string> { ["ref"] = CustomerRef, ["sku"] = Sku, ["case"] = CaseRef });

    [Fact]
    public async Task Return_TheOrdersDeliveriesWithTheirMoves()
    {
        await PlayAsync(
            new Varying().Id(28, "orderId"),
            [new("sale.order", "web_read", "a read of a delivered order with its deliveries, returns and their moves", [Delivered], new JsonArray(DeliveredOrder()))],
            async odoo =>
            {
                var transfers = await odoo.GetRequiredService<OdooReturns>().OrderTransfersAsync(28, None);
                var delivery = Assert.Single(transfers!.Transfers.Records, ReturnMapping.IsDelivery);
                Assert.Equal(2m, ReturnMapping.Delivered(delivery)[Sku]);
            });
    }

    [Fact]
    public async Task Return_MadeThroughTheWizard_EveryLineWritten_ThenItsNaturalKey()
    {
        var line = new JsonObject
        {
            ["id"] = FromState("wizardLineId", 41),
            ["product_id"] = new JsonObject { ["id"] = Id(17), ["default_code"] = Sku },
            ["quantity"] = Amount(1),
            ["move_id"] = WebMany2one(54, "WH/OUT/00014"),
        };
        var action = new JsonObject
        {
            ["type"] = "ir.actions.act_window",
            ["res_model"] = "stock.picking",
            ["res_id"] = Id(29),
        };
        await PlayAsync(
            new Varying().Id(28, "orderId").Id(27, "pickingId").Id(6, "wizardId").Id(41, "wizardLineId").Id(54, "moveId").Id(29, "returnId"),
            [
                new("sale.order", "web_read", "a read of a delivered order with its deliveries, returns and their moves", [Delivered], new JsonArray(DeliveredOrder())),
                new("stock.return.picking", "create", "a creation of the return wizard of a delivery", [Delivered], Id(6)),
                new("stock.return.picking", "web_read", "a read of a return wizard's lines", [Wizard], new JsonArray(new JsonObject { ["id"] = FromState("wizardId", 6), ["product_return_moves"] = Records(line) })),
                new("stock.return.picking", "write", "a write of every return wizard line's quantity", [Wizard], true),
                new("stock.return.picking", Dialect.CreateReturnsMethod, "the return wizard making the return", [Wizard], action),
                new("stock.picking", "write", "a write of a return's origin and reason", [Returned], true),
            ],
            async odoo =>
            {
                var returns = odoo.GetRequiredService<OdooReturns>();
                var delivery = Assert.Single((await returns.OrderTransfersAsync(28, None))!.Transfers.Records, ReturnMapping.IsDelivery);
                var draft = new ReturnDraft(delivery, new Dictionary<string, decimal> { [Sku] = 1 }, CaseRef, "Damaged in transit");
                Assert.Equal(29, await returns.CreateAsync(draft, None));
            });
    }

    [Fact]
    public async Task Return_FoundByItsCaseId_ReadAndReceived()
    {
        var returned = Transfer(FromState("returnId", 29), "WH/IN/00006", "assigned", "incoming", returnOf: WebMany2one(27, "WH/OUT/00014"));
        returned["origin"] = Match.Type(CaseRef + ": Return of WH/OUT/00014");
        await PlayAsync(
            new Varying().Id(28, "orderId").Id(29, "returnId").Text(CaseRef, "caseRef"),
            [
                new("stock.picking", "web_search_read", "a search for the return of an order made for a Case", [Returned], new JsonObject { ["length"] = Match.Integer(1), ["records"] = Records(returned) }),
                new("stock.picking", "web_read", "a read of a return with its moves", [Returned], new JsonArray(returned)),
                new("stock.picking", "button_validate", "a validation of a return's receipt, SMS skipped", [Returned], true),
            ],
            async odoo =>
            {
                var returns = odoo.GetRequiredService<OdooReturns>();
                Assert.Equal(29, (await returns.FindBySalesforceIdAsync(28, CaseRef, None))?.Id);
                Assert.Equal("WH/OUT/00014", (await returns.FindAsync(29, None))?.ReturnId?.DisplayName);
                Assert.True(await returns.ValidateAsync(29, None));
            });
    }

    [Fact]
    public async Task Return_APageAndAChangeWindow()
    {
        var returned = Transfer(Id(29), "WH/IN/00006", "assigned", "incoming", returnOf: WebMany2one(27, "WH/OUT/00014"));
        var page = new JsonObject { ["length"] = Match.Integer(1), ["records"] = Records(returned) };
        await PlayAsync(
            new Varying().Id(28, "orderId"),
            [
                new("stock.picking", "web_search_read", "a search for a page of the returns of an order", [Returned], page),
                new("stock.picking", "web_search_read", "a search for the returns changed in a window", [Returned], page.DeepClone()),
            ],
            async odoo =>
            {
                var returns = odoo.GetRequiredService<OdooReturns>();
                Assert.NotEmpty(await returns.PageAsync(new ReturnFilter(0, null, 28, null), 51, None));
                Assert.NotEmpty(await returns.ChangedAsync(ChangeWindow.InChangeOrder(WindowFrom, WindowBefore, 51), null, None));
            });
    }

    /// <summary>A transfer as the return reads nest it: a delivery (<paramref name="returnOf"/> null) or a return of one, with one move of the SKU.</summary>
    private static JsonObject Transfer(JsonNode id, string name, string state, string code, JsonObject? returnOf) => new()
    {
        ["id"] = id,
        ["name"] = Match.Type(name),
        ["state"] = state,
        ["picking_type_code"] = code,
        ["sale_id"] = WebMany2one(28, "S00028"),
        ["return_id"] = returnOf is null ? JsonValue.Create(false) : returnOf,
        ["write_date"] = DateTime(),
        ["create_date"] = DateTime(),
        ["move_ids"] = Records(new JsonObject
        {
            ["id"] = Id(54),
            ["product_id"] = new JsonObject { ["id"] = Id(17), ["default_code"] = Sku },
            ["product_uom_qty"] = Amount(state == "done" ? 2 : 1),
            ["quantity"] = Amount(state == "done" ? 2 : 1),
            ["state"] = state == "done" ? "done" : Match.Regex("assigned", "^(draft|waiting|confirmed|partially_available|assigned)$"),
        }),
    };

    /// <summary>A delivered order as the return's read answers it: its one delivery done, with its move.</summary>
    private static JsonObject DeliveredOrder() => new()
    {
        ["id"] = FromState("orderId", 28),
        ["name"] = Match.Type("S00028"),
        ["state"] = "sale",
        ["picking_ids"] = Records(Transfer(FromState("pickingId", 27), "WH/OUT/00014", "done", "outgoing", returnOf: null)),
    };
}
