using System.Text.Json.Nodes;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Tests.Client;
using RetailGateway.Odoo.Tests.Mapping;
using RetailGateway.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RetailGateway.Odoo.Tests.Aggregates;

/// <summary>
/// A return made through Odoo's wizard by the real client, against answers shaped as the recorded round 2 (lines 14-20):
/// the calls must be the ones real Odoo received, per version and protocol.
/// </summary>
public sealed class OdooReturnsTests
{
    private const string WizardLines = """
        [{"id": 2, "product_return_moves": [
          {"id": 1, "product_id": {"id": 8, "default_code": "FURN_7800"}, "quantity": 2.0, "move_id": {"id": 54, "display_name": "WH/OUT/00015"}},
          {"id": 3, "product_id": {"id": 9, "default_code": "DESK0005"}, "quantity": 3.0, "move_id": {"id": 55, "display_name": "WH/OUT/00015"}}]}]
        """;

    private static ReturnDraft Draft() =>
        new(ReturnMappingTests.Delivery(), new Dictionary<string, decimal> { ["FURN_7800"] = 1 }, "500Dn00000CASE01", "Damaged");

    [Fact]
    public async Task Create_OnOdoo17_RunsTheWizardAsRecorded_WritesEveryLine_AndCallsCreateReturns()
    {
        var action = Recording.Get(Recording.Odoo17JsonRpcRound2, "return: create_returns");
        using var odoo = FakeOdoo.Start().AsOdoo17();
        // The recording created from a list of values (answer [2]); the client sends one record's values, which Odoo answers with the id.
        ExecuteKw(odoo, "stock.return.picking", "create", Result(JsonValue.Create(2)));
        ExecuteKw(odoo, "stock.return.picking", "web_read", Result(JsonNode.Parse(WizardLines)));
        ExecuteKw(odoo, "stock.return.picking", "write", Result(true));
        ExecuteKw(odoo, "stock.return.picking", "create_returns", Result(action.Response!["result"]));
        ExecuteKw(odoo, "stock.picking", "write", Result(true));
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);

        var returnId = await new OdooReturns(harness.Client).CreateAsync(Draft(), CancellationToken.None);

