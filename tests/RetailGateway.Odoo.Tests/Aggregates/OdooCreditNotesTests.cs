using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Tests.Client;
using RetailGateway.Odoo.Tests.Mapping;
using RetailGateway.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RetailGateway.Odoo.Tests.Aggregates;

/// <summary>
/// A credit note through Odoo's wizard, as real Odoo 17 (JSON-RPC) and 19 (JSON-2) were recorded doing it: the wizard created
/// with the invoice's journal and the active-record context, then <c>reverse_moves</c>, whose action names the credit note.
/// </summary>
public sealed class OdooCreditNotesTests
{
    private const string Wizard = "credit-note wizard";
    private const string Reverse = "credit note: reverse_moves";

    [Fact]
    public async Task Reverse_OverJsonRpc_SendsTheRecordedWizardCallsAndAnswersTheCreditNote()
    {
        using var odoo = FakeOdoo.Start().AsOdoo17();
        var wizard = Recording.Get(Recording.Odoo17JsonRpcRound2, Wizard);
        var reverse = Recording.Get(Recording.Odoo17JsonRpcRound2, Reverse);
        // The recording created from a list of values and got a list of ids; the client creates one record, which Odoo answers with its id.
        ReplyExecuteKw(odoo, "create", JsonNode.Parse("""{"jsonrpc": "2.0", "id": 22, "result": 2}""")!);
        ReplyExecuteKw(odoo, "reverse_moves", reverse.Response!);
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);

        var creditNoteId = await Invoices(harness).ReverseAsync(1, 1, "FIX2 return", CancellationToken.None);

