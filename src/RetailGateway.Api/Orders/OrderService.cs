using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Orders;

/// <summary>
/// Order operations over Odoo's sales orders and the records hanging off them, limited to the caller's
/// <see cref="CallerScope"/>: an order outside it is a 404 like a missing one, lists and the feed leave it
/// out, and an order for a customer outside it is refused like one for an unknown customer.
/// </summary>
internal sealed class OrderService(OdooSaleOrders orders, OdooPartners partners, OdooProducts products, TimeProvider time, ResourceCache cache, IResourceLocks locks, ChangeFeed feed, CallerScope scope)
{
    /// <summary>
    /// Creates and confirms an order. An order with the same Salesforce id for the same customer is
    /// never created twice: it is returned instead (and confirmed, if an earlier attempt stopped short).
    /// </summary>
    public Task<(Order Order, SubmitOutcome Outcome)> SubmitAsync(OrderSubmission submission, CancellationToken cancellationToken) =>
        SubmitAsync(submission, null, OrderMapping.ToOrder, cancellationToken);

    /// <summary>
    /// The checks of a submission that need no Odoo call: its ids are well formed. Submission makes them
    /// as it parses the ids; async intake makes them before it queues, so that bad input is a 400 there too.
    /// </summary>
    public static void CheckIds(OrderSubmission submission)
    {
        ResourceId.Parse(submission.CustomerId, "customerId");
        if (submission is OrderSubmissionV2 { ShippingAddressId: { } addressId })
        {
            ResourceId.Parse(addressId, "shippingAddressId");
        }
    }

    /// <summary>Submits, then reads the order back once, in the shape of the calling version.</summary>
    private async Task<(T Order, SubmitOutcome Outcome)> SubmitAsync<T>(OrderSubmission submission, long? shippingPartnerId, OrderMap<T> map, CancellationToken cancellationToken)
    {
        var partnerId = ResourceId.Parse(submission.CustomerId, "customerId");
        var lines = submission.Lines ?? [];

        // Search-then-create is racy across two calls: one submission per Salesforce order at a time, on every instance.
        await using var claim = await locks.AcquireAsync($"order:{partnerId}:{submission.SalesforceId}", cancellationToken);
        // The three look-ups are independent: one round. Their outcomes are taken in a fixed order once all are done,
        // so that an unknown SKU is reported before an unknown customer whichever answer came first.
        var resolving = ResolveSkusAsync(lines, cancellationToken);
        var checking = EnsureCustomerExistsAsync(partnerId, submission.CustomerId!, cancellationToken);
        var finding = FindBySalesforceIdAsync(submission.SalesforceId!, partnerId, cancellationToken);
        await Task.WhenAll(resolving, checking, finding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var productIds = await resolving;
        await checking;
        var existing = await finding;
        if (existing is not null)
        {
            if (!OrderMapping.IsQuotation(existing))
            {
                return (await ReadAsync(existing.Id, map, cancellationToken), SubmitOutcome.Existing);
            }

            var confirmed = await orders.ConfirmWithDetailsAsync(existing.Id, submission.OrderDate, cancellationToken);
            await cache.InvalidateAsync(CacheKeys(existing.Id), ResourceCache.StockTags(lines.Select(l => l.Sku)));
            return (Single(confirmed, map, existing.Id), SubmitOutcome.Confirmed);
        }

        var orderDate = submission.OrderDate is { } date ? OrderMapping.StartOfDay(date) : time.GetUtcNow();
        var orderId = await orders.CreateCheckedAsync(submission, partnerId, productIds, orderDate, shippingPartnerId, cancellationToken);
        if (orderId is null)
        {
            // A product remembered for a SKU was archived or recoded since: ask Odoo afresh, which refuses the SKU or finds its product.
            products.Forget(productIds.Keys);
            orderId = await orders.CreateAsync(submission, partnerId, await ResolveSkusAsync(lines, cancellationToken), orderDate, shippingPartnerId, cancellationToken);
        }

        SaleOrderDetails created;
        try
        {
            created = await orders.ConfirmWithDetailsAsync(orderId.Value, submission.OrderDate, cancellationToken);
        }
        finally
        {
            // Even a refused confirmation may have reserved nothing or something: drop its SKUs' cached stock either way.
            await cache.InvalidateAsync([], ResourceCache.StockTags(lines.Select(l => l.Sku)));
        }

        return (Single(created, map, orderId.Value), SubmitOutcome.Created);
    }

    public async Task<Order> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(orderId, "orderId");
        await RequireInScopeAsync(id, orderId, cancellationToken);
        return await cache.GetOrLoadAsync(CacheKind.Order, CacheKey(id), ct => new ValueTask<Order>(ReadAsync(id, OrderMapping.ToOrder, ct)), cancellationToken);
    }