        Assert.Equal(29, returnId);
        var calls = Calls(odoo);
        Assert.Equal(["stock.return.picking.create", "stock.return.picking.web_read", "stock.return.picking.write", "stock.return.picking.create_returns", "stock.picking.write"], calls.Select(c => c.Name));
        var recordedCreate = Recording.Get(Recording.Odoo17JsonRpcRound2, "return wizard for the delivery").RequestBody!["params"]!["args"]!.AsArray();
        JsonAssert.Equal(new JsonArray(recordedCreate[5]![0]![0]!.DeepClone()), calls[0].Args[5]);
        JsonAssert.Equal(recordedCreate[6], calls[0].Args[6]);
        JsonAssert.Equal(JsonNode.Parse("""[[2], {"product_return_moves": [[1, 1, {"quantity": 1}], [1, 3, {"quantity": 0}]]}]"""), calls[2].Args[5]);
        JsonAssert.Equal(action.RequestBody!["params"]!["args"]![6], calls[3].Args[6]);
        JsonAssert.Equal(JsonNode.Parse("""[[29], {"origin": "500Dn00000CASE01: Return of WH/OUT/00015", "note": "<p>Damaged</p>"}]"""), calls[4].Args[5]);
    }

    [Fact]
    public async Task Create_OnOdoo19_CallsActionCreateReturns_WithTheRecordedBodies()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19()
            .Reply("/json/2/stock.return.picking/create", Recording.Get(Recording.Odoo19Json2Round2, "return wizard for the delivery"))
            .Reply("/json/2/stock.return.picking/web_read", Json(200, WizardLines))
            .Reply("/json/2/stock.return.picking/write", Json(200, "true"))
            .Reply("/json/2/stock.return.picking/action_create_returns", Json(200, """{"type": "ir.actions.act_window", "res_model": "stock.picking", "res_id": 22, "view_mode": "form"}"""))
            .Reply("/json/2/stock.picking/write", Json(200, "true"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);
        var draft = Draft() with { Delivery = ReturnMappingTests.Transfer(DeliveryJson(21)) };

        var returnId = await new OdooReturns(harness.Client).CreateAsync(draft, CancellationToken.None);

        Assert.Equal(22, returnId);
        var recordedCreate = Recording.Get(Recording.Odoo19Json2Round2, "return wizard for the delivery").RequestBody!;
        JsonAssert.Equal(recordedCreate, Single(odoo, "/json/2/stock.return.picking/create"));
        var recordedAction = Recording.Get(Recording.Odoo19Json2Round2, "return: action_create_returns").RequestBody!;
        JsonAssert.Equal(recordedAction, Single(odoo, "/json/2/stock.return.picking/action_create_returns"));
        JsonAssert.Equal(JsonNode.Parse("""{"product_return_moves": [[1, 1, {"quantity": 1}], [1, 3, {"quantity": 0}]]}"""), Single(odoo, "/json/2/stock.return.picking/write")["vals"]);
        Assert.Equal(0, odoo.Count("/json/2/stock.return.picking/create_returns"));
    }

    /// <summary>19 refuses an all-zero return with a UserError (HTTP 422): a business refusal, and nothing is written after it.</summary>
    [Fact]
    public async Task Create_OnOdoo19_TheRecordedUserError_IsABusinessRefusal()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19()
            .Reply("/json/2/stock.return.picking/create", Recording.Get(Recording.Odoo19Json2Round2, "return wizard for the delivery"))
            .Reply("/json/2/stock.return.picking/web_read", Json(200, WizardLines))
            .Reply("/json/2/stock.return.picking/write", Json(200, "true"))
            .Reply("/json/2/stock.return.picking/action_create_returns", Recording.Get(Recording.Odoo19Json2Round2, "return: action_create_returns"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var refused = await Assert.ThrowsAsync<OdooException>(() => new OdooReturns(harness.Client).CreateAsync(Draft() with { Delivery = ReturnMappingTests.Transfer(DeliveryJson(21)) }, CancellationToken.None));

        Assert.Equal(OdooFailure.BusinessRule, refused.Failure);
        Assert.Contains("non-zero quantity", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, odoo.Count("/json/2/stock.picking/write"));
    }

    [Fact]
    public async Task Create_WhenTheWizardAnswersNoReturnPicking_IsAnOdooError_AndWritesNoOrigin()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19()
            .Reply("/json/2/stock.return.picking/create", Json(200, "[2]"))
            .Reply("/json/2/stock.return.picking/web_read", Json(200, WizardLines))
            .Reply("/json/2/stock.return.picking/write", Json(200, "true"))
            .Reply("/json/2/stock.return.picking/action_create_returns", Json(200, "true"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var failed = await Assert.ThrowsAsync<OdooException>(() => new OdooReturns(harness.Client).CreateAsync(Draft(), CancellationToken.None));

        Assert.Equal(OdooFailure.ProtocolMismatch, failed.Failure);
        Assert.Equal(0, odoo.Count("/json/2/stock.picking/write"));
    }

    [Fact]
    public async Task Validate_SkipsSmsAsRecorded_AndIsTrueOnlyForTrue()
    {
        var recorded = Recording.Get(Recording.Odoo19Json2Round2, "validate delivery (skip sms)");
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply(recorded.RequestPath, recorded);
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        Assert.True(await new OdooReturns(harness.Client).ValidateAsync(21, CancellationToken.None));
        JsonAssert.Equal(recorded.RequestBody, Single(odoo, recorded.RequestPath));

        odoo.Reply(recorded.RequestPath, Json(200, """{"type": "ir.actions.act_window", "res_model": "stock.backorder.confirmation", "target": "new"}"""));
        Assert.False(await new OdooReturns(harness.Client).ValidateAsync(21, CancellationToken.None));
    }

    [Fact]
    public async Task FindBySalesforceId_SearchesTheOrdersReturnsByOrigin_AndKeepsOnlyTheExactCaseId()
    {
        var lookalike = ReturnJson(29, "500Dn00000CASE0X1: Return of WH/OUT/00015");
        var exact = ReturnJson(30, "500Dn00000CASE0_: Return of WH/OUT/00015");
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply("/json/2/stock.picking/web_search_read", Json(200, $$"""{"length": 2, "records": [{{lookalike}}, {{exact}}]}"""));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var found = await new OdooReturns(harness.Client).FindBySalesforceIdAsync(28, "500Dn00000CASE0_", CancellationToken.None);

        Assert.Equal(30, found?.Id);
        JsonAssert.Equal(
            JsonNode.Parse("""[["return_id", "!=", false], ["sale_id", "=", 28], ["origin", "=like", "500Dn00000CASE0_:%"]]"""),
            Single(odoo, "/json/2/stock.picking/web_search_read")["domain"]);
    }

    [Fact]
    public async Task Find_ADeliveryOrAMissingTransfer_IsNoReturn()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply("/json/2/stock.picking/web_read", Json(200, "[" + DeliveryJson(21) + "]"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        Assert.Null(await new OdooReturns(harness.Client).FindAsync(21, CancellationToken.None));
        odoo.Reply("/json/2/stock.picking/web_read", Json(200, "[]"));
        Assert.Null(await new OdooReturns(harness.Client).FindAsync(99, CancellationToken.None));
        odoo.Reply("/json/2/stock.picking/web_read", Json(200, "[" + ReturnJson(29, "500Dn00000CASE01: Return of WH/OUT/00015") + "]"));
        Assert.Equal("WH/OUT/00015", (await new OdooReturns(harness.Client).FindAsync(29, CancellationToken.None))?.ReturnId?.DisplayName);
    }

    private static string DeliveryJson(long id) => $$"""
        {"id": {{id}}, "name": "WH/OUT/00015", "state": "done", "picking_type_code": "outgoing", "return_id": false, "sale_id": {"id": 28, "display_name": "S00028"},
         "origin": "S00028", "note": false, "date_done": "2026-12-02 10:00:00", "create_date": "2026-12-01 09:00:00", "write_date": "2026-12-02 10:00:00",
         "move_ids": [{"id": 54, "product_id": {"id": 8, "default_code": "FURN_7800"}, "product_uom_qty": 2.0, "quantity": 2.0, "state": "done"},
                      {"id": 55, "product_id": {"id": 9, "default_code": "DESK0005"}, "product_uom_qty": 3.0, "quantity": 3.0, "state": "done"}]}
        """;

    private static string ReturnJson(long id, string origin) => $$"""
        {"id": {{id}}, "name": "WH/IN/000{{id}}", "state": "assigned", "picking_type_code": "incoming", "return_id": {"id": 21, "display_name": "WH/OUT/00015"},
         "sale_id": {"id": 28, "display_name": "S00028"}, "origin": "{{origin}}", "note": "<p>Damaged</p>", "date_done": false,
         "create_date": "2026-12-02 11:00:00", "write_date": "2026-12-02 11:00:00",
         "move_ids": [{"id": 70, "product_id": {"id": 8, "default_code": "FURN_7800"}, "product_uom_qty": 1.0, "quantity": 0.0, "state": "assigned"}]}
        """;

    /// <summary>Answers the JSON-RPC <c>execute_kw</c> of <paramref name="model"/>.<paramref name="method"/> alone.</summary>
    private static void ExecuteKw(FakeOdoo odoo, string model, string method, IResponseBuilder response) =>
        odoo.Server.Given(Request.Create().WithPath("/jsonrpc").UsingPost().WithBody((string? body) => IsCall(body, model, method))).RespondWith(response);

    private static bool IsCall(string? body, string model, string method)
    {
        var parameters = body is null ? null : JsonNode.Parse(body)?["params"];
        return (string?)parameters?["method"] == "execute_kw" && (string?)parameters["args"]![3] == model && (string?)parameters["args"]![4] == method;
    }

    private static List<(string Name, JsonArray Args)> Calls(FakeOdoo odoo) =>
        [.. odoo.ReceivedJsonRpc("object", "execute_kw").Select(body => body["params"]!["args"]!.AsArray()).Select(args => ($"{args[3]}.{args[4]}", args))];

    private static JsonNode Single(FakeOdoo odoo, string path) => Assert.Single(odoo.Received(path));

    private static IResponseBuilder Result(JsonNode? result) =>
        Json(200, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["result"] = result?.DeepClone() }.ToJsonString());

    private static IResponseBuilder Result(bool result) => Result(JsonValue.Create(result));

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body);
}
