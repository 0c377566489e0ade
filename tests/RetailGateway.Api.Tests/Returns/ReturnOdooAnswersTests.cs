using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;
using WireMock.ResponseBuilders;

namespace RetailGateway.Api.Tests.Returns;

/// <summary>
/// Odoo answers a return's calls with something else than success, on 17 (JSON-RPC) and 19 (JSON-2): a wizard instead
/// of a validated receipt, a refused wizard, an answer that names no return. None is ever reported as done.
/// </summary>
public sealed class ReturnOdooAnswersTests
{
    private static readonly string[] Permissions = ["Returns.Read", "Returns.Write", "Orders.Read", "Orders.Write", "Customers.Write", "Gateway.Operate"];

    /// <summary>A delivered order of 2 desks, made through the gateway and shipped in the sandbox; its id.</summary>
    private static async Task<string> DeliveredOrderAsync(FaultyOdooGateway gateway, HttpClient client)
    {
        gateway.Sandbox.Data.SetStock("DESK0005", "WH", 500);
        var salesforceId = TestApi.Unique("001");
        var customer = await (await client.PostJsonAsync("/api/v1/customers", new { salesforceId, name = "Return Co " + salesforceId })).ExpectAsync(HttpStatusCode.Created);
        var order = await (await client.SubmitOrderAsync(
            new { salesforceId = TestApi.Unique("801"), customerId = customer["customerId"]!.GetValue<string>(), lines = new object[] { new { sku = "DESK0005", quantity = 2 } } },
            path: "/api/v2/orders")).ExpectAsync(HttpStatusCode.Created);
        var orderId = order["orderId"]!.GetValue<string>();
        gateway.Sandbox.Data.ShipOrder(int.Parse(orderId, CultureInfo.InvariantCulture));
        return orderId;
    }

    private static object Return(string salesforceId) => new { salesforceId, reason = "Damaged", lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };

    private static IResponseBuilder Answer(FaultyOdooGateway gateway, JsonNode result) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
            gateway.IsJson2 ? result.ToJsonString() : new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["result"] = result }.ToJsonString());

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Receive_WhenOdooAnswersABackorderWizard_Is409AndTheReturnIsNotReceived(int odooVersion)
    {
        await using var gateway = await FaultyOdooGateway.StartAsync(odooVersion);
        using var client = gateway.Client(Permissions);
        var orderId = await DeliveredOrderAsync(gateway, client);
        var created = await (await client.SubmitOrderAsync(Return(TestApi.Unique("500")), path: $"/api/v2/orders/{orderId}/returns")).ExpectAsync(HttpStatusCode.Created);
        var returnId = created["returnId"]!.GetValue<string>();
        var wizard = JsonNode.Parse("""{"name": "Create Backorder?", "type": "ir.actions.act_window", "res_model": "stock.backorder.confirmation", "views": [[false, "form"]], "target": "new", "context": {}}""")!;
        gateway.Fault("stock.picking", "button_validate", Answer(gateway, wizard));

        await (await client.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectProblemAsync(HttpStatusCode.Conflict, "receipt_needs_decision");

        Assert.Equal(1, gateway.Calls("stock.picking", "button_validate"));
        var read = await (await client.GetAsync($"/api/v2/returns/{returnId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("awaitingReceipt", read["status"]!.GetValue<string>());
        Assert.Null(read["receivedAt"]);

        gateway.Reset();
        var received = await (await client.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("received", received["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Create_WhenTheWizardAnswersNoReturn_Is502_NeverACreatedReturn(int odooVersion)
    {
        await using var gateway = await FaultyOdooGateway.StartAsync(odooVersion);
        using var client = gateway.Client(Permissions);
        var orderId = await DeliveredOrderAsync(gateway, client);
        var method = odooVersion >= 19 ? "action_create_returns" : "create_returns";
        gateway.Fault("stock.return.picking", method, Answer(gateway, JsonValue.Create(true)));

        var response = await client.SubmitOrderAsync(Return(TestApi.Unique("500")), path: $"/api/v2/orders/{orderId}/returns");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, gateway.Calls("stock.return.picking", method));
        Assert.Equal(0, gateway.Calls("stock.picking", "write"));
        Assert.Equal(0, gateway.Sandbox.Data.ReturnPickings(int.Parse(orderId, CultureInfo.InvariantCulture)));
    }

    /// <summary>Odoo's refusal of the wizard (19's all-zero UserError, say) is a 422 <c>odoo_rejected</c>, queued as <c>createReturn</c>.</summary>
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Create_RefusedByOdoo_Is422_AndQueuedForReplay(int odooVersion)
    {
        await using var gateway = await FaultyOdooGateway.StartAsync(odooVersion);
        using var client = gateway.Client(Permissions);
        var orderId = await DeliveredOrderAsync(gateway, client);
        var method = odooVersion >= 19 ? "action_create_returns" : "create_returns";
        gateway.Fault("stock.return.picking", method, gateway.OdooError("odoo.exceptions.UserError", "Please specify at least one non-zero quantity.", 422));
        var caseId = TestApi.Unique("500");

        var problem = await (await client.SubmitOrderAsync(Return(caseId), path: $"/api/v2/orders/{orderId}/returns")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "odoo_rejected");

        Assert.Contains("non-zero quantity", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var queued = await (await client.GetAsync("/api/v2/exceptions?reason=odoo_rejected&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var entry = Assert.Single(queued["items"]!.AsArray(), e => e!["salesforceId"]?.GetValue<string>() == caseId)!;
        Assert.Equal("createReturn", entry["operation"]!.GetValue<string>());

        gateway.Reset();
        var replayed = await (await client.PostAsync($"/api/v2/exceptions/{entry["exceptionId"]!.GetValue<string>()}/replay", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", replayed["outcome"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.ReturnPickings(int.Parse(orderId, CultureInfo.InvariantCulture)));
    }
}