    private static string CacheKey(long id) => $"order:{id}";

    private static string[] CacheKeys(long id) => [CacheKey(id), $"order:v2:{id}"];

    /// <summary>
    /// An order outside the caller's scope is not found, exactly as one that does not exist. Checked before
    /// the shared cache is asked, so that a hit another client's read left is never served across scopes.
    /// </summary>
    private async Task RequireInScopeAsync(long id, string orderId, CancellationToken cancellationToken)
    {
        if (!await scope.IncludesAsync(ScopedRecords.Orders, id, cancellationToken))
        {
            throw ApiProblemException.NotFound("order", orderId);
        }
    }

    /// <summary>Submits an order (v2), delivered to one of the customer's shipping addresses when it names one.</summary>
    public async Task<(OrderV2 Order, SubmitOutcome Outcome)> SubmitV2Async(OrderSubmissionV2 submission, CancellationToken cancellationToken)
    {
        long? shippingPartnerId = null;
        if (submission.ShippingAddressId is { } addressId)
        {
            var partnerId = ResourceId.Parse(submission.CustomerId, "customerId");
            shippingPartnerId = ResourceId.Parse(addressId, "shippingAddressId");
            if (!(await scope.GetAsync(cancellationToken)).IsAll)
            {
                // Before the address is read: whether an address belongs to a customer outside the scope is not the caller's to learn.
                await EnsureCustomerExistsAsync(partnerId, submission.CustomerId!, cancellationToken);
            }

            var found = await partners.FindAddressAsync(shippingPartnerId.Value, cancellationToken);
            if (found is null || !CustomerMapping.IsShippingAddressOf(found, partnerId))
            {
                throw ApiProblemException.Unprocessable(
                    ErrorCodes.UnknownShippingAddress,
                    "The shipping address is not one of the customer's; nothing was created.",
                    [new FieldError("shippingAddressId", $"No shipping address '{addressId}' for customer '{submission.CustomerId}'.")]);
            }
        }

        return await SubmitAsync(submission, shippingPartnerId, OrderMapping.ToOrderV2, cancellationToken);
    }

    public async Task<OrderV2> GetV2Async(string orderId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(orderId, "orderId");
        await RequireInScopeAsync(id, orderId, cancellationToken);
        return await cache.GetOrLoadAsync(CacheKind.Order, $"order:v2:{id}", ct => new ValueTask<OrderV2>(ReadAsync(id, OrderMapping.ToOrderV2, ct)), cancellationToken);
    }

    public Task<Page<OrderV2>> ListV2Async(OrderSearch search, CancellationToken cancellationToken) => ListAsync(search, OrderMapping.ToOrderV2, cancellationToken);

    public Task<OrderV2> CancelV2Async(string orderId, CancellationToken cancellationToken) =>
        CancelAsync(orderId, OrderMapping.ToOrderV2, cancellationToken);

    public Task<Page<Order>> ListAsync(OrderSearch search, CancellationToken cancellationToken) => ListAsync(search, OrderMapping.ToOrder, cancellationToken);

