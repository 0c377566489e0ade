using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Tests.Invoices;

/// <summary>
/// Credit notes through the real host against the sandbox over each Odoo protocol. Every test credits an invoice of its own,
/// posted in Odoo as finance would, for an order of the seed, with two products: 3 of the first, 2 of the second.
/// </summary>
public abstract class CreditNotesTests(CreditNoteGateway gateway)
{
    private readonly HttpClient _writer = gateway.Client("Invoices.Read", "Invoices.Write", "Orders.Read");
    private readonly HttpClient _reader = gateway.Client("Invoices.Read", "Orders.Read");
    private readonly HttpClient _operator = gateway.Client("Gateway.Operate");

    [Fact]
    public async Task Create_Full_IsADraftCreditNoteOfTheWholeInvoice_LinkedBothWays()
    {
        var invoice = await PostedInvoiceAsync();
        var caseId = CaseId();
        // Read first, so that what the credit note changes is in the cache and must be forgotten.
        Assert.Empty((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray());
        await (await _reader.GetAsync($"/api/v2/orders/{invoice.OrderId}")).ExpectAsync(HttpStatusCode.OK);

        using var response = await CreateAsync(invoice.Id, new { salesforceId = caseId, reason = "Damaged in transit", full = true });
        var note = await response.ExpectAsync(HttpStatusCode.Created);

        var noteId = note["invoiceId"]!.GetValue<string>();
        Assert.Equal($"/api/v2/invoices/{noteId}", response.Headers.Location!.OriginalString);
        Assert.Equal("creditNote", note["kind"]!.GetValue<string>());
        Assert.Equal("draft", note["status"]!.GetValue<string>());
        Assert.Null(note["invoiceNumber"]);
        Assert.Equal(invoice.Id, note["reversesInvoiceId"]!.GetValue<string>());
        Assert.Contains(caseId, note["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Damaged in transit", note["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(caseId, note["salesforceId"]!.GetValue<string>());
        var original = await GetV2Async(invoice.Id);
        Assert.Equal(original["amountTotal"]!.GetValue<decimal>(), note["amountTotal"]!.GetValue<decimal>());
        Assert.Equal(Lines(original), Lines(note));

        Assert.Equal([noteId], original["creditNoteIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        foreach (var version in new[] { "v1", "v2" })
        {
            var order = await (await _reader.GetAsync($"/api/{version}/orders/{invoice.OrderId}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(noteId, order["invoiceIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task V2_ListAndGet_AnswerLinesAndWhatReversesWhat()
    {
        var page = await (await _reader.GetAsync("/api/v2/invoices?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var items = page["items"]!.AsArray().Select(i => i!).ToList();
        var seededCreditNote = items.First(i => i["kind"]!.GetValue<string>() == "creditNote" && i["reversesInvoiceId"] is not null);
        var reversed = items.Single(i => i["invoiceId"]!.GetValue<string>() == seededCreditNote["reversesInvoiceId"]!.GetValue<string>());

        Assert.Contains(seededCreditNote["invoiceId"]!.GetValue<string>(), reversed["creditNoteIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Empty(seededCreditNote["creditNoteIds"]!.AsArray());
        Assert.NotNull(seededCreditNote["reason"]);
        Assert.Null(reversed["reason"]);
        foreach (var invoice in items.Where(i => i["status"]!.GetValue<string>() == "posted" && i["lines"]!.AsArray().Count > 0))
        {
            Assert.True(
                invoice["amountUntaxed"]!.GetValue<decimal>() == invoice["lines"]!.AsArray().Sum(l => l!["subtotal"]!.GetValue<decimal>()),
                invoice.ToJsonString());
        }

        var read = await GetV2Async(reversed["invoiceId"]!.GetValue<string>());
        Assert.Equal(reversed.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Create_FullAndPosted_IsNumberedByOdoo()
    {
        var invoice = await PostedInvoiceAsync();

        var note = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Goodwill", full = true, post = true })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("posted", note["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(note["invoiceNumber"]?.GetValue<string>()));
        var read = await GetV2Async(note["invoiceId"]!.GetValue<string>());
        Assert.Equal("posted", read["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_SameCaseAgain_Answers200WithTheSameCreditNoteAndCreatesNothing()
    {
        var invoice = await PostedInvoiceAsync();
        var body = new { salesforceId = CaseId(), reason = "Wrong colour", lines = new[] { new { sku = invoice.Skus[0], quantity = 1m } } };

        var first = await (await CreateAsync(invoice.Id, body)).ExpectAsync(HttpStatusCode.Created);
        var again = await (await CreateAsync(invoice.Id, body)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first["invoiceId"]!.GetValue<string>(), again["invoiceId"]!.GetValue<string>());
        Assert.Single((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray());
    }

    [Fact]
    public async Task Create_ConcurrentlyForOneCase_MakesOneCreditNote()
    {
        var invoice = await PostedInvoiceAsync();
        var body = new { salesforceId = CaseId(), reason = "Duplicate clicks", full = true };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CreateAsync(invoice.Id, body)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["invoiceId"]!.GetValue<string>()));
        Assert.Single(ids.Distinct());
        Assert.Single((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray());
    }

    [Fact]
    public async Task Create_Partial_CreditsOnlyTheAskedProductsWithOdoosAmounts()
    {
        var invoice = await PostedInvoiceAsync();
        var original = await GetV2Async(invoice.Id);
        var firstLine = original["lines"]!.AsArray().Select(l => l!).Single(l => l["sku"]!.GetValue<string>() == invoice.Skus[0]);

        var note = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "One broken", lines = new[] { new { sku = invoice.Skus[0], quantity = 1m } } }))
            .ExpectAsync(HttpStatusCode.Created);

        var line = Assert.Single(note["lines"]!.AsArray())!;
        Assert.Equal(invoice.Skus[0], line["sku"]!.GetValue<string>());
        Assert.Equal(1m, line["quantity"]!.GetValue<decimal>());
        Assert.Equal(firstLine["unitPrice"]!.GetValue<decimal>(), line["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(firstLine["subtotal"]!.GetValue<decimal>() / 3, line["subtotal"]!.GetValue<decimal>());
        Assert.Equal(line["subtotal"]!.GetValue<decimal>(), note["amountUntaxed"]!.GetValue<decimal>());
        Assert.True(note["amountTotal"]!.GetValue<decimal>() < original["amountTotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Create_SameCaseAfterAnAttemptStoppedHalfWay_TrimsAndPostsTheDraftItLeft()
    {
        var invoice = await PostedInvoiceAsync();
        var caseId = CaseId();
        var invoiceId = long.Parse(invoice.Id, System.Globalization.CultureInfo.InvariantCulture);
        // What an attempt leaves when Odoo refuses the line write after the wizard ran: the full draft, made for the Case.
        var invoices = gateway.Gateway.Services.GetRequiredService<OdooInvoices>();
        var journal = (await invoices.WithCreditNotesAsync(invoiceId, CancellationToken.None))!.Invoice.JournalId!.Id;
        var draftId = await invoices.ReverseAsync(invoiceId, journal, RetailGateway.Odoo.Mapping.InvoiceMapping.ReversalReason(caseId, "One broken"), CancellationToken.None);

        var note = await (await CreateAsync(invoice.Id, new { salesforceId = caseId, reason = "One broken", lines = new[] { new { sku = invoice.Skus[1], quantity = 1m } }, post = true }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(draftId.ToString(System.Globalization.CultureInfo.InvariantCulture), note["invoiceId"]!.GetValue<string>());
        Assert.Equal("posted", note["status"]!.GetValue<string>());
        var line = Assert.Single(Lines(note));
        Assert.Equal((invoice.Skus[1], 1m), (line.Sku, line.Quantity));
        Assert.Equal(draftId.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Create_SecondPartial_UpToWhatIsLeft_ThenBeyondIs422()
    {
        var invoice = await PostedInvoiceAsync();
        await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "First", lines = new[] { new { sku = invoice.Skus[0], quantity = 1m } } }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Rest", lines = new[] { new { sku = invoice.Skus[0], quantity = 2m } } }))
            .ExpectAsync(HttpStatusCode.Created);

        var beyond = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Too much", lines = new[] { new { sku = invoice.Skus[1], quantity = 1m }, new { sku = invoice.Skus[0], quantity = 1m } } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "refund_exceeds_invoiced");
        Assert.Equal(["lines[1].quantity"], beyond.ErrorFields());
        var full = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "All", full = true }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "refund_exceeds_invoiced");
        Assert.Equal(["full"], full.ErrorFields());
        Assert.Equal(2, (await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray().Count);
    }

    [Fact]
    public async Task Create_MoreThanInvoiced_Is422WithEachFieldAndCreatesNothing()
    {
        var invoice = await PostedInvoiceAsync();

        var problem = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Too much", lines = new[] { new { sku = invoice.Skus[0], quantity = 4m }, new { sku = invoice.Skus[1], quantity = 3m } } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "refund_exceeds_invoiced");

        Assert.Equal(["lines[0].quantity", "lines[1].quantity"], problem.ErrorFields());
        Assert.Empty((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray());
    }

    [Fact]
    public async Task Create_ForADraftInvoice_Is422InvoiceNotPosted()
    {
        var invoice = await PostedInvoiceAsync(post: false);

        await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Early", full = true }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "invoice_not_posted");
    }

    [Fact]
    public async Task Create_ForACreditNote_Is422NotAnInvoice()
    {
        var invoice = await PostedInvoiceAsync();
        var note = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Once", full = true, post = true })).ExpectAsync(HttpStatusCode.Created);

        await (await CreateAsync(note["invoiceId"]!.GetValue<string>(), new { salesforceId = CaseId(), reason = "Twice", full = true }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "not_an_invoice");
    }

    [Fact]
    public async Task Create_SkuNotOnTheInvoice_Is422UnknownSku()
    {
        var invoice = await PostedInvoiceAsync();

        var problem = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Wrong", lines = new[] { new { sku = invoice.Skus[0], quantity = 1m }, new { sku = "NOT_ON_IT", quantity = 1m } } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");

        Assert.Equal(["lines[1].sku"], problem.ErrorFields());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Create_WithBothOrNeitherOfFullAndLines_Is400(bool both)
    {
        var invoice = await PostedInvoiceAsync();
        object body = both
            ? new { salesforceId = CaseId(), reason = "Both", full = true, lines = new[] { new { sku = invoice.Skus[0], quantity = 1m } } }
            : new { salesforceId = CaseId(), reason = "Neither" };

        await (await CreateAsync(invoice.Id, body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Create_WithASkuTwice_Is400NamingTheSecond()
    {
        var invoice = await PostedInvoiceAsync();

        var problem = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Twice", lines = new[] { new { sku = invoice.Skus[0], quantity = 1m }, new { sku = invoice.Skus[1], quantity = 1m }, new { sku = invoice.Skus[0], quantity = 1m } } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["lines[2].sku"], problem.ErrorFields());
        Assert.Empty((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray());
    }

    [Fact]
    public async Task Create_UnknownOrOutOfScopeInvoice_Is404()
    {
        var invoice = await PostedInvoiceAsync();
        using var partner = gateway.Gateway.ClientFor(CreditNoteGateway.Partner, "Invoices.Read", "Invoices.Write");

        await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Not mine", full = true }, partner)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await CreateAsync("99999999", new { salesforceId = CaseId(), reason = "None", full = true })).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray());
    }

    [Fact]
    public async Task Create_WithoutInvoicesWrite_Is403()
    {
        var invoice = await PostedInvoiceAsync();

        await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Reader", full = true }, _reader)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task CreditNote_AppearsInTheV2InvoiceFeed()
    {
        var invoice = await PostedInvoiceAsync();
        var note = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "Feed", full = true })).ExpectAsync(HttpStatusCode.Created);
        var noteId = note["invoiceId"]!.GetValue<string>();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? cursor = null;
        while (true)
        {
            var page = await (await _reader.GetAsync("/api/v2/invoices/changes?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).ExpectAsync(HttpStatusCode.OK);
            if (page["items"]!.AsArray().FirstOrDefault(i => i!["invoiceId"]!.GetValue<string>() == noteId) is { } found)
            {
                Assert.Equal(invoice.Id, found["reversesInvoiceId"]!.GetValue<string>());
                Assert.NotEmpty(found["lines"]!.AsArray());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The credit note never showed up in the v2 invoice changes.");
            cursor = page["nextCursor"]?.GetValue<string>() ?? cursor;
            if (page["hasMore"]?.GetValue<bool>() != true)
            {
                await Task.Delay(500);
            }
        }
    }

    [Fact]
    public async Task V1_AnswersInvoicesAndCreditNotesAsBefore()
    {
        var invoice = await PostedInvoiceAsync();
        var note = await (await CreateAsync(invoice.Id, new { salesforceId = CaseId(), reason = "V1", full = true })).ExpectAsync(HttpStatusCode.Created);

        foreach (var id in new[] { invoice.Id, note["invoiceId"]!.GetValue<string>() })
        {
            var v1 = (await (await _reader.GetAsync($"/api/v1/invoices/{id}")).ExpectAsync(HttpStatusCode.OK)).AsObject();
            Assert.Equal(
                ["invoiceId", "invoiceNumber", "kind", "status", "paymentStatus", "customerId", "orderId", "orderNumber", "invoiceDate", "dueDate", "currencyCode", "amountUntaxed", "amountTax", "amountTotal", "amountResidual", "updatedAt"],
                v1.Select(p => p.Key).Where(k => v1[k] is not null || k is "invoiceNumber" or "orderId" or "orderNumber" or "invoiceDate" or "dueDate"));
            Assert.False(v1.ContainsKey("lines"));
            Assert.False(v1.ContainsKey("creditNoteIds"));
        }

        await (await _writer.PostAsJsonAsync($"/api/v1/invoices/{invoice.Id}/credit-notes", new { salesforceId = CaseId(), reason = "V1", full = true })).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task RefusedCreate_IsQueued_AndReplayedOnceTheInvoiceIsPosted()
    {
        var invoice = await PostedInvoiceAsync(post: false);
        var caseId = CaseId();
        await (await CreateAsync(invoice.Id, new { salesforceId = caseId, reason = "Queued", full = true })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "invoice_not_posted");

        var listed = await (await _operator.GetAsync("/api/v2/exceptions?status=open&reason=invoice_not_posted&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var entry = listed["items"]!.AsArray().Select(e => e!).Single(e => e["salesforceId"]?.GetValue<string>() == caseId);
        Assert.Equal("createCreditNote", entry["operation"]!.GetValue<string>());
        var replayUrl = $"/api/v2/exceptions/{entry["exceptionId"]!.GetValue<string>()}/replay";

        await CallOdooAsync(odoo => odoo.CallMethodAsync("account.move", "action_post", [long.Parse(invoice.Id, System.Globalization.CultureInfo.InvariantCulture)], null, CancellationToken.None));
        var replayed = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", replayed["outcome"]!.GetValue<string>());
        var again = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual("created", again["outcome"]!.GetValue<string>());

        var creditNotes = (await GetV2Async(invoice.Id))["creditNoteIds"]!.AsArray();
        Assert.Equal(replayed["resourceId"]!.GetValue<string>(), Assert.Single(creditNotes)!.GetValue<string>());
    }

    private Task<HttpResponseMessage> CreateAsync(string invoiceId, object body, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/invoices/{invoiceId}/credit-notes") { Content = JsonContent.Create(body, options: TestApi.JsonOptions) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return (client ?? _writer).SendAsync(request);
    }

    private async Task<JsonNode> GetV2Async(string invoiceId) =>
        await (await _reader.GetAsync($"/api/v2/invoices/{invoiceId}")).ExpectAsync(HttpStatusCode.OK);

    private static List<(string? Sku, decimal Quantity, decimal Subtotal)> Lines(JsonNode invoice) =>
        [.. invoice["lines"]!.AsArray().Select(l => (l!["sku"]?.GetValue<string>(), l["quantity"]!.GetValue<decimal>(), l["subtotal"]!.GetValue<decimal>()))];

    /// <summary>A Case id of its own for each credit note (500 and 15 more letters or digits).</summary>
    private static string CaseId() => "500" + Guid.NewGuid().ToString("N")[..15];

    /// <summary>
    /// A new customer invoice of a seeded order in Odoo, as finance makes one: 3 of the order's first product, 2 of its second,
    /// at the order's prices, posted unless told otherwise.
    /// </summary>
    private async Task<TestInvoice> PostedInvoiceAsync(bool post = true)
    {
        var orders = await (await _reader.GetAsync("/api/v1/orders?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var order = orders["items"]!.AsArray().Select(o => o!)
            .First(o => o["lines"]!.AsArray().Select(l => l!["sku"]?.GetValue<string>()).OfType<string>().Distinct().Count() >= 2);
        var lines = order["lines"]!.AsArray().Select(l => l!).Where(l => l["sku"] is not null).DistinctBy(l => l["sku"]!.GetValue<string>()).Take(2).ToList();
        var skus = lines.Select(l => l["sku"]!.GetValue<string>()).ToList();
        var productIds = await gateway.Gateway.Services.GetRequiredService<OdooProducts>().IdsBySkuAsync(skus, CancellationToken.None);
        var id = await CallOdooAsync(async odoo =>
        {
            var productId = skus.ToDictionary(s => s, s => productIds[s][0]);
            var invoiceLines = new JsonArray();
            foreach (var (line, quantity) in lines.Zip(new[] { 3m, 2m }))
            {
                var sku = line["sku"]!.GetValue<string>();
                invoiceLines.Add(new JsonArray(0, 0, new JsonObject
                {
                    ["product_id"] = productId[sku],
                    ["name"] = line["description"]?.GetValue<string>() ?? sku,
                    ["quantity"] = quantity,
                    ["price_unit"] = line["unitPrice"]!.GetValue<decimal>(),
                }));
            }

            var created = await odoo.CreateAsync("account.move", new JsonObject
            {
                ["move_type"] = "out_invoice",
                ["partner_id"] = long.Parse(order["customerId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                ["invoice_origin"] = order["orderNumber"]!.GetValue<string>(),
                ["invoice_line_ids"] = invoiceLines,
            }, null, CancellationToken.None);
            if (post)
            {
                await odoo.CallMethodAsync("account.move", "action_post", [created], null, CancellationToken.None);
            }

            return created;
        });
        return new TestInvoice(id.ToString(System.Globalization.CultureInfo.InvariantCulture), order["orderId"]!.GetValue<string>(), skus);
    }

    private async Task<T> CallOdooAsync<T>(Func<IOdooClient, Task<T>> call)
    {
        using var scope = gateway.Gateway.Services.CreateScope();
        return await call(scope.ServiceProvider.GetRequiredService<IOdooClient>());
    }

    private sealed record TestInvoice(string Id, string OrderId, IReadOnlyList<string> Skus);
}

/// <summary>The gateway with a partner client scoped to a customer tag no seeded customer has, and a short settle window for the feeds.</summary>
public abstract class CreditNoteGateway : GatewayFixture
{
    public const string Partner = "partner-credit-app";

    protected override void AddSettings(IDictionary<string, string> settings)
    {
        settings[$"DataScopes:Clients:{Partner}:CustomerTag"] = "Partner: Acme";
        settings["ChangeFeed:SettleWindow"] = "00:00:01";
    }
}

public sealed class CreditNoteJsonRpcGateway : CreditNoteGateway
{
    protected override int OdooVersion => 17;
}

public sealed class CreditNoteJson2Gateway : CreditNoteGateway
{
    protected override int OdooVersion => 19;
}

public sealed class CreditNotesOverJsonRpc(CreditNoteJsonRpcGateway gateway) : CreditNotesTests(gateway), IClassFixture<CreditNoteJsonRpcGateway>;

public sealed class CreditNotesOverJson2(CreditNoteJson2Gateway gateway) : CreditNotesTests(gateway), IClassFixture<CreditNoteJson2Gateway>;