        Assert.Equal(25, creditNoteId);
        var sent = odoo.ReceivedJsonRpc("object", "execute_kw").Select(body => body["params"]!["args"]!.AsArray()).ToList();
        Assert.Equal(2, sent.Count);
        var recordedCreate = wizard.Request["body"]!["params"]!["args"]!.AsArray();
        Assert.Equal(["account.move.reversal", "create"], sent[0].Take(5).Skip(3).Select(a => (string)a!));
        JsonAssert.Equal(recordedCreate[5]![0]![0], sent[0][5]![0]);
        JsonAssert.Equal(recordedCreate[6], sent[0][6]);
        AssertArgs(reverse, sent[1]);
    }

    [Fact]
    public async Task Reverse_OverJson2_SendsTheRecordedBodiesAndAnswersTheCreditNote()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        var wizard = Recording.Get(Recording.Odoo19Json2Round2, Wizard);
        var reverse = Recording.Get(Recording.Odoo19Json2Round2, Reverse);
        odoo.Reply(wizard.RequestPath, wizard).Reply(reverse.RequestPath, reverse);
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var creditNoteId = await Invoices(harness).ReverseAsync(38, 7, "FIX2 return", CancellationToken.None);

        Assert.Equal(58, creditNoteId);
        JsonAssert.Equal(wizard.Request["body"], odoo.Received(wizard.RequestPath).Single());
        JsonAssert.Equal(reverse.Request["body"], odoo.Received(reverse.RequestPath).Single());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("""{"type": "ir.actions.act_window", "res_model": "account.move", "view_mode": "list", "domain": [["id", "in", [25, 26]]]}""")]
    [InlineData("""{"type": "ir.actions.act_window", "res_model": "account.move.reversal", "res_id": 2}""")]
    [InlineData("""{"type": "ir.actions.act_window_close"}""")]
    public async Task Reverse_WhenOdooAnswersAnythingButTheCreditNoteForm_IsAnOdooErrorNotASuccess(string answer)
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        var wizard = Recording.Get(Recording.Odoo19Json2Round2, Wizard);
        odoo.Reply(wizard.RequestPath, wizard)
            .Reply("/json/2/account.move.reversal/reverse_moves", Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(answer));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var failure = await Assert.ThrowsAsync<OdooException>(() => Invoices(harness).ReverseAsync(38, 7, "FIX2 return", CancellationToken.None));

        Assert.Equal(OdooFailure.ProtocolMismatch, failure.Failure);
    }

    [Fact]
    public async Task KeepLines_WritesTheAskedQuantitiesAndDeletesTheOtherLinesInOneWrite()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        odoo.Reply("/json/2/account.move/write", Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("true"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        await Invoices(harness).KeepLinesAsync(58, new Dictionary<long, decimal> { [301] = 1.5m }, [302, 303], CancellationToken.None);

        var body = odoo.Received("/json/2/account.move/write").Single();
        JsonAssert.Equal(JsonNode.Parse("[58]"), body["ids"]);
        JsonAssert.Equal(JsonNode.Parse("""{"invoice_line_ids": [[1, 301, {"quantity": 1.5}], [2, 302], [2, 303]]}"""), body["vals"]);
    }

    [Fact]
    public async Task WithCreditNotes_AsksForTheInvoiceAndItsCreditNotesWithLinesInOneCall()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        var records = """
            [{"id": 38, "name": "INV/2026/00008", "move_type": "out_invoice", "state": "posted", "journal_id": {"id": 7, "display_name": "Sales"},
              "reversed_entry_id": false, "ref": false, "invoice_line_ids": [{"id": 90, "product_id": {"id": 5, "display_name": "[FURN_7800] Desk"}, "name": "Desk", "quantity": 3, "price_unit": 250, "price_subtotal": 750, "price_total": 750, "display_type": "product"}]},
             {"id": 58, "name": false, "move_type": "out_refund", "state": "draft", "journal_id": {"id": 7, "display_name": "Sales"},
              "reversed_entry_id": {"id": 38, "display_name": "INV/2026/00008"}, "ref": "Reversal of: INV/2026/00008, 500Dn00000AbCdE: Damaged", "invoice_line_ids": [{"id": 91, "product_id": {"id": 5, "display_name": "[FURN_7800] Desk"}, "name": "Desk", "quantity": 1, "price_unit": 250, "price_subtotal": 250, "price_total": 250, "display_type": "product"}]}]
            """;
        odoo.Reply("/json/2/account.move/web_search_read", Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""{"length": 2, "records": {{records}}}"""));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var family = await Invoices(harness).WithCreditNotesAsync(38, CancellationToken.None);

        Assert.NotNull(family);
        Assert.Equal(38, family.Invoice.Id);
        Assert.Equal(58, Assert.Single(family.CreditNotes).Id);
        Assert.Equal(3m, Assert.Single(family.Invoice.Lines.Records).Quantity);
        var body = odoo.Received("/json/2/account.move/web_search_read").Single();
        JsonAssert.Equal(
            JsonNode.Parse("""[["move_type", "in", ["out_invoice", "out_refund"]], "|", ["id", "=", 38], ["reversed_entry_id", "=", 38]]"""),
            body["domain"]);
        Assert.NotNull(body["specification"]!["invoice_line_ids"]!["fields"]!["quantity"]);
        Assert.Equal("""{"fields":{"display_name":{}}}""", body["specification"]!["invoice_line_ids"]!["fields"]!["product_id"]!.ToJsonString());
    }

    private static OdooInvoices Invoices(ClientHarness harness) => harness.Services.GetRequiredService<OdooInvoices>();

    /// <summary>Answers the JSON-RPC <c>execute_kw</c> of one method with a recorded response.</summary>
    private static void ReplyExecuteKw(FakeOdoo odoo, string method, JsonNode response) =>
        odoo.Server.Given(Request.Create().WithPath("/jsonrpc").UsingPost().WithBody((string? body) => body is not null && body.Contains("\"execute_kw\"", StringComparison.Ordinal) && body.Contains($"\"{method}\"", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(response.ToJsonString()));

    /// <summary>The model, method, positional and keyword arguments are the recorded ones (database, user and key aside).</summary>
    private static void AssertArgs(Recording recording, JsonArray sent)
    {
        var recorded = recording.Request["body"]!["params"]!["args"]!.AsArray();
        for (var i = 3; i < recorded.Count; i++)
        {
            JsonAssert.Equal(recorded[i], sent[i]);
        }
    }
}
