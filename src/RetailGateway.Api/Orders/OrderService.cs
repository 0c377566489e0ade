using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;
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
    /// The checks of a submission that need no Odoo call: its ids are well formed. Submission makes them
    /// as it parses the ids; async intake makes them before it queues, so that bad input is a 400 there too.
    /// </summary>
    public static void CheckIds(NewOrder order)
    {
        ResourceId.Parse(order.Submission.CustomerId, "customerId");
        if (order.ShippingAddressId is { } addressId)
        {
            ResourceId.Parse(addressId, "shippingAddressId");
        }
    }

    /// <summary>
    /// Creates and confirms an order, delivered to one of the customer's shipping addresses when it names one, and
    /// reads it back once. An order with the same Salesforce id for the same customer is never created twice: it is
    /// returned instead (and confirmed, if an earlier attempt stopped short).
    /// </summary>
    public async Task<(OrderView Order, SubmitOutcome Outcome)> SubmitAsync(NewOrder order, CancellationToken cancellationToken)
    {
        var shippingPartnerId = await ShippingPartnerIdAsync(order, cancellationToken);
        return await SubmitAsync(order.Submission, shippingPartnerId, cancellationToken);
    }

    /// <summary>Submits, then reads the order back once.</summary>
    private async Task<(OrderView Order, SubmitOutcome Outcome)> SubmitAsync(OrderSubmission submission, long? shippingPartnerId, CancellationToken cancellationToken)
    {
        var partnerId = ResourceId.Parse(submission.CustomerId, "customerId");
        var lines = submission.Lines ?? [];

        // Search-then-create is racy across two calls: one submission per Salesforce order at a time, on every instance.
        await using var claim = await locks.AcquireAsync($"order:{partnerId}:{submission.SalesforceId}", cancellationToken);
        // The three look-ups are independent: one round. Their outcomes are taken in a fixed order once all are done,
        // so that an unknown SKU is reported before an unknown customer whichever answer came first.
        var resolving = ResolveSkusAsync(lines, cancellationToken);
        var checking = EnsureCustomerExistsAsync(partnerId, submission.CustomerId!, cancellationToken);
        var finding = orders.FindBySalesforceIdAsync(submission.SalesforceId!, partnerId, cancellationToken);
        await Task.WhenAll(resolving, checking, finding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var productIds = await resolving;
        await checking;
        var existing = await finding;
        if (existing is not null)
        {
            if (!OrderMapping.IsQuotation(existing))
            {
                return (await ReadAsync(existing.Id, cancellationToken), SubmitOutcome.Existing);
            }

            var confirmed = await orders.ConfirmWithDetailsAsync(existing.Id, submission.OrderDate, cancellationToken);
            await cache.InvalidateAsync(CacheKeys(existing.Id), ResourceCache.StockTags(lines.Select(l => l.Sku)));
            return (Single(confirmed, existing.Id), SubmitOutcome.Confirmed);
        }

        var orderDate = submission.OrderDate is { } date ? OrderMapping.StartOfDay(date) : time.GetUtcNow();
        var orderId = await orders.CreateCheckedAsync(new SaleOrderDraft(submission, partnerId, productIds, orderDate, shippingPartnerId), cancellationToken);
        if (orderId is null)
        {
            // A product remembered for a SKU was archived or recoded since: ask Odoo afresh, which refuses the SKU or finds its product.
            products.Forget(productIds.Keys);
            orderId = await orders.CreateAsync(new SaleOrderDraft(submission, partnerId, await ResolveSkusAsync(lines, cancellationToken), orderDate, shippingPartnerId), cancellationToken);
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

        return (Single(created, orderId.Value), SubmitOutcome.Created);
    }

    public async Task<TOrder> GetAsync<TOrder, TSubmission>(string orderId, IOrderVersion<TOrder, TSubmission> version, CancellationToken cancellationToken)
        where TOrder : class
    {
        var id = ResourceId.Parse(orderId, "orderId");
        await RequireInScopeAsync(id, orderId, cancellationToken);
        return await cache.GetOrLoadAsync(CacheKind.Order, version.CacheKey(id), async ct => version.ToResource(await ReadAsync(id, version.Lists, ct)), cancellationToken);
    }

    /// <summary>The order with this id, which a version that lists only orders does not find while it is a quote not accepted.</summary>
    private async Task<OrderView> ReadAsync(long id, SaleOrderKind kind, CancellationToken cancellationToken)
    {
        var details = await orders.WithDetailsAsync(id, cancellationToken);
        if (kind == SaleOrderKind.Orders && details.Orders.Any(OrderMapping.IsUnacceptedQuote))
        {
            throw ApiProblemException.NotFound("order", id.ToString(CultureInfo.InvariantCulture));
        }

        return Single(details, id);
    }

    /// <summary>A write forgets the order in the shape of every version.</summary>
    internal static string[] CacheKeys(long id) => [.. ApiVersions.All.Select(v => v.Orders.CacheKey(id))];

    /// <summary>
    /// An order outside the caller's scope is not found, exactly as one that does not exist. Checked before
    /// the shared cache is asked, so that a hit another client's read left is never served across scopes.
    /// </summary>
    private Task RequireInScopeAsync(long id, string orderId, CancellationToken cancellationToken) =>
        RequireInScopeAsync(scope, "order", id, orderId, cancellationToken);

    /// <summary>The same rule for any resource that is a sales order (an order or a quote).</summary>
    internal static async Task RequireInScopeAsync(CallerScope scope, string resource, long id, string resourceId, CancellationToken cancellationToken)
    {
        if (!await scope.IncludesAsync(ScopedRecords.Orders, id, cancellationToken))
        {
            throw ApiProblemException.NotFound(resource, resourceId);
        }
    }

    /// <summary>The contact of the shipping address the order names, checked to be one of the customer's; null when it names none.</summary>
    internal async Task<long?> ShippingPartnerIdAsync(NewOrder order, CancellationToken cancellationToken)
    {
        var submission = order.Submission;
        long? shippingPartnerId = null;
        if (order.ShippingAddressId is { } addressId)
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

        return shippingPartnerId;
    }

    public async Task<Page<TOrder>> ListAsync<TOrder, TSubmission>(OrderSearch search, IOrderVersion<TOrder, TSubmission> version, CancellationToken cancellationToken)
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
            search.UpdatedSince,
            version.Lists);
        var details = await orders.PageWithDetailsAsync(filter, limit + 1, cancellationToken);
        var (page, next) = Cursor.Cut(details.Orders, limit, o => o.Id);
        return new Page<TOrder> { Items = [.. Map(details with { Orders = page }).Select(version.ToResource)], NextCursor = next };
    }

    /// <summary>Orders changed in Odoo after the cursor, oldest change first, each in its current state.</summary>
    public async Task<ChangePage<TOrder>> ChangesAsync<TOrder, TSubmission>(string? cursor, int? limit, IOrderVersion<TOrder, TSubmission> version, CancellationToken cancellationToken)
    {
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        var source = new ChangeSource<SaleOrderRecord>("orders", (window, ct) => orders.ChangedAsync(window, tagId, version.Lists, ct), o => o.Id, o => o.WriteDate);
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        return new ChangePage<TOrder> { Items = [.. (await LoadAsync(slice.Records, cancellationToken)).Select(version.ToResource)], NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    /// <summary>
    /// Cancels an order (unlocking it first if needed), unless a delivery of it was shipped. Cancelling a
    /// cancelled order changes nothing.
    /// </summary>
    public async Task<TOrder> CancelAsync<TOrder, TSubmission>(string orderId, IOrderVersion<TOrder, TSubmission> version, CancellationToken cancellationToken) =>
        version.ToResource(await CancelAsync(orderId, cancellationToken));

    private async Task<OrderView> CancelAsync(string orderId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(orderId, "orderId");
        await RequireInScopeAsync(id, orderId, cancellationToken);
        var toCancel = await orders.ToCancelAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("order", orderId);
        if (OrderMapping.IsCancelled(toCancel.Order))
        {
            return await ReadAsync(id, cancellationToken);
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
        OrderView cancelled;
        try
        {
            askedForConfirmation = await orders.CancelAsync(id, cancellationToken);
            cancelled = await ReadAsync(id, cancellationToken);
        }
        catch
        {
            // The cancel may have happened without an answer, and the order's SKUs are known only from the read-back: forget all cached stock.
            await cache.InvalidateAsync(CacheKeys(id), [ResourceCache.StockTag]);
            throw;
        }

        // The stock of the order's own SKUs, whose reservations a cancel releases; the rest of the stock cache stays.
        await cache.InvalidateAsync(CacheKeys(id), ResourceCache.StockTags(cancelled.Order.Lines.Select(l => l.Sku)));
        if (cancelled.Order.Status != OrderStatus.Cancelled)
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
    internal async Task<IReadOnlyDictionary<string, long>> ResolveSkusAsync(IReadOnlyList<OrderLineSubmission> lines, CancellationToken cancellationToken)
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
    internal async Task EnsureCustomerExistsAsync(long partnerId, string customerId, CancellationToken cancellationToken)
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

    private async Task<OrderView> ReadAsync(long id, CancellationToken cancellationToken) =>
        Single(await orders.WithDetailsAsync(id, cancellationToken), id);

    /// <summary>The one order of a read by id; not found when the read found none.</summary>
    internal static OrderView Single(SaleOrderDetails details, long id)
    {
        var found = Map(details);
        return found.Count == 1 ? found[0] : throw ApiProblemException.NotFound("order", id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Lines, shipments and invoices of a page of orders: three calls, whatever the page size.</summary>
    private async Task<IReadOnlyList<OrderView>> LoadAsync(IReadOnlyList<SaleOrderRecord> page, CancellationToken cancellationToken) =>
        Map(await orders.DetailsOfAsync(page, cancellationToken));

    private static List<OrderView> Map(SaleOrderDetails details) =>
        details.Orders.Select(o => new OrderView(OrderMapping.ToOrder(o, details.Lines, details.Pickings, details.Invoices), OrderMapping.ShippingAddressId(o))
        {
            Returns = ReturnMapping.ReturnsOf(o, details.Pickings),
        }).ToList();
}

/// <summary>An order to submit, in no API version's shape: the canonical submission and the shipping address it may name.</summary>
internal sealed record NewOrder(OrderSubmission Submission, string? ShippingAddressId);

/// <summary>
/// An order as the gateway reads it, in no API version's shape: the canonical order and the shipping address it is
/// delivered to (null: the customer's own). Each version's mapping makes its resource from it.
/// </summary>
internal sealed record OrderView(Order Order, string? ShippingAddressId)
{
    /// <summary>The returns of the order's goods (v2 shows them; v1 does not).</summary>
    public IReadOnlyList<Canonical.V2.OrderReturnV2> Returns { get; init; } = [];
}

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
