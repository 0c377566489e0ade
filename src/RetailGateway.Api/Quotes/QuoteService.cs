using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;

namespace RetailGateway.Api.Quotes;

/// <summary>
/// Quotes over Odoo's quotations (sales orders created from a Salesforce Quote) and customer prices, limited to the
/// caller's <see cref="CallerScope"/> as orders are. Every price is Odoo's: the gateway reads what Odoo computed.
/// </summary>
internal sealed class QuoteService(OdooSaleOrders orders, OrderService orderService, OdooProducts products, TimeProvider time, ResourceCache cache, IResourceLocks locks, CallerScope scope)
{
    /// <summary>How many SKUs one price request may ask for.</summary>
    public const int MaxSkus = 100;

    /// <summary>
    /// Creates the quotation in Odoo, which prices it, and reads it back. A quote with the same Salesforce id for the same
    /// customer is never created twice: it is returned instead (false).
    /// </summary>
    public async Task<(QuoteV2 Quote, bool Created)> CreateAsync(QuoteSubmissionV2 quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var submission = new OrderSubmission
        {
            SalesforceId = quote.SalesforceId,
            CustomerId = quote.CustomerId,
            Lines = [.. (quote.Lines ?? []).Select(l => new OrderLineSubmission { Sku = l.Sku, Quantity = l.Quantity })],
            Notes = quote.Notes,
        };
        var partnerId = ResourceId.Parse(submission.CustomerId, "customerId");
        var shippingPartnerId = await orderService.ShippingPartnerIdAsync(new NewOrder(submission, quote.ShippingAddressId), cancellationToken);
        var lines = submission.Lines;

        // The same natural key as orders (a sales order's reference per customer), so the same lock.
        await using var claim = await locks.AcquireAsync($"order:{partnerId}:{submission.SalesforceId}", cancellationToken);
        var resolving = orderService.ResolveSkusAsync(lines, cancellationToken);
        var checking = orderService.EnsureCustomerExistsAsync(partnerId, submission.CustomerId!, cancellationToken);
        var finding = orders.FindBySalesforceIdAsync(submission.SalesforceId!, partnerId, cancellationToken);
        await Task.WhenAll(resolving, checking, finding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var productIds = await resolving;
        await checking;
        if (await finding is { } existing)
        {
            return (await ReadAsync(existing.Id, cancellationToken), false);
        }

        var draft = new SaleOrderDraft(submission, partnerId, productIds, time.GetUtcNow(), shippingPartnerId, quote.ValidUntil);
        var quoteId = await orders.CreateCheckedAsync(draft, cancellationToken);
        if (quoteId is null)
        {
            // As for orders: a remembered product was archived or recoded since; ask Odoo afresh.
            products.Forget(productIds.Keys);
            quoteId = await orders.CreateAsync(draft with { ProductIdBySku = await orderService.ResolveSkusAsync(lines, cancellationToken) }, cancellationToken);
        }

        return (await ReadAsync(quoteId.Value, cancellationToken), true);
    }

    public async Task<QuoteV2> GetAsync(string quoteId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(quoteId, "quoteId");
        await OrderService.RequireInScopeAsync(scope, "quote", id, quoteId, cancellationToken);
        return await ReadAsync(id, cancellationToken);
    }

    /// <summary>Quotes oldest first, in cursor pages as orders are.</summary>
    public async Task<Page<QuoteV2>> ListAsync(string? customerId, string? salesforceId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var size = Cursor.Limit(limit);
        var filter = new OrderFilter(
            Cursor.Decode(cursor),
            (await scope.GetAsync(cancellationToken)).TagId,
            ResourceId.ParseOptional(customerId, "customerId"),
            string.IsNullOrWhiteSpace(salesforceId) ? null : salesforceId.Trim(),
            null,
            null,
            SaleOrderKind.Quotes);
        var details = await orders.PageWithDetailsAsync(filter, size + 1, cancellationToken);
        var (page, next) = Cursor.Cut(details.Orders, size, o => o.Id);
        var today = Today();
        return new Page<QuoteV2> { Items = [.. page.Select(o => QuoteMapping.ToQuote(o, details.Lines, today))], NextCursor = next };
    }

    /// <summary>
    /// Confirms the quote in Odoo and answers the order it became. An accepted quote is answered with its order and
    /// nothing is confirmed again; an expired or cancelled one is refused before any write.
    /// </summary>
    public async Task<(OrderView Order, bool Accepted)> AcceptAsync(string quoteId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(quoteId, "quoteId");
        await OrderService.RequireInScopeAsync(scope, "quote", id, quoteId, cancellationToken);
        // Check-then-confirm is two calls: one acceptance of a quote at a time, on every instance.
        await using var claim = await locks.AcquireAsync($"quote:{id}", cancellationToken);
        var quote = await ReadAsync(id, cancellationToken);
        switch (quote.Status)
        {
            case QuoteStatus.Accepted:
                return (OrderService.Single(await orders.WithDetailsAsync(id, cancellationToken), id), false);
            case QuoteStatus.Expired:
                throw ApiProblemException.Unprocessable(ErrorCodes.QuoteExpired, $"The quote expired on {quote.ValidUntil:yyyy-MM-dd} and cannot be accepted; create a new quote.");
            case QuoteStatus.Cancelled:
                throw ApiProblemException.Unprocessable(ErrorCodes.QuoteCancelled, "The quote was cancelled and cannot be accepted; create a new quote.");
        }

        SaleOrderDetails confirmed;
        try
        {
            confirmed = await orders.ConfirmWithDetailsAsync(id, null, cancellationToken);
        }
        finally
        {
            // Confirming reserves stock, and v1 may hold the quotation as a draft order: forget both, even after a refusal.
            await cache.InvalidateAsync(OrderService.CacheKeys(id), [ResourceCache.StockTag]);
        }

        return (OrderService.Single(confirmed, id), true);
    }

    /// <summary>Cancels an open or expired quote; a cancelled one is answered as it is, an accepted one is refused (cancel its order instead).</summary>
    public async Task<QuoteV2> CancelAsync(string quoteId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(quoteId, "quoteId");
        await OrderService.RequireInScopeAsync(scope, "quote", id, quoteId, cancellationToken);
        await using var claim = await locks.AcquireAsync($"quote:{id}", cancellationToken);
        var status = (await ReadAsync(id, cancellationToken)).Status;
        if (status == QuoteStatus.Accepted)
        {
            throw new ApiProblemException(
                StatusCodes.Status409Conflict,
                ErrorCodes.QuoteAccepted,
                "Quote accepted",
                $"The quote was accepted; cancel its order instead (POST /api/v2/orders/{quoteId}/cancel).");
        }

        if (status != QuoteStatus.Cancelled)
        {
            await orders.CancelAsync(id, cancellationToken);
            await cache.InvalidateAsync(OrderService.CacheKeys(id), []);
        }

        var cancelled = await ReadAsync(id, cancellationToken);
        return cancelled.Status == QuoteStatus.Cancelled
            ? cancelled
            : throw ApiProblemException.Unprocessable(ErrorCodes.OrderNotCancellable, "Odoo did not cancel the quote.");
    }

    /// <summary>
    /// Odoo's prices for the customer now, for each SKU at the quantity: a quotation Odoo computes and never saves
    /// (<see cref="OdooSaleOrders.PriceAsync"/>), so nothing is written.
    /// </summary>
    public async Task<CustomerPricesV2> PricesAsync(string? customerId, string? skus, decimal? quantity, CancellationToken cancellationToken)
    {
        var partnerId = ResourceId.Parse(customerId, "customerId");
        var asked = ParseSkus(skus);
        var amount = quantity ?? 1;
        if (amount is <= 0 or > 1_000_000)
        {
            throw ApiProblemException.Invalid("quantity", "Must be more than 0 and at most 1000000.");
        }

        var resolving = products.IdsBySkuAsync(asked, cancellationToken);
        var checking = orderService.EnsureCustomerExistsAsync(partnerId, customerId!, cancellationToken);
        await Task.WhenAll(resolving, checking).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var bySku = await resolving;
        await checking;
        var unknown = asked.Where(sku => !bySku.ContainsKey(sku)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.UnknownSku,
                "Some SKUs are not known to Odoo.",
                [.. unknown.Select(sku => new FieldError("skus", $"Unknown SKU '{sku}'."))]);
        }

        var ambiguous = asked.Where(sku => bySku[sku].Count > 1).ToList();
        if (ambiguous.Count > 0)
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.AmbiguousSku,
                "Some SKUs belong to several products in Odoo.",
                [.. ambiguous.Select(sku => new FieldError("skus", $"SKU '{sku}' belongs to {bySku[sku].Count} products in Odoo."))]);
        }

        var pricing = await orders.PriceAsync(partnerId, [.. asked.Select(sku => bySku[sku][0])], amount, cancellationToken);
        return QuoteMapping.ToPrices(partnerId.ToString(CultureInfo.InvariantCulture), amount, asked, pricing);
    }

    /// <summary>A comma-separated list of 1 to <see cref="MaxSkus"/> SKUs, each once, in the order given.</summary>
    private static List<string> ParseSkus(string? skus)
    {
        var asked = (skus ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (asked.Count is 0 or > MaxSkus)
        {
            throw ApiProblemException.Invalid("skus", $"Give 1 to {MaxSkus} SKUs, separated by commas.");
        }

        if (asked.FirstOrDefault(sku => !System.Text.RegularExpressions.Regex.IsMatch(sku, Patterns.Sku, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100))) is { } wrong)
        {
            throw ApiProblemException.Invalid("skus", $"'{wrong}' is not a SKU: {Patterns.SkuMessage}");
        }

        return asked;
    }

    /// <summary>The quote with this id; not found when the id is not a quote's (an order submitted as one, say).</summary>
    private async Task<QuoteV2> ReadAsync(long id, CancellationToken cancellationToken)
    {
        var details = await orders.QuoteWithDetailsAsync(id, cancellationToken);
        return details.Orders is [var order] && OrderMapping.HasQuoteReference(order)
            ? QuoteMapping.ToQuote(order, details.Lines, Today())
            : throw ApiProblemException.NotFound("quote", id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Today in UTC: a quote valid until a day can be accepted through that day.</summary>
    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
