using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RetailGateway.Odoo.Client;
using RetailGateway.Pact.Tests.Odoo;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// Sets up the provider states of the Odoo pacts through Odoo's API only (the gateway's Odoo client,
/// and a JSON-RPC login for the uid), so it works the same on the sandbox and on a real Odoo: it finds
/// or creates the records an interaction needs and answers their ids. Records it creates on a real Odoo
/// stay there (customers and products are found again by Salesforce id and SKU on the next run).
/// </summary>
internal sealed class OdooSetup(OdooTarget target, IOdooClient odoo, IHttpClientFactory httpClientFactory)
{
    private static readonly CancellationToken None = CancellationToken.None;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) ?? new JsonObject();
        if (request["action"]?.GetValue<string>() is "teardown")
        {
            return Results.Json(new JsonObject());
        }

        var state = request["state"]?.GetValue<string>() ?? string.Empty;
        await PostPactCreditNotesAsync();
        var parameters = request["params"] as JsonObject ?? [];
        string Param(string name) => parameters[name]?.ToString() ?? throw new InvalidOperationException($"State '{state}' needs parameter {name}.");

        JsonObject? values = state switch
        {
            OdooStates.ApiUser => await ApiUserAsync(),
            OdooStates.CustomerExists => new JsonObject { ["partnerId"] = await CustomerAsync(Param("ref")) },
            OdooStates.NewSalesforceId => new JsonObject { ["newRef"] = Fresh() },
            OdooStates.ProductExists => await ProductAsync(Param("sku")),
            OdooStates.DraftOrder => await OrderAsync(Param("ref"), Param("sku"), confirm: false, lockIt: false),
            OdooStates.ConfirmedOrder => await OrderAsync(Param("ref"), Param("sku"), confirm: true, lockIt: false),
            OdooStates.LockedOrder => await OrderAsync(Param("ref"), Param("sku"), confirm: true, lockIt: true),
            OdooStates.DeliveredOrder => await DeliveredOrderAsync(Param("ref"), Param("sku")),
            OdooStates.ReturnWizard => await ReturnWizardAsync(Param("ref"), Param("sku")),
            OdooStates.ReturnExists => await ReturnAsync(Param("ref"), Param("sku"), Param("case")),
            OdooStates.InvoiceExists => new JsonObject { ["invoiceId"] = await InvoiceAsync() },
            OdooStates.InvoiceWithLines => await InvoiceWithLinesAsync(Param("sku"), wizard: false, reverse: false),
            OdooStates.CreditNoteWizard => await InvoiceWithLinesAsync(Param("sku"), wizard: true, reverse: false),
            OdooStates.DraftCreditNote => await InvoiceWithLinesAsync(Param("sku"), wizard: true, reverse: true),
            OdooStates.NothingWithId => [],
            _ => null,
        };
        return values is null
            ? Results.Problem($"Unknown provider state '{state}'.", statusCode: StatusCodes.Status400BadRequest)
            : Results.Json(values);
    }

    private async Task<JsonObject> ApiUserAsync()
    {
        var us = await FirstIdAsync("res.country", [new JsonArray("code", "=", "US")]);
        var illinois = await FirstIdAsync("res.country.state", [new JsonArray("code", "=", "IL"), new JsonArray("country_id", "=", us)]);
        return new JsonObject
        {
            ["database"] = target.Database,
            ["login"] = target.Login,
            ["apiKey"] = target.ApiKey,
            ["uid"] = await UidAsync(),
            ["countryId"] = us,
            ["stateId"] = illinois,
        };
    }

    /// <summary>The API user's uid, as JSON-RPC's <c>common.authenticate</c> answers it (JSON-2 requests do not carry one).</summary>
    private async Task<long> UidAsync()
    {
        var server = await odoo.GetServerAsync(None);
        if (server.Protocol == RetailGateway.Odoo.OdooProtocol.Json2)
        {
            return 0;
        }

        using var http = httpClientFactory.CreateClient();
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "call",
            ["id"] = 1,
            ["params"] = new JsonObject { ["service"] = "common", ["method"] = "authenticate", ["args"] = new JsonArray(target.Database, target.Login, target.ApiKey, new JsonObject()) },
        };
        using var response = await http.PostAsJsonAsync(new Uri(target.Url, "jsonrpc"), body);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        return answer?["result"] is JsonValue uid && uid.TryGetValue<long>(out var id)
            ? id
            : throw new InvalidOperationException($"Odoo refused the login of {target.Login} on {target.Database}.");
    }

    /// <summary>A customer with every field the gateway reads set, whatever an earlier interaction wrote to it.</summary>
    private async Task<long> CustomerAsync(string reference)
    {
        var us = await FirstIdAsync("res.country", [new JsonArray("code", "=", "US")]);
        var values = new JsonObject
        {
            ["name"] = "Acme Retail",
            ["email"] = "buyer@acme.example",
            ["phone"] = "+1 555 0100",
            ["is_company"] = true,
            ["vat"] = "US123456789",
            ["street"] = "1 Market St",
            ["city"] = "Springfield",
            ["zip"] = "62701",
            ["country_id"] = us,
            ["state_id"] = await FirstIdAsync("res.country.state", [new JsonArray("code", "=", "IL"), new JsonArray("country_id", "=", us)]),
            ["parent_id"] = false,
            ["customer_rank"] = 1,
        };
        if (await FindIdAsync("res.partner", [new JsonArray("ref", "=", reference)]) is { } id)
        {
            await odoo.WriteAsync("res.partner", [id], values, None);
            return id;
        }

        values["ref"] = reference;
        return await odoo.CreateAsync("res.partner", values, null, None);
    }

    private async Task<JsonObject> ProductAsync(string sku)
    {
        var id = await FindIdAsync("product.product", [new JsonArray("default_code", "=", sku)]);
        if (id is null)
        {
            var server = await odoo.GetServerAsync(None);
            var values = new JsonObject { ["name"] = "Large Cabinet", ["default_code"] = sku, ["list_price"] = 750 };
            if (server.MajorVersion >= 18)
            {
                values["type"] = "consu";
                values["is_storable"] = true;
            }
            else
            {
                values["detailed_type"] = "product";
            }

            id = await odoo.CreateAsync("product.product", values, null, None);
        }

        var warehouse = await FindIdAsync("stock.warehouse", [new JsonArray("code", "=", "WH")]) ?? await FirstIdAsync("stock.warehouse", []);
        return new JsonObject { ["productId"] = id, ["warehouseId"] = warehouse };
    }

    private async Task<JsonObject> OrderAsync(string customerRef, string sku, bool confirm, bool lockIt)
    {
        var partnerId = await CustomerAsync(customerRef);
        var productId = (await ProductAsync(sku))["productId"]!.GetValue<long>();
        var orderRef = Fresh();
        var orderId = await odoo.CreateAsync(
            "sale.order",
            new JsonObject
            {
                ["partner_id"] = partnerId,
                ["client_order_ref"] = orderRef,
                ["order_line"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["product_id"] = productId, ["product_uom_qty"] = 2 })),
            },
            null,
            None);
        var values = new JsonObject { ["orderId"] = orderId, ["orderRef"] = orderRef, ["partnerId"] = partnerId, ["productId"] = productId };
        if (confirm)
        {
            await odoo.CallMethodAsync("sale.order", "action_confirm", [orderId], null, None);
            var order = await odoo.ReadAsync("sale.order", [orderId], ["picking_ids"], RawJsonContext.Default.JsonElement, None);
            values["pickingId"] = order[0].GetProperty("picking_ids")[0].GetInt64();
        }

        if (lockIt)
        {
            await odoo.CallMethodAsync("sale.order", "action_lock", [orderId], null, None);
        }

        return values;
    }

    /// <summary>A confirmed order whose delivery was validated (SMS confirmation skipped, as the gateway does).</summary>
    private async Task<JsonObject> DeliveredOrderAsync(string customerRef, string sku)
    {
        var values = await OrderAsync(customerRef, sku, confirm: true, lockIt: false);
        var pickingId = values["pickingId"]!.GetValue<long>();
        var validated = await odoo.CallMethodAsync("stock.picking", "button_validate", [pickingId], new JsonObject { ["skip_sms"] = true }, None);
        if (validated.ValueKind != JsonValueKind.True)
        {
            throw new InvalidOperationException($"Odoo did not validate delivery {pickingId}: {validated.GetRawText()}");
        }

        return values;
    }

    /// <summary>A delivered order and a return wizard for its delivery whose one line returns 1.</summary>
    private async Task<JsonObject> ReturnWizardAsync(string customerRef, string sku)
    {
        var values = await DeliveredOrderAsync(customerRef, sku);
        var pickingId = values["pickingId"]!.GetValue<long>();
        var context = new JsonObject { ["active_id"] = pickingId, ["active_ids"] = new JsonArray(pickingId), ["active_model"] = "stock.picking" };
        var wizardId = await odoo.CreateAsync("stock.return.picking", new JsonObject { ["picking_id"] = pickingId }, context, None);
        var wizard = await odoo.ReadAsync("stock.return.picking", [wizardId], ["product_return_moves"], RawJsonContext.Default.JsonElement, None);
        var lineId = wizard[0].GetProperty("product_return_moves")[0].GetInt64();
        var line = await odoo.ReadAsync("stock.return.picking.line", [lineId], ["move_id"], RawJsonContext.Default.JsonElement, None);
        await odoo.WriteAsync("stock.return.picking", [wizardId], new JsonObject { ["product_return_moves"] = new JsonArray(new JsonArray(1, lineId, new JsonObject { ["quantity"] = 1 })) }, None);
        values["wizardId"] = wizardId;
        values["wizardLineId"] = lineId;
        values["moveId"] = line[0].GetProperty("move_id")[0].GetInt64();
        return values;
    }

    /// <summary>A delivered order with a return of 1 made for the Case <paramref name="caseRef"/>, not yet received.</summary>
    private async Task<JsonObject> ReturnAsync(string customerRef, string sku, string caseRef)
    {
        var values = await ReturnWizardAsync(customerRef, sku);
        var pickingId = values["pickingId"]!.GetValue<long>();
        var context = new JsonObject { ["active_id"] = pickingId, ["active_ids"] = new JsonArray(pickingId), ["active_model"] = "stock.picking" };
        var server = await odoo.GetServerAsync(None);
        var action = await odoo.CallMethodAsync("stock.return.picking", server.Dialect.CreateReturnsMethod, [values["wizardId"]!.GetValue<long>()], context, None);
        var returnId = action.GetProperty("res_id").GetInt64();
        var delivery = await odoo.ReadAsync("stock.picking", [pickingId], ["name"], RawJsonContext.Default.JsonElement, None);
        await odoo.WriteAsync("stock.picking", [returnId], new JsonObject { ["origin"] = $"{caseRef}: Return of {delivery[0].GetProperty("name").GetString()}", ["note"] = "<p>Damaged</p>" }, None);
        values["returnId"] = returnId;
        values["caseRef"] = caseRef;
        return values;
    }

    /// <summary>A posted customer invoice: one already there, or one created and posted for the pact's customer.</summary>
    private async Task<long> InvoiceAsync()
    {
        var posted = new JsonArray(new JsonArray("move_type", "in", new JsonArray("out_invoice", "out_refund")), new JsonArray("state", "=", "posted"));
        if (await FindIdAsync("account.move", posted) is { } existing)
        {
            return existing;
        }

        var partnerId = await CustomerAsync("001PACTODOOINV1");
        var invoiceId = await odoo.CreateAsync(
            "account.move",
            new JsonObject
            {
                ["move_type"] = "out_invoice",
                ["partner_id"] = partnerId,
                ["invoice_date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["invoice_line_ids"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["name"] = "Large Cabinet", ["quantity"] = 1, ["price_unit"] = 750 })),
            },
            null,
            None);
        await odoo.CallMethodAsync("account.move", "action_post", [invoiceId], null, None);
        return invoiceId;
    }

    /// <summary>
    /// A posted invoice made for the pact, of 3 of the product and 2 of a second one; then, as asked, the credit-note wizard for it
    /// and the draft credit note it makes.
    /// </summary>
    private async Task<JsonObject> InvoiceWithLinesAsync(string sku, bool wizard, bool reverse)
    {
        var partnerId = await CustomerAsync("001PACTODOOINV1");
        var productId = (await ProductAsync(sku))["productId"]!.GetValue<long>();
        var otherId = (await ProductAsync(sku + "-B"))["productId"]!.GetValue<long>();
        var invoiceId = await odoo.CreateAsync(
            "account.move",
            new JsonObject
            {
                ["move_type"] = "out_invoice",
                ["partner_id"] = partnerId,
                ["invoice_date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["invoice_date_due"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["invoice_line_ids"] = new JsonArray(
                    new JsonArray(0, 0, new JsonObject { ["product_id"] = productId, ["name"] = "Large Cabinet", ["quantity"] = 3, ["price_unit"] = 750 }),
                    new JsonArray(0, 0, new JsonObject { ["product_id"] = otherId, ["name"] = "Small Cabinet", ["quantity"] = 2, ["price_unit"] = 250 })),
            },
            null,
            None);
        await odoo.CallMethodAsync("account.move", "action_post", [invoiceId], null, None);
        var invoice = await odoo.ReadAsync("account.move", [invoiceId], ["journal_id"], RawJsonContext.Default.JsonElement, None);
        var journalId = invoice[0].GetProperty("journal_id")[0].GetInt64();
        var values = new JsonObject { ["invoiceId"] = invoiceId, ["journalId"] = journalId };
        if (!wizard)
        {
            return values;
        }

        var context = new JsonObject { ["active_model"] = "account.move", ["active_ids"] = new JsonArray(invoiceId) };
        var wizardId = await odoo.CreateAsync(
            "account.move.reversal",
            new JsonObject { ["reason"] = PactCase + ": pact", ["journal_id"] = journalId, ["move_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(invoiceId))) },
            context,
            None);
        values["wizardId"] = wizardId;
        if (!reverse)
        {
            return values;
        }

        var action = await odoo.CallMethodAsync("account.move.reversal", "reverse_moves", [wizardId], (JsonObject)context.DeepClone(), None);
        var creditNoteId = action.GetProperty("res_id").GetInt64();
        var creditNote = await odoo.ReadAsync("account.move", [creditNoteId], ["invoice_line_ids"], RawJsonContext.Default.JsonElement, None);
        var lines = creditNote[0].GetProperty("invoice_line_ids").EnumerateArray().Select(l => l.GetInt64()).Order().ToList();
        values["creditNoteId"] = creditNoteId;
        values["lineId"] = lines[0];
        values["otherLineId"] = lines[1];
        return values;
    }

    /// <summary>
    /// Posts the draft credit notes earlier interactions left (the state's and those <c>reverse_moves</c> made), before the next
    /// interaction: a draft has no number (false on Odoo 19), which the invoice searches and change windows would then answer.
    /// </summary>
    private async Task PostPactCreditNotesAsync()
    {
        var drafts = new JsonArray(
            new JsonArray("move_type", "=", "out_refund"),
            new JsonArray("state", "=", "draft"),
            new JsonArray("ref", "ilike", PactCase));
        var found = await odoo.SearchReadAsync(new OdooQuery("account.move", drafts, ["id"], 100) { Order = "id asc" }, RawJsonContext.Default.JsonElement, None);
        foreach (var draft in found)
        {
            await odoo.CallMethodAsync("account.move", "action_post", [draft.GetProperty("id").GetInt64()], null, None);
        }
    }

    /// <summary>The Case id of every credit note the pacts make.</summary>
    private const string PactCase = "500PACTODOOCASE";

    private async Task<long?> FindIdAsync(string model, JsonArray domain)
    {
        var found = await odoo.SearchReadAsync(new OdooQuery(model, domain, ["id"], 1) { Order = "id asc" }, RawJsonContext.Default.JsonElement, None);
        return found.Count == 0 ? null : found[0].GetProperty("id").GetInt64();
    }

    private async Task<long> FirstIdAsync(string model, JsonArray domain) =>
        await FindIdAsync(model, domain) ?? throw new InvalidOperationException($"Odoo has no {model} matching {domain.ToJsonString()}.");

    private static string Fresh() => "PACT" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
}
