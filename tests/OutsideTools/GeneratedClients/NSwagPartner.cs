using RetailGateway.Partners.NSwag;

namespace RetailGateway.GeneratedClients;

/// <summary>Every v2 operation through the client NSwag generates (default settings, <c>/runtime:Net100</c>).</summary>
internal sealed class NSwagPartner(RetailGatewayClient gateway, Report report, string runId)
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
        await report.CheckAsync("getStock", "one SKU", () => gateway.GetStockAsync(KnownSku, null, null, cancellationToken),
            stock => stock.Sku == KnownSku ? null : $"sku {stock.Sku}");
        await report.CheckAsync("listStock", "a batch with an unknown SKU", () => gateway.ListStockAsync($"{KnownSku},NO-SUCH-SKU", null, null, null, null, cancellationToken),
            page => page.Items.Count == 1 && page.UnknownSkus.Contains("NO-SUCH-SKU") ? null : $"{page.Items.Count} items, unknown: {string.Join(',', page.UnknownSkus)}");
        await report.CheckAsync("listStock", "every page by cursor", async () =>
        {
            var skus = new List<string>();
            string? cursor = null;
            do
            {
                var page = await gateway.ListStockAsync(null, null, 10, cursor, null, cancellationToken);
                skus.AddRange(page.Items.Select(item => item.Sku));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return skus;
        }, skus => Paged(skus, 10));
    }

    private async Task ProductsAsync(CancellationToken cancellationToken)
    {
        await report.CheckAsync("getProduct", "a variant", () => gateway.GetProductAsync(KnownSku, null, cancellationToken),
            product => product.Sku == KnownSku && product.VariantOf is not null && product.Kind == ProductKind.Storable ? null : $"sku {product.Sku}, kind {product.Kind}");
        await report.CheckAsync("listProducts", "every page by cursor", async () =>
        {
            var skus = new List<string>();
            string? cursor = null;
            do
            {
                var page = await gateway.ListProductsAsync(null, null, null, 10, cursor, null, cancellationToken);
                skus.AddRange(page.Items.Select(item => item.Sku));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return skus;
        }, skus => Paged(skus, 10));
        await report.CheckAsync("listProducts", "archived ones", () => gateway.ListProductsAsync(null, null, false, null, null, null, cancellationToken),
            page => page.Items.Count > 0 && page.Items.All(item => !item.Active) ? null : $"{page.Items.Count} items");
        await report.CheckAsync("getProductChanges", "the feed until hasMore is false", async () =>
        {
            var skus = new List<string>();
            string? cursor = null;
            for (var more = true; more;)
            {
                var page = await gateway.GetProductChangesAsync(cursor, 20, null, cancellationToken);
                skus.AddRange(page.Items.Select(item => item.Sku));
                (cursor, more) = (page.NextCursor, page.HasMore);
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
                var page = await gateway.SearchCustomersAsync(null, null, null, 5, cursor, null, cancellationToken);
                all.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return all;
        }, all => Paged(all.Select(customer => customer.CustomerId).ToList(), 5));
        foreach (var customer in customers ?? [])
        {
            await report.CheckAsync("getCustomer", $"customer {customer.CustomerId}", () => gateway.GetCustomerAsync(customer.CustomerId, null, cancellationToken),
                read => read.Name == customer.Name ? null : $"name {read.Name}");
        }

        var salesforceId = $"001NSW{runId}";
        var created = await report.CheckAsync("createCustomer", "with a shipping address", () => gateway.CreateCustomerAsync(Guid.NewGuid().ToString(), new CustomerInputV2
        {
            SalesforceId = salesforceId,
            Name = "NSwag Partner Retail",
            Email = "buyer@nswag.example",
            BillingAddress = new AddressInput { Street = "1 Main St", City = "Springfield", CountryCode = "US" },
            ShippingAddress = new AddressInput { Street = "9 Dock Rd", City = "Springfield", CountryCode = "US" },
        }, cancellationToken), customer => customer.SalesforceId == salesforceId && customer.ShippingAddress?.Street == "9 Dock Rd" ? null : "created customer reads back differently");
        if (created is null)
        {
            report.NotRun("updateCustomer", "a new phone", "createCustomer failed");
        }
        else
        {
            await report.CheckAsync("updateCustomer", "a new phone", () => gateway.UpdateCustomerAsync(created.CustomerId, null, Guid.NewGuid().ToString(), new CustomerPatchV2 { Phone = "+1 555 0199" }, cancellationToken),
                customer => customer.Phone == "+1 555 0199" && customer.Name == created.Name ? null : $"phone {customer.Phone}, name {customer.Name}");
        }

        await report.CheckAsync("upsertCustomerBySalesforceId", "creates, then replaces", async () =>
        {
            var upsertId = $"001NSWU{runId}";
            var first = await gateway.UpsertCustomerBySalesforceIdAsync(upsertId, null, null, new CustomerInputV2 { Name = "NSwag Upsert" }, cancellationToken);
            var second = await gateway.UpsertCustomerBySalesforceIdAsync(upsertId, null, null, new CustomerInputV2 { Name = "NSwag Upsert Renamed" }, cancellationToken);
            return new[] { first, second };
        }, pair => pair[0].CustomerId == pair[1].CustomerId && pair[1].Name == "NSwag Upsert Renamed" ? null : "the second upsert did not replace the first");
    }

    private async Task InvoicesAsync(CancellationToken cancellationToken)
    {
        var invoices = await report.CheckAsync("listInvoices", "every page by cursor", async () =>
        {
            var all = new List<InvoiceV2>();
            string? cursor = null;
            do
            {
                var page = await gateway.ListInvoicesAsync(null, null, null, null, 2, cursor, null, cancellationToken);
                all.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return all;
        }, all => Paged(all.Select(invoice => invoice.InvoiceId).ToList(), 2));
        if (invoices is { Count: > 0 })
        {
            await report.CheckAsync("getInvoice", "the first listed", () => gateway.GetInvoiceAsync(invoices[0].InvoiceId, null, cancellationToken),
                invoice => invoice.InvoiceNumber == invoices[0].InvoiceNumber ? null : $"invoice {invoice.InvoiceNumber}");
        }
        else
        {
            report.NotRun("getInvoice", "the first listed", "listInvoices found none");
        }

        if (invoices?.FirstOrDefault(i => i.Kind == InvoiceKind.Invoice && i.Status == InvoiceState.Posted && i.CreditNoteIds.Count == 0) is { } posted)
        {
            await report.CheckAsync("createCreditNote", "a draft credit note of the whole posted invoice",
                () => gateway.CreateCreditNoteAsync(posted.InvoiceId, Guid.NewGuid().ToString(), new CreditNoteSubmissionV2 { SalesforceId = $"500NSC{runId}", Reason = "Goods returned", Full = true }, cancellationToken),
                note => note.Kind == InvoiceKind.CreditNote && note.Status == InvoiceState.Draft && note.ReversesInvoiceId == posted.InvoiceId ? null : $"{note.Kind} {note.Status} reversing {note.ReversesInvoiceId}");
        }
        else
        {
            report.NotRun("createCreditNote", "a draft credit note of the whole posted invoice", "listInvoices found no posted invoice without credit notes");
        }

        await report.ExpectProblemAsync("createCreditNote", "an unknown invoice is a typed 404 problem",
            () => gateway.CreateCreditNoteAsync("999999", Guid.NewGuid().ToString(), new CreditNoteSubmissionV2 { SalesforceId = $"500NSD{runId}", Reason = "Goods returned", Full = true }, cancellationToken),
            exception => exception is ApiException<ApiProblem> { StatusCode: 404 } problem ? problem.Result.ErrorCode : null,
            "not_found");

        await report.CheckAsync("getInvoiceChanges", "the feed until hasMore is false", async () =>
        {
            var ids = new List<string>();
            string? cursor = null;
            for (var more = true; more;)
            {
                var page = await gateway.GetInvoiceChangesAsync(cursor, 2, null, cancellationToken);
                ids.AddRange(page.Items.Select(invoice => invoice.InvoiceId));
                (cursor, more) = (page.NextCursor, page.HasMore);
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
            SalesforceId = $"801NSW{runId}",
            CustomerId = customerId,
            Lines = [new OrderLineSubmission { Sku = KnownSku, Quantity = 1 }],
        };
        var order = await report.CheckAsync("submitOrder", "created and confirmed", () => gateway.SubmitOrderAsync(key, submission, cancellationToken),
            order => order.Status == OrderStatus.Confirmed && order.Lines.Count == 1 ? null : $"status {order.Status}, {order.Lines.Count} lines");
        if (order is null)
        {
            foreach (var operation in new[] { "getOrder", "cancelOrder" })
            {
                report.NotRun(operation, "the submitted order", "submitOrder failed");
            }

            return customerId;
        }

        await report.CheckAsync("submitOrder", "a retry with the same key answers the same order", () => gateway.SubmitOrderAsync(key, submission, cancellationToken),
            again => again.OrderId == order.OrderId ? null : $"order {again.OrderId} instead of {order.OrderId}");
        await report.CheckAsync("getOrder", "the submitted order", () => gateway.GetOrderAsync(order.OrderId, null, cancellationToken),
            read => read.SalesforceId == submission.SalesforceId ? null : $"salesforceId {read.SalesforceId}");
        await report.CheckAsync("listOrders", "the customer's orders, every page by cursor", async () =>
        {
            var ids = new List<string>();
            string? cursor = null;
            do
            {
                var page = await gateway.ListOrdersAsync(customerId, null, null, null, 1, cursor, null, cancellationToken);
                ids.AddRange(page.Items.Select(item => item.OrderId));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return ids;
        }, ids => ids.Contains(order.OrderId) ? Paged(ids, 1) : "the submitted order is not listed");
        await report.CheckAsync("getOrderChanges", "the feed until hasMore is false", async () =>
        {
            var ids = new List<string>();
            string? cursor = null;
            for (var more = true; more;)
            {
                var page = await gateway.GetOrderChangesAsync(cursor, 5, null, cancellationToken);
                ids.AddRange(page.Items.Select(item => item.OrderId));
                (cursor, more) = (page.NextCursor, page.HasMore);
            }

            return ids;
        }, ids => ids.Count > 0 ? null : "no changes");
        await report.CheckAsync("cancelOrder", "the submitted order", () => gateway.CancelOrderAsync(order.OrderId, Guid.NewGuid().ToString(), cancellationToken),
            cancelled => cancelled.Status == OrderStatus.Cancelled ? null : $"status {cancelled.Status}");
        return customerId;
    }

    /// <summary>Price, create, read, list, accept and cancel quotes.</summary>
    private async Task QuotesAsync(string customerId, CancellationToken cancellationToken)
    {
        await report.CheckAsync("getCustomerPrices", "Odoo's price of a SKU for the customer", () => gateway.GetCustomerPricesAsync(customerId, KnownSku, null, null, cancellationToken),
            prices => prices.Prices.Count == 1 && prices.Prices.First().Sku == KnownSku && prices.Prices.First().UnitPrice > 0 ? null : $"{prices.Prices.Count} prices");
        var submission = new QuoteSubmissionV2
        {
            SalesforceId = $"0Q0NSW{runId}",
            CustomerId = customerId,
            Lines = [new QuoteLineSubmission { Sku = KnownSku, Quantity = 2 }],
        };
        var quote = await report.CheckAsync("createQuote", "priced by Odoo", () => gateway.CreateQuoteAsync(Guid.NewGuid().ToString(), submission, cancellationToken),
            quote => quote.Status == QuoteStatus.Open && quote.Lines.Count == 1 && quote.AmountUntaxed > 0 ? null : $"status {quote.Status}, {quote.Lines.Count} lines");
        if (quote is null)
        {
            foreach (var operation in new[] { "getQuote", "listQuotes", "acceptQuote", "cancelQuote" })
            {
                report.NotRun(operation, "the created quote", "createQuote failed");
            }

            return;
        }

        await report.CheckAsync("getQuote", "the created quote", () => gateway.GetQuoteAsync(quote.QuoteId, null, cancellationToken),
            read => read.SalesforceId == submission.SalesforceId ? null : $"salesforceId {read.SalesforceId}");
        await report.CheckAsync("listQuotes", "by Salesforce id", () => gateway.ListQuotesAsync(null, submission.SalesforceId, null, null, null, cancellationToken),
            page => page.Items.Count == 1 && page.Items.First().QuoteId == quote.QuoteId ? null : $"{page.Items.Count} quotes");
        await report.CheckAsync("acceptQuote", "answers the order", () => gateway.AcceptQuoteAsync(quote.QuoteId, Guid.NewGuid().ToString(), cancellationToken),
            order => order.OrderId == quote.QuoteId && order.Status == OrderStatus.Confirmed ? null : $"order {order.OrderId}, status {order.Status}");
        var other = await gateway.CreateQuoteAsync(Guid.NewGuid().ToString(), new QuoteSubmissionV2
        {
            SalesforceId = $"0Q0NSC{runId}",
            CustomerId = customerId,
            Lines = [new QuoteLineSubmission { Sku = KnownSku, Quantity = 1 }],
        }, cancellationToken);
        await report.CheckAsync("cancelQuote", "an open quote", () => gateway.CancelQuoteAsync(other.QuoteId, Guid.NewGuid().ToString(), cancellationToken),
            cancelled => cancelled.Status == QuoteStatus.Cancelled ? null : $"status {cancelled.Status}");
    }

    /// <summary>Every return operation as a partner meets it before the warehouse shipped anything: refusals, empty pages, not found.</summary>
    private async Task ReturnsAsync(string customerId, CancellationToken cancellationToken)
    {
        var order = await gateway.SubmitOrderAsync(Guid.NewGuid().ToString(), new OrderSubmissionV2
        {
            SalesforceId = $"801NSR{runId}",
            CustomerId = customerId,
            Lines = [new OrderLineSubmission { Sku = KnownSku, Quantity = 1 }],
        }, cancellationToken);
        var submission = new ReturnSubmissionV2 { SalesforceId = $"500NSW{runId}", Reason = "Damaged in transit", Lines = [new ReturnLineSubmission { Sku = KnownSku, Quantity = 1 }] };
        await report.ExpectProblemAsync("createReturn", "nothing delivered yet is a typed 422 problem",
            () => gateway.CreateReturnAsync(order.OrderId, Guid.NewGuid().ToString(), submission, cancellationToken),
            exception => exception is ApiException<ApiProblem> { StatusCode: 422 } problem ? problem.Result.ErrorCode : null,
            "nothing_delivered");
        await report.CheckAsync("listReturns", "none for the order", () => gateway.ListReturnsAsync(order.OrderId, null, null, null, null, cancellationToken),
            page => page.Items.Count == 0 ? null : $"{page.Items.Count} returns");
        await report.CheckAsync("getReturnChanges", "a page of the feed", () => gateway.GetReturnChangesAsync(null, 10, null, cancellationToken),
            page => page.NextCursor is not null ? null : "no cursor");
        await report.ExpectProblemAsync("getReturn", "an unknown return is a typed 404 problem",
            () => gateway.GetReturnAsync("999999", null, cancellationToken),
            exception => exception is ApiException<ApiProblem> { StatusCode: 404 } problem ? problem.Result.ErrorCode : null,
            "not_found");
        await report.ExpectProblemAsync("receiveReturn", "an unknown return is a typed 404 problem",
            () => gateway.ReceiveReturnAsync("999999", Guid.NewGuid().ToString(), cancellationToken),
            exception => exception is ApiException<ApiProblem> { StatusCode: 404 } problem ? problem.Result.ErrorCode : null,
            "not_found");
    }

    private async Task AsyncIntakeAsync(string customerId, CancellationToken cancellationToken)
    {
        var status = await report.CheckAsync("queueOrder", "queued: 202 with the submission id and its status URL",
            () => gateway.QueueOrderAsync(Guid.NewGuid().ToString(), "high", new OrderSubmissionV2
            {
                SalesforceId = $"801NSWA{runId}",
                CustomerId = customerId,
                Lines = [new OrderLineSubmission { Sku = KnownSku, Quantity = 1 }],
            }, cancellationToken),
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
                var current = await gateway.GetOrderSubmissionAsync(status.SubmissionId, null, cancellationToken);
                if (current.Status != SubmissionState.Queued || attempt == 50)
                {
                    return current;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }, current => current.Status == SubmissionState.Submitted && current.OrderId is not null ? null : $"status {current.Status}");
    }

    private async Task ExceptionsAsync(string customerId, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString();
        await report.ExpectProblemAsync("submitOrder", "an unknown SKU is a typed 422 problem",
            () => gateway.SubmitOrderAsync(key, new OrderSubmissionV2
            {
                SalesforceId = $"801NSWX{runId}",
                CustomerId = customerId,
                Lines = [new OrderLineSubmission { Sku = "NO-SUCH-SKU", Quantity = 1 }],
            }, cancellationToken),
            exception => exception is ApiException<ApiProblem> { StatusCode: 422 } problem ? problem.Result.ErrorCode : null,
            "unknown_sku");
        var entry = await report.CheckAsync("listExceptions", "the refusal is queued", async () =>
        {
            var page = await gateway.ListExceptionsAsync(ExceptionStatus.Open, "unknown_sku", null, 200, null, null, cancellationToken);
            return page.Items.FirstOrDefault(item => item.IdempotencyKey == key) ?? throw new InvalidOperationException("no open entry with the submission's key");
        }, _ => null);
        if (entry is null)
        {
            foreach (var operation in new[] { "getException", "replayException", "resolveException" })
            {
                report.NotRun(operation, "the queued refusal", "listExceptions did not find it");
            }

            return;
        }

        await report.CheckAsync("getException", "the queued refusal", () => gateway.GetExceptionAsync(entry.ExceptionId, null, cancellationToken),
            read => read.Reason == "unknown_sku" ? null : $"reason {read.Reason}");
        await report.CheckAsync("replayException", "still refused", () => gateway.ReplayExceptionAsync(entry.ExceptionId, cancellationToken),
            result => result.Outcome == ReplayOutcome.Refused ? null : $"outcome {result.Outcome}");
        await report.CheckAsync("resolveException", "closed by an operator", () => gateway.ResolveExceptionAsync(entry.ExceptionId, new ResolveRequest { Reason = "SKU typo; re-entered" }, cancellationToken),
            resolved => resolved.Status == ExceptionStatus.Resolved ? null : $"status {resolved.Status}");
    }

    /// <summary>Null when the pages held more than one page's worth and no record twice.</summary>
    private static string? Paged(List<string> ids, int pageSize) =>
        ids.Count <= pageSize ? $"only {ids.Count} records: no second page was read"
        : ids.Distinct().Count() != ids.Count ? "a record came twice" : null;
}
