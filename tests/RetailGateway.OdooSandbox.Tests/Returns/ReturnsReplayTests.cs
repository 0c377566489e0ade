using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Protocol;

namespace RetailGateway.OdooSandbox.Tests.Returns;

/// <summary>
/// The values (not only the shapes) of the replayed round-2 return and credit-note exchanges: on 17 the wizard defaults to
/// the delivered quantity and create_returns makes WH/IN/... that leaves the order partially delivered; on 19 the lines
/// default to 0, so action_create_returns is a UserError and create_returns does not exist.
/// </summary>
public sealed class Odoo17ReturnsReplayTests(Odoo17Round2Replay replay) : IClassFixture<Odoo17Round2Replay>
{
    [Fact]
    public void CreateReturns_AnswersTheReturnedPickingAction()
    {
        var action = Body("return: create_returns").AsObject();

        Assert.Equal("Returned Picking", (string)action["name"]!);
        Assert.Equal("form,tree,calendar", (string)action["view_mode"]!);
        Assert.Equal("stock.picking", (string)action["res_model"]!);
        Assert.Equal("ir.actions.act_window", (string)action["type"]!);
        var context = action["context"]!.AsObject();
        Assert.Equal("stock.picking", (string)context["active_model"]!);
        Assert.Equal(1, (int)context["search_default_picking_type_id"]!);
        Assert.False((bool)context["search_default_draft"]!);
        Assert.True(context["default_partner_id"]!.GetValue<int>() > 0);
        Assert.Equal(
            ["active_id", "active_ids", "active_model", "default_partner_id", "search_default_picking_type_id", "search_default_draft", "search_default_assigned",
                "search_default_confirmed", "search_default_ready", "search_default_planning_issues", "search_default_available"],
            context.Select(p => p.Key));
    }

    [Fact]
    public void OrderAfterReturn_IsPartial_WithTheReturnWaitingAndNothingTakenOffDelivered()
    {
        var returnId = (int)Body("return: create_returns")["res_id"]!;
        var order = Body("order pickings after return")[0]!;

        Assert.Equal("partial", (string)order["delivery_status"]!);
        var pickings = order["picking_ids"]!.AsArray();
        var delivery = pickings.Single(p => (string)p!["picking_type_code"]! == "outgoing")!;
        var returned = pickings.Single(p => (int)p!["id"]! == returnId)!;
        Assert.Equal("done", (string)delivery["state"]!);
        Assert.Equal("incoming", (string)returned["picking_type_code"]!);
        Assert.Equal("assigned", (string)returned["state"]!);
        Assert.StartsWith("WH/IN/", (string)returned["name"]!, StringComparison.Ordinal);
        Assert.Equal((int)delivery["id"]!, (int)returned["return_id"]!);
        Assert.Equal(2.0, (double)order["order_line"]![0]!["qty_delivered"]!);
    }

    [Fact]
    public void ReverseMoves_MakesADraftCreditNoteNamedSlash()
    {
        var action = Body("credit note: reverse_moves");
        var creditNote = Assert.Single(Body("credit notes of that invoice").AsArray())!;

        Assert.Equal("Reverse Moves", (string)action["name"]!);
        Assert.Equal("form", (string)action["view_mode"]!);
        Assert.Equal("out_refund", (string)action["context"]!["default_move_type"]!);
        Assert.Equal((int)creditNote["id"]!, (int)action["res_id"]!);
        Assert.Equal("/", (string)creditNote["name"]!);
        Assert.Equal("draft", (string)creditNote["state"]!);
        Assert.Equal("out_refund", (string)creditNote["move_type"]!);
        Assert.Equal("not_paid", (string)creditNote["payment_state"]!);
        var invoice = Body("posted customer invoice")[0]!;
        Assert.Equal((double)invoice["amount_total"]!, (double)creditNote["amount_total"]!);
        Assert.Equal((int)invoice["id"]!, (int)creditNote["reversed_entry_id"]![0]!);
        Assert.Equal("Customer Invoices", (string)invoice["journal_id"]![1]!);
    }

    private JsonNode Body(string name) => replay.Answers[name].Json!["result"]!;
}

public sealed class Odoo19ReturnsReplayTests(Odoo19Round2Replay replay) : IClassFixture<Odoo19Round2Replay>
{
    [Fact]
    public void ActionCreateReturns_WithTheDefaultZeroQuantities_IsA422UserError()
    {
        var answer = replay.Answers["return: action_create_returns"];

        Assert.Equal(422, answer.Status);
        Assert.Equal("odoo.exceptions.UserError", (string)answer.Json!["name"]!);
        Assert.Equal("Please specify at least one non-zero quantity.", (string)answer.Json["message"]!);
    }

    [Fact]
    public void CreateReturns_DoesNotExistOn19()
    {
        var answer = replay.Answers["return: create_returns"];

        Assert.Equal(404, answer.Status);
        Assert.Equal("werkzeug.exceptions.NotFound", (string)answer.Json!["name"]!);
    }

    [Fact]
    public void OrderAfterTheRefusedReturn_IsStillFull_WithNoReturnPicking()
    {
        var order = replay.Answers["order pickings after return"].Json![0]!;

        Assert.Equal("full", (string)order["delivery_status"]!);
        Assert.Single(order["picking_ids"]!.AsArray());
    }

    [Fact]
    public void ReverseMoves_MakesADraftCreditNoteWithoutAName()
    {
        var action = replay.Answers["credit note: reverse_moves"].Json!;
        var creditNote = Assert.Single(replay.Answers["credit notes of that invoice"].Json!.AsArray())!;

        Assert.Equal((int)creditNote["id"]!, (int)action["res_id"]!);
        Assert.False((bool)creditNote["name"]!);
        Assert.Equal("draft", (string)creditNote["state"]!);
        Assert.Equal("Sales", (string)replay.Answers["posted customer invoice"].Json![0]!["journal_id"]![1]!);
    }
}
