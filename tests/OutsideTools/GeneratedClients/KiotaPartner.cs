using RetailGateway.Partners.Kiota;
using RetailGateway.Partners.Kiota.Models;

namespace RetailGateway.GeneratedClients;

/// <summary>
/// Every v2 operation through the client Kiota generates. Kiota generates no header parameters (by
/// design); a header such as <c>Idempotency-Key</c> goes through the generated request configuration.
/// </summary>
internal sealed class KiotaPartner(RetailGatewayClient gateway, Report report, string runId)
{
    private const string KnownSku = "DESK0005";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StockAsync(cancellationToken);
        await ProductsAsync(cancellationToken);
        await CustomersAsync(cancellationToken);
        await InvoicesAsync(cancellationToken);
        var customerId = await OrdersAsync(cancellationToken);
        await QuotesAsync(customerId, cancellationToken);
        await ReturnsAsync(customerId, cancellationToken);
        await AsyncIntakeAsync(customerId, cancellationToken);
        await ExceptionsAsync(customerId, cancellationToken);
    }

    private async Task StockAsync(CancellationToken cancellationToken)
    {
        await report.CheckAsync("getStock", "one SKU", () => Required(gateway.Api.V2.Stock[KnownSku].GetAsync(cancellationToken: cancellationToken)),
            stock => stock.Sku == KnownSku ? null : $"sku {stock.Sku}");
        await report.CheckAsync("listStock", "a batch with an unknown SKU", () => Required(gateway.Api.V2.Stock.GetAsync(request => request.QueryParameters.Skus = $"{KnownSku},NO-SUCH-SKU", cancellationToken)),
            page => page.Items?.Count == 1 && page.UnknownSkus?.Contains("NO-SUCH-SKU") == true ? null : $"{page.Items?.Count} items, unknown: {string.Join(',', page.UnknownSkus ?? [])}");
        await report.CheckAsync("listStock", "every page by cursor", async () =>
        {
            var skus = new List<string>();
            string? cursor = null;
            do
            {
                var page = await Required(gateway.Api.V2.Stock.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (10, cursor), cancellationToken));
                skus.AddRange(page.Items!.Select(item => item.Sku!));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return skus;
        }, skus => Paged(skus, 10));
    }

    private async Task ProductsAsync(CancellationToken cancellationToken)
    {
        await report.CheckAsync("getProduct", "a variant", () => Required(gateway.Api.V2.Products[KnownSku].GetAsync(cancellationToken: cancellationToken)),
            product => product.Sku == KnownSku && product.VariantOf is not null && product.Kind == ProductKind.Storable ? null : $"sku {product.Sku}, kind {product.Kind}");
        await report.CheckAsync("listProducts", "every page by cursor", async () =>
        {
            var skus = new List<string>();
            string? cursor = null;
            do
            {
                var page = await Required(gateway.Api.V2.Products.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (10, cursor), cancellationToken));
                skus.AddRange(page.Items!.Select(item => item.Sku!));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return skus;
        }, skus => Paged(skus, 10));
        await report.CheckAsync("listProducts", "archived ones", () => Required(gateway.Api.V2.Products.GetAsync(request => request.QueryParameters.Active = false, cancellationToken)),
            page => page.Items?.Count > 0 && page.Items.All(item => item.Active == false) ? null : $"{page.Items?.Count} items");
        await report.CheckAsync("getProductChanges", "the feed until hasMore is false", async () =>
        {
            var skus = new List<string>();
            string? cursor = null;
            for (var more = true; more;)
            {
                var page = await Required(gateway.Api.V2.Products.Changes.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (20, cursor), cancellationToken));
                skus.AddRange(page.Items!.Select(item => item.Sku!));
                (cursor, more) = (page.NextCursor, page.HasMore == true);
            }

            return skus;
        }, skus => skus.Count > 0 ? null : "no changes");
    }

    private async Task CustomersAsync(CancellationToken cancellationToken)
    {
        var customers = await report.CheckAsync("searchCustomers", "every page by cursor", async () =>
        {
            var all = new List<CustomerV2>();
            string? cursor = null;
            do
            {
                var page = await Required(gateway.Api.V2.Customers.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (5, cursor), cancellationToken));
                all.AddRange(page.Items!);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return all;
        }, all => Paged(all.Select(customer => customer.CustomerId!).ToList(), 5));
        foreach (var customer in customers ?? [])
        {
            await report.CheckAsync("getCustomer", $"customer {customer.CustomerId}", () => Required(gateway.Api.V2.Customers[customer.CustomerId!].GetAsync(cancellationToken: cancellationToken)),
                read => read.Name == customer.Name ? null : $"name {read.Name}");
        }

        var salesforceId = $"001KIO{runId}";
        var created = await report.CheckAsync("createCustomer", "with a shipping address", () => Required(gateway.Api.V2.Customers.PostAsync(new CustomerInputV2
        {
            SalesforceId = salesforceId,
            Name = "Kiota Partner Retail",
            Email = "buyer@kiota.example",
            BillingAddress = new AddressInput { Street = "1 Main St", City = "Springfield", CountryCode = "US" },
            ShippingAddress = new AddressInput { Street = "9 Dock Rd", City = "Springfield", CountryCode = "US" },
        }, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
            customer => customer.SalesforceId == salesforceId && customer.ShippingAddress?.Street == "9 Dock Rd" ? null : "created customer reads back differently");
        if (created is null)
        {
            report.NotRun("updateCustomer", "a new phone", "createCustomer failed");
        }
        else
        {
            await report.CheckAsync("updateCustomer", "a new phone", () => Required(gateway.Api.V2.Customers[created.CustomerId!].PatchAsync(new CustomerPatchV2 { Phone = "+1 555 0199" }, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
                customer => customer.Phone == "+1 555 0199" && customer.Name == created.Name ? null : $"phone {customer.Phone}, name {customer.Name}");
        }

        await report.CheckAsync("upsertCustomerBySalesforceId", "creates, then replaces", async () =>
        {
            var byId = gateway.Api.V2.Customers.BySalesforceId[$"001KIOU{runId}"];
            var first = await Required(byId.PutAsync(new CustomerInputV2 { Name = "Kiota Upsert" }, cancellationToken: cancellationToken));
            var second = await Required(byId.PutAsync(new CustomerInputV2 { Name = "Kiota Upsert Renamed" }, cancellationToken: cancellationToken));
            return new[] { first, second };
        }, pair => pair[0].CustomerId == pair[1].CustomerId && pair[1].Name == "Kiota Upsert Renamed" ? null : "the second upsert did not replace the first");
    }

    private async Task InvoicesAsync(CancellationToken cancellationToken)
    {
        var invoices = await report.CheckAsync("listInvoices", "every page by cursor", async () =>
        {
            var all = new List<InvoiceV2>();
            string? cursor = null;
            do
            {
                var page = await Required(gateway.Api.V2.Invoices.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (2, cursor), cancellationToken));
                all.AddRange(page.Items!);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return all;
        }, all => Paged(all.Select(invoice => invoice.InvoiceId!).ToList(), 2));
        if (invoices is { Count: > 0 })
        {
            await report.CheckAsync("getInvoice", "the first listed", () => Required(gateway.Api.V2.Invoices[invoices[0].InvoiceId!].GetAsync(cancellationToken: cancellationToken)),
                invoice => invoice.InvoiceNumber == invoices[0].InvoiceNumber ? null : $"invoice {invoice.InvoiceNumber}");
        }
        else
        {
            report.NotRun("getInvoice", "the first listed", "listInvoices found none");
        }

        if (invoices?.FirstOrDefault(i => i.Kind == InvoiceKind.Invoice && i.Status == InvoiceState.Posted && i.CreditNoteIds is { Count: 0 }) is { } posted)
        {
            await report.CheckAsync("createCreditNote", "a draft credit note of the whole posted invoice",
                () => Required(gateway.Api.V2.Invoices[posted.InvoiceId!].CreditNotes.PostAsync(new CreditNoteSubmissionV2 { SalesforceId = $"500KIC{runId}", Reason = "Goods returned", Full = true }, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
                note => note.Kind == InvoiceKind.CreditNote && note.Status == InvoiceState.Draft && note.ReversesInvoiceId == posted.InvoiceId ? null : $"{note.Kind} {note.Status} reversing {note.ReversesInvoiceId}");
        }
        else
        {
            report.NotRun("createCreditNote", "a draft credit note of the whole posted invoice", "listInvoices found no posted invoice without credit notes");
        }

        await report.ExpectProblemAsync("createCreditNote", "an unknown invoice is a typed 404 problem",
            () => gateway.Api.V2.Invoices["999999"].CreditNotes.PostAsync(new CreditNoteSubmissionV2 { SalesforceId = $"500KID{runId}", Reason = "Goods returned", Full = true }, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken),
            exception => exception is ApiProblem { ResponseStatusCode: 404 } problem ? problem.ErrorCode : null,
            "not_found");

        await report.CheckAsync("getInvoiceChanges", "the feed until hasMore is false", async () =>
        {
            var ids = new List<string>();
            string? cursor = null;
            for (var more = true; more;)
            {
                var page = await Required(gateway.Api.V2.Invoices.Changes.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (2, cursor), cancellationToken));
                ids.AddRange(page.Items!.Select(invoice => invoice.InvoiceId!));
                (cursor, more) = (page.NextCursor, page.HasMore == true);
            }

            return ids;
        }, ids => ids.Count > 0 ? null : "no changes");
    }

    /// <summary>Submit, replay, read, list, follow the feed and cancel; returns the customer ordered for.</summary>
    private async Task<string> OrdersAsync(CancellationToken cancellationToken)
    {
        const string customerId = "4";
        var key = Guid.NewGuid().ToString();
        var submission = new OrderSubmissionV2
        {
            SalesforceId = $"801KIO{runId}",
            CustomerId = customerId,
            Lines = [new OrderLineSubmission { Sku = KnownSku, Quantity = 1 }],
        };
        var order = await report.CheckAsync("submitOrder", "created and confirmed", () => Required(gateway.Api.V2.Orders.PostAsync(submission, WithIdempotencyKey(key), cancellationToken)),
            order => order.Status == OrderStatus.Confirmed && order.Lines?.Count == 1 ? null : $"status {order.Status}, {order.Lines?.Count} lines");
        if (order is null)
        {
            foreach (var operation in new[] { "getOrder", "cancelOrder" })
            {
                report.NotRun(operation, "the submitted order", "submitOrder failed");
            }

            return customerId;
        }

        await report.CheckAsync("submitOrder", "a retry with the same key answers the same order", () => Required(gateway.Api.V2.Orders.PostAsync(submission, WithIdempotencyKey(key), cancellationToken)),
            again => again.OrderId == order.OrderId ? null : $"order {again.OrderId} instead of {order.OrderId}");
        await report.CheckAsync("getOrder", "the submitted order", () => Required(gateway.Api.V2.Orders[order.OrderId!].GetAsync(cancellationToken: cancellationToken)),
            read => read.SalesforceId == submission.SalesforceId ? null : $"salesforceId {read.SalesforceId}");
        await report.CheckAsync("listOrders", "the customer's orders, every page by cursor", async () =>
        {
            var ids = new List<string>();
            string? cursor = null;
            do
            {
                var page = await Required(gateway.Api.V2.Orders.GetAsync(request => (request.QueryParameters.CustomerId, request.QueryParameters.Limit, request.QueryParameters.Cursor) = (customerId, 1, cursor), cancellationToken));
                ids.AddRange(page.Items!.Select(item => item.OrderId!));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return ids;
        }, ids => ids.Contains(order.OrderId!) ? Paged(ids, 1) : "the submitted order is not listed");
        await report.CheckAsync("getOrderChanges", "the feed until hasMore is false", async () =>
        {
            var ids = new List<string>();
            string? cursor = null;
            for (var more = true; more;)
            {
                var page = await Required(gateway.Api.V2.Orders.Changes.GetAsync(request => (request.QueryParameters.Limit, request.QueryParameters.Cursor) = (5, cursor), cancellationToken));
                ids.AddRange(page.Items!.Select(item => item.OrderId!));
                (cursor, more) = (page.NextCursor, page.HasMore == true);
            }

            return ids;
        }, ids => ids.Count > 0 ? null : "no changes");
        await report.CheckAsync("cancelOrder", "the submitted order", () => Required(gateway.Api.V2.Orders[order.OrderId!].Cancel.PostAsync(WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
            cancelled => cancelled.Status == OrderStatus.Cancelled ? null : $"status {cancelled.Status}");
        return customerId;
    }

    /// <summary>Price, create, read, list, accept and cancel quotes.</summary>
    private async Task QuotesAsync(string customerId, CancellationToken cancellationToken)
    {
        await report.CheckAsync("getCustomerPrices", "Odoo's price of a SKU for the customer",
            () => Required(gateway.Api.V2.Prices.GetAsync(request => (request.QueryParameters.CustomerId, request.QueryParameters.Skus) = (customerId, KnownSku), cancellationToken)),
            prices => prices.Prices?.Count == 1 && prices.Prices[0].Sku == KnownSku && prices.Prices[0].UnitPrice > 0 ? null : $"{prices.Prices?.Count} prices");
        var submission = new QuoteSubmissionV2
        {
            SalesforceId = $"0Q0KIO{runId}",
            CustomerId = customerId,
            Lines = [new QuoteLineSubmission { Sku = KnownSku, Quantity = 2 }],
        };
        var quote = await report.CheckAsync("createQuote", "priced by Odoo", () => Required(gateway.Api.V2.Quotes.PostAsync(submission, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
            quote => quote.Status == QuoteStatus.Open && quote.Lines?.Count == 1 && quote.AmountUntaxed > 0 ? null : $"status {quote.Status}, {quote.Lines?.Count} lines");
        if (quote is null)
        {
            foreach (var operation in new[] { "getQuote", "listQuotes", "acceptQuote", "cancelQuote" })
            {
                report.NotRun(operation, "the created quote", "createQuote failed");
            }

            return;
        }

        await report.CheckAsync("getQuote", "the created quote", () => Required(gateway.Api.V2.Quotes[quote.QuoteId!].GetAsync(cancellationToken: cancellationToken)),
            read => read.SalesforceId == submission.SalesforceId ? null : $"salesforceId {read.SalesforceId}");
        await report.CheckAsync("listQuotes", "by Salesforce id", () => Required(gateway.Api.V2.Quotes.GetAsync(request => request.QueryParameters.SalesforceId = submission.SalesforceId, cancellationToken)),
            page => page.Items?.Count == 1 && page.Items[0].QuoteId == quote.QuoteId ? null : $"{page.Items?.Count} quotes");
        await report.CheckAsync("acceptQuote", "answers the order", () => Required(gateway.Api.V2.Quotes[quote.QuoteId!].Accept.PostAsync(WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
            order => order.OrderId == quote.QuoteId && order.Status == OrderStatus.Confirmed ? null : $"order {order.OrderId}, status {order.Status}");
        var other = await Required(gateway.Api.V2.Quotes.PostAsync(new QuoteSubmissionV2
        {
            SalesforceId = $"0Q0KIC{runId}",
            CustomerId = customerId,
            Lines = [new QuoteLineSubmission { Sku = KnownSku, Quantity = 1 }],
        }, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken));
        await report.CheckAsync("cancelQuote", "an open quote", () => Required(gateway.Api.V2.Quotes[other.QuoteId!].Cancel.PostAsync(WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken)),
            cancelled => cancelled.Status == QuoteStatus.Cancelled ? null : $"status {cancelled.Status}");
    }

    private async Task AsyncIntakeAsync(string customerId, CancellationToken cancellationToken)
    {
        var status = await report.CheckAsync("queueOrder", "queued: 202 with the submission id and its status URL",
            () => Required(gateway.Api.V2.OrderSubmissions.PostAsync(new OrderSubmissionV2
            {
                SalesforceId = $"801KIOA{runId}",
                CustomerId = customerId,
                Lines = [new OrderLineSubmission { Sku = KnownSku, Quantity = 1 }],
            }, request =>
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                request.Headers.Add("Intake-Priority", "high");
            }, cancellationToken)),
            accepted => accepted.SubmissionId is not null && accepted.StatusUrl is not null ? null : "no submission id or status URL");
        if (status is null)
        {
            report.NotRun("getOrderSubmission", "submitted by the intake workers", "no submission id");
            return;
        }

        await report.CheckAsync("getOrderSubmission", "submitted by the intake workers", async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                var current = await Required(gateway.Api.V2.OrderSubmissions[status.SubmissionId!].GetAsync(cancellationToken: cancellationToken));
                if (current.Status != SubmissionState.Queued || attempt == 50)
                {
                    return current;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }, current => current.Status == SubmissionState.Submitted && current.OrderId is not null ? null : $"status {current.Status}");
    }

    /// <summary>Every return operation as a partner meets it before the warehouse shipped anything: refusals, empty pages, not found.</summary>
    private async Task ReturnsAsync(string customerId, CancellationToken cancellationToken)
    {
        var order = await Required(gateway.Api.V2.Orders.PostAsync(new OrderSubmissionV2
        {
            SalesforceId = $"801KIR{runId}",
            CustomerId = customerId,
            Lines = [new OrderLineSubmission { Sku = KnownSku, Quantity = 1 }],
        }, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken));
        var submission = new ReturnSubmissionV2 { SalesforceId = $"500KIO{runId}", Reason = "Damaged in transit", Lines = [new ReturnLineSubmission { Sku = KnownSku, Quantity = 1 }] };
        await report.ExpectProblemAsync("createReturn", "nothing delivered yet is a typed 422 problem",
            () => gateway.Api.V2.Orders[order.OrderId!].Returns.PostAsync(submission, WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken),
            exception => exception is ApiProblem { ResponseStatusCode: 422 } problem ? problem.ErrorCode : null,
            "nothing_delivered");
        await report.CheckAsync("listReturns", "none for the order", () => Required(gateway.Api.V2.Returns.GetAsync(request => request.QueryParameters.OrderId = order.OrderId, cancellationToken)),
            page => page.Items?.Count == 0 ? null : $"{page.Items?.Count} returns");
        await report.CheckAsync("getReturnChanges", "a page of the feed", () => Required(gateway.Api.V2.Returns.Changes.GetAsync(request => request.QueryParameters.Limit = 10, cancellationToken)),
            page => page.NextCursor is not null ? null : "no cursor");
        await report.ExpectProblemAsync("getReturn", "an unknown return is a typed 404 problem",
            () => gateway.Api.V2.Returns["999999"].GetAsync(cancellationToken: cancellationToken),
            exception => exception is ApiProblem { ResponseStatusCode: 404 } problem ? problem.ErrorCode : null,
            "not_found");
        await report.ExpectProblemAsync("receiveReturn", "an unknown return is a typed 404 problem",
            () => gateway.Api.V2.Returns["999999"].Receive.PostAsync(WithIdempotencyKey(Guid.NewGuid().ToString()), cancellationToken),
            exception => exception is ApiProblem { ResponseStatusCode: 404 } problem ? problem.ErrorCode : null,
            "not_found");
    }

    private async Task ExceptionsAsync(string customerId, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString();
        await report.ExpectProblemAsync("submitOrder", "an unknown SKU is a typed 422 problem",
            () => gateway.Api.V2.Orders.PostAsync(new OrderSubmissionV2
            {
                SalesforceId = $"801KIOX{runId}",
                CustomerId = customerId,
                Lines = [new OrderLineSubmission { Sku = "NO-SUCH-SKU", Quantity = 1 }],
            }, WithIdempotencyKey(key), cancellationToken),
            exception => exception is ApiProblem { ResponseStatusCode: 422 } problem ? problem.ErrorCode : null,
            "unknown_sku");
        var entry = await report.CheckAsync("listExceptions", "the refusal is queued", async () =>
        {
            var page = await Required(gateway.Api.V2.Exceptions.GetAsync(request =>
            {
                request.QueryParameters.StatusAsExceptionStatus = ExceptionStatus.Open;
                request.QueryParameters.Reason = "unknown_sku";
                request.QueryParameters.Limit = 200;
            }, cancellationToken));
            return page.Items!.FirstOrDefault(item => item.IdempotencyKey == key) ?? throw new InvalidOperationException("no open entry with the submission's key");
        }, _ => null);
        if (entry is null)
        {
            foreach (var operation in new[] { "getException", "replayException", "resolveException" })
            {
                report.NotRun(operation, "the queued refusal", "listExceptions did not find it");
            }

            return;
        }

        var exception = gateway.Api.V2.Exceptions[entry.ExceptionId!];
        await report.CheckAsync("getException", "the queued refusal", () => Required(exception.GetAsync(cancellationToken: cancellationToken)),
            read => read.Reason == "unknown_sku" ? null : $"reason {read.Reason}");
        await report.CheckAsync("replayException", "still refused", () => Required(exception.Replay.PostAsync(cancellationToken: cancellationToken)),
            result => result.Outcome == ReplayOutcome.Refused ? null : $"outcome {result.Outcome}");
        await report.CheckAsync("resolveException", "closed by an operator", () => Required(exception.Resolve.PostAsync(new ResolveRequest { Reason = "SKU typo; re-entered" }, cancellationToken: cancellationToken)),
            resolved => resolved.Status == ExceptionStatus.Resolved ? null : $"status {resolved.Status}");
    }

    private static Action<Microsoft.Kiota.Abstractions.RequestConfiguration<Microsoft.Kiota.Abstractions.DefaultQueryParameters>> WithIdempotencyKey(string key) =>
        request => request.Headers.Add("Idempotency-Key", key);

    /// <summary>Kiota answers null for an empty body; every operation here must answer one.</summary>
    private static async Task<T> Required<T>(Task<T?> call)
        where T : class =>
        await call ?? throw new InvalidOperationException("the client returned null for a response that has a body");

    private static string? Paged(List<string> ids, int pageSize) =>
        ids.Count <= pageSize ? $"only {ids.Count} records: no second page was read"
        : ids.Distinct().Count() != ids.Count ? "a record came twice" : null;
}