    private async Task<Page<T>> ListAsync<T>(OrderSearch search, OrderMap<T> map, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(search.Limit);
        var afterId = Cursor.Decode(search.Cursor);
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        var filter = new OrderFilter(
            afterId,
            tagId,
            ResourceId.ParseOptional(search.CustomerId, "customerId"),
            string.IsNullOrWhiteSpace(search.SalesforceId) ? null : search.SalesforceId.Trim(),
            search.Status,
            search.UpdatedSince);
        var details = await orders.PageWithDetailsAsync(filter, limit + 1, cancellationToken);
        var (page, next) = Cursor.Cut(details.Orders, limit, o => o.Id);
        return new Page<T> { Items = Map(details with { Orders = page }, map), NextCursor = next };
    }

    /// <summary>Orders changed in Odoo after the cursor, oldest change first, each in its current state.</summary>
    public Task<ChangePage<Order>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken) =>
        ChangesAsync(cursor, limit, OrderMapping.ToOrder, cancellationToken);

    public Task<ChangePage<OrderV2>> ChangesV2Async(string? cursor, int? limit, CancellationToken cancellationToken) =>
        ChangesAsync(cursor, limit, OrderMapping.ToOrderV2, cancellationToken);

    private async Task<ChangePage<T>> ChangesAsync<T>(string? cursor, int? limit, OrderMap<T> map, CancellationToken cancellationToken)
    {
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        var source = new ChangeSource<SaleOrderRecord>("orders", (window, ct) => orders.ChangedAsync(window, tagId, ct), o => o.Id, o => o.WriteDate);
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        return new ChangePage<T> { Items = await LoadAsync(slice.Records, map, cancellationToken), NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    /// <summary>
    /// Cancels an order (unlocking it first if needed), unless a delivery of it was shipped. Cancelling a
    /// cancelled order changes nothing.
    /// </summary>
    public Task<Order> CancelAsync(string orderId, CancellationToken cancellationToken) =>
        CancelAsync(orderId, OrderMapping.ToOrder, cancellationToken);

    private async Task<T> CancelAsync<T>(string orderId, OrderMap<T> map, CancellationToken cancellationToken)
        where T : Order
    {
        var id = ResourceId.Parse(orderId, "orderId");
        await RequireInScopeAsync(id, orderId, cancellationToken);
        var toCancel = await orders.ToCancelAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("order", orderId);
        if (OrderMapping.IsCancelled(toCancel.Order))
        {
            return await ReadAsync(id, map, cancellationToken);
        }

        // Odoo 16-19 cancel an order whose delivery is done (the delivery stays done): the rule is the gateway's, kept before any write.
        if (toCancel.HasShippedDelivery)
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.OrderShipped,
                "The order has a shipped delivery and cannot be cancelled; return the goods in Odoo instead.");
        }

        if (OrderMapping.IsLocked(toCancel.Order))
        {
            await orders.UnlockAsync(id, cancellationToken);
        }

        bool askedForConfirmation;
        T cancelled;
        try
        {
            askedForConfirmation = await orders.CancelAsync(id, cancellationToken);
            cancelled = await ReadAsync(id, map, cancellationToken);
        }
        catch
        {
            // The cancel may have happened without an answer, and the order's SKUs are known only from the read-back: forget all cached stock.
            await cache.InvalidateAsync(CacheKeys(id), [ResourceCache.StockTag]);
            throw;
        }

        // The stock of the order's own SKUs, whose reservations a cancel releases; the rest of the stock cache stays.
        await cache.InvalidateAsync(CacheKeys(id), ResourceCache.StockTags(cancelled.Lines.Select(l => l.Sku)));
        if (cancelled.Status != OrderStatus.Cancelled)
        {
            // Odoo answered with a wizard or silently kept the order: never report a cancel that did not happen.
            var detail = askedForConfirmation
                ? "Odoo asks for a confirmation the gateway cannot give; cancel the order in Odoo."
                : "Odoo did not cancel the order.";
            throw ApiProblemException.Unprocessable(ErrorCodes.OrderNotCancellable, detail);
        }

        return cancelled;
    }

    /// <summary>One Odoo call for all SKUs; unknown or ambiguous SKUs are refused per line.</summary>
    private async Task<IReadOnlyDictionary<string, long>> ResolveSkusAsync(IReadOnlyList<OrderLineSubmission> lines, CancellationToken cancellationToken)
    {
        var bySku = await products.IdsBySkuAsync([.. lines.Select(l => l.Sku!)], cancellationToken);

        var unknown = new List<FieldError>();
        var ambiguous = new List<FieldError>();
        for (var i = 0; i < lines.Count; i++)
        {
            var sku = lines[i].Sku!;
            var field = $"lines[{i}].sku";
            if (!bySku.TryGetValue(sku, out var ids))
            {
                unknown.Add(new FieldError(field, $"Unknown SKU '{sku}'."));
            }
            else if (ids.Count > 1)
            {
                ambiguous.Add(new FieldError(field, $"SKU '{sku}' belongs to {ids.Count} products in Odoo."));
            }
        }

        if (unknown.Count > 0)
        {
            throw ApiProblemException.Unprocessable(ErrorCodes.UnknownSku, "Some SKUs are not known to Odoo; nothing was created.", [.. unknown, .. ambiguous]);
        }

        if (ambiguous.Count > 0)
        {
            throw ApiProblemException.Unprocessable(ErrorCodes.AmbiguousSku, "Some SKUs belong to several products in Odoo; nothing was created.", ambiguous);
        }

        return bySku.ToDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
    }

    /// <summary>The customer exists and is in the caller's scope; a customer outside it is refused exactly as an unknown one.</summary>
    private async Task EnsureCustomerExistsAsync(long partnerId, string customerId, CancellationToken cancellationToken)
    {
        var exists = (await scope.GetAsync(cancellationToken)).IsAll
            ? await partners.ExistsAsync(partnerId, cancellationToken)
            : await scope.IncludesAsync(ScopedRecords.Customers, partnerId, cancellationToken);
        if (!exists)
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.UnknownCustomer,
                "The customer does not exist; nothing was created.",
                [new FieldError("customerId", $"No customer with id '{customerId}'.")]);
        }
    }

    private async Task<SaleOrderRecord?> FindBySalesforceIdAsync(string salesforceId, long partnerId, CancellationToken cancellationToken)
    {
        return await orders.FindBySalesforceIdAsync(salesforceId, partnerId, cancellationToken);
    }

    private async Task<T> ReadAsync<T>(long id, OrderMap<T> map, CancellationToken cancellationToken) =>
        Single(await orders.WithDetailsAsync(id, cancellationToken), map, id);

    private static T Single<T>(SaleOrderDetails details, OrderMap<T> map, long id)
    {
        var found = Map(details, map);
        return found.Count == 1 ? found[0] : throw ApiProblemException.NotFound("order", id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Lines, shipments and invoices of a page of orders: three calls, whatever the page size.</summary>
    private async Task<IReadOnlyList<T>> LoadAsync<T>(IReadOnlyList<SaleOrderRecord> page, OrderMap<T> map, CancellationToken cancellationToken) =>
        Map(await orders.DetailsOfAsync(page, cancellationToken), map);

    private static List<T> Map<T>(SaleOrderDetails details, OrderMap<T> map) =>
        details.Orders.Select(o => map(o, details.Lines, details.Pickings, details.Invoices)).ToList();
}

/// <summary>Maps an order and the records hanging off it to the resource of an API version.</summary>
internal delegate T OrderMap<out T>(SaleOrderRecord order, IEnumerable<SaleOrderLineRecord> lines, IEnumerable<PickingRecord> pickings, IEnumerable<InvoiceRecord> invoices);

/// <summary>What a submission did in Odoo.</summary>
internal enum SubmitOutcome
{
    /// <summary>Created and confirmed the order.</summary>
    Created,

    /// <summary>Confirmed the order an earlier attempt created but could not confirm (Odoo refused, or the call broke off).</summary>
    Confirmed,

    /// <summary>Found the order confirmed already (or further along); wrote nothing.</summary>
    Existing,
}

/// <summary>Filters of an order list.</summary>
internal sealed record OrderSearch(string? CustomerId, string? SalesforceId, OrderStatus? Status, DateTimeOffset? UpdatedSince, int? Limit, string? Cursor);
