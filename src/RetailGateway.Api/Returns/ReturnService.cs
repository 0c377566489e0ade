using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Returns;

/// <summary>
/// Returns of delivered goods, over Odoo's return transfers, limited to the caller's <see cref="CallerScope"/> through
/// their orders. What may come back is the gateway's rule (Odoo's wizard does not stop a return of more than was
/// delivered), checked before anything is written.
/// </summary>
internal sealed class ReturnService(OdooReturns returns, ResourceCache cache, IResourceLocks locks, CallerScope scope, ChangeFeed feed, TimeProvider time)
{
    /// <summary>How long after an attempt stopped half-way its unmarked return is still taken as that attempt's.</summary>
    public static readonly TimeSpan UnfinishedWithin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Makes the return in Odoo and reads it back. A return of the same order with the same Case id is never made twice:
    /// it is answered instead (false).
    /// </summary>
    public async Task<(ReturnV2 Return, bool Created)> CreateAsync(string orderId, ReturnSubmissionV2 submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var id = ResourceId.Parse(orderId, "orderId");
        var shipmentId = ResourceId.ParseOptional(submission.ShipmentId, "shipmentId");
        var salesforceId = submission.SalesforceId ?? throw ApiProblemException.Invalid("salesforceId", "The Case id is required.");
        var lines = submission.Lines ?? [];
        await OrderService.RequireInScopeAsync(scope, "order", id, orderId, cancellationToken);

        // Check-then-create is several calls: one return of an order at a time, on every instance.
        await using var claim = await locks.AcquireAsync($"return:order:{id}", cancellationToken);
        if (await returns.FindBySalesforceIdAsync(id, salesforceId, cancellationToken) is { } existing)
        {
            return (ReturnMapping.ToReturn(existing), false);
        }

        var order = await returns.OrderTransfersAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("order", orderId);
        var transfers = order.Transfers.Records;
        var delivery = ChooseDelivery(transfers, shipmentId, lines);
        var asked = lines.GroupBy(l => l.Sku!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity!.Value), StringComparer.Ordinal);
        if (ReturnMapping.Unfinished(transfers, delivery, asked, time.GetUtcNow() - UnfinishedWithin) is { } unfinished)
        {
            // An attempt stopped after Odoo made its return and before marking it: this retry finishes it rather than make another.
            await returns.MarkAsync(unfinished.Id, new ReturnDraft(delivery, asked, salesforceId, submission.Reason ?? string.Empty), cancellationToken);
            await InvalidateAsync(id, asked.Keys);
            return (await ReadAsync(unfinished.Id, cancellationToken), true);
        }

        var quantityBySku = CheckQuantities(delivery, transfers, lines);

        long returnId;
        try
        {
            returnId = await returns.CreateAsync(new ReturnDraft(delivery, quantityBySku, salesforceId, submission.Reason ?? string.Empty), cancellationToken);
        }
        finally
        {
            // A return changes the order's view (its returns, its delivery status) and, once received, the stock: forget
            // both, even after a refusal, since Odoo may have made the return before it failed.
            await InvalidateAsync(id, quantityBySku.Keys);
        }

        return (await ReadAsync(returnId, cancellationToken), true);
    }

    public async Task<ReturnV2> GetAsync(string returnId, CancellationToken cancellationToken) =>
        ReturnMapping.ToReturn(await FindInScopeAsync(returnId, cancellationToken));

    /// <summary>Returns oldest first, in cursor pages as orders are.</summary>
    public async Task<Page<ReturnV2>> ListAsync(string? orderId, string? salesforceId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var size = Cursor.Limit(limit);
        var filter = new ReturnFilter(
            Cursor.Decode(cursor),
            (await scope.GetAsync(cancellationToken)).TagId,
            ResourceId.ParseOptional(orderId, "orderId"),
            string.IsNullOrWhiteSpace(salesforceId) ? null : salesforceId.Trim());
        var fetched = await returns.PageAsync(filter, size + 1, cancellationToken);
        var (page, next) = Cursor.Cut(fetched, size, r => r.Id);
        return new Page<ReturnV2> { Items = [.. page.Select(ReturnMapping.ToReturn)], NextCursor = next };
    }

    /// <summary>Returns changed since the cursor, as the order feed pages them; a receipt in the warehouse changes the return itself.</summary>
    public async Task<ChangePage<ReturnV2>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        var source = new ChangeSource<TransferRecord>("returns", (window, ct) => returns.ChangedAsync(window, tagId, ct), r => r.Id, r => r.WriteDate);
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        return new ChangePage<ReturnV2> { Items = [.. slice.Records.Select(ReturnMapping.ToReturn)], NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    /// <summary>
    /// The goods are back: validates the return in Odoo. A received return is answered as it is; a cancelled one is
    /// refused; when Odoo answers with a wizard (a backorder, say) instead of validating, the return is not received (409).
    /// </summary>
    public async Task<(ReturnV2 Return, bool Received)> ReceiveAsync(string returnId, CancellationToken cancellationToken)
    {
        var found = await FindInScopeAsync(returnId, cancellationToken);
        await using var claim = await locks.AcquireAsync($"return:{found.Id}", cancellationToken);
        var current = ReturnMapping.ToReturn(await returns.FindAsync(found.Id, cancellationToken) ?? throw ApiProblemException.NotFound("return", returnId));
        switch (current.Status)
        {
            case ReturnStatus.Received:
                return (current, false);
            case ReturnStatus.Cancelled:
                throw ApiProblemException.Unprocessable(ErrorCodes.ReturnCancelled, "The return was cancelled in Odoo and cannot be received; create a new return.");
        }

        bool validated;
        try
        {
            validated = await returns.ValidateAsync(found.Id, cancellationToken);
        }
        finally
        {
            await InvalidateAsync(found.SaleId!.Id, current.Lines.Select(l => l.Sku));
        }

        if (!validated)
        {
            throw new ApiProblemException(
                StatusCodes.Status409Conflict,
                ErrorCodes.ReceiptNeedsDecision,
                "Receipt needs a decision",
                "Odoo asks for a decision before it validates the receipt (a backorder, say); validate the return in Odoo. It is not received.");
        }

        var received = await ReadAsync(found.Id, cancellationToken);
        return received.Status == ReturnStatus.Received
            ? (received, true)
            : throw new ApiProblemException(StatusCodes.Status409Conflict, ErrorCodes.ReceiptNeedsDecision, "Receipt needs a decision", "Odoo did not validate the receipt; validate the return in Odoo. It is not received.");
    }

    /// <summary>
    /// The delivery the goods come back from (<see cref="ReturnMapping.ChooseDelivery"/>), or the problem that says why
    /// there is none.
    /// </summary>
    private static TransferRecord ChooseDelivery(IReadOnlyList<TransferRecord> transfers, long? shipmentId, IReadOnlyList<ReturnLineSubmission> lines)
    {
        var skus = lines.Select(l => l.Sku!).Distinct(StringComparer.Ordinal).ToList();
        var choice = ReturnMapping.ChooseDelivery(transfers, shipmentId, skus);
        return choice switch
        {
            { Refusal: DeliveryRefusal.None, Delivery: { } delivery } => delivery,
            { Refusal: DeliveryRefusal.NotADelivery } => throw ApiProblemException.Unprocessable(
                ErrorCodes.UnknownShipment,
                "The shipment is not a delivery of the order.",
                [new FieldError("shipmentId", $"Shipment {shipmentId} is not a delivery of the order.")]),
            { Refusal: DeliveryRefusal.NothingDelivered, Delivery: { } named } => throw ApiProblemException.Unprocessable(
                ErrorCodes.NothingDelivered,
                $"Delivery {named.Name} has not been shipped; nothing of it can be returned.",
                [new FieldError("shipmentId", $"Shipment {shipmentId} has not been shipped.")]),
            { Refusal: DeliveryRefusal.NothingDelivered } => throw ApiProblemException.Unprocessable(
                ErrorCodes.NothingDelivered,
                "Nothing of the order has been delivered yet; there is nothing to return."),
            { Refusal: DeliveryRefusal.UnknownSkus } => throw UnknownSkus(UnknownSkuErrors(lines, [.. skus.Except(choice.UnknownSkus, StringComparer.Ordinal)])),
            _ => throw ApiProblemException.Unprocessable(
                ErrorCodes.ReturnSpansShipments,
                "No single delivery of the order holds every line; name the delivery (shipmentId) and split the return."),
        };
    }

    /// <summary>The quantity coming back of each SKU, checked against what the delivery shipped and its returns took back already.</summary>
    private static Dictionary<string, decimal> CheckQuantities(TransferRecord delivery, IReadOnlyList<TransferRecord> transfers, IReadOnlyList<ReturnLineSubmission> lines)
    {
        var returnable = ReturnMapping.Returnable(delivery, transfers);
        var unknown = UnknownSkuErrors(lines, returnable.Keys.ToHashSet(StringComparer.Ordinal));
        if (unknown.Count > 0)
        {
            throw UnknownSkus(unknown, delivery.Name);
        }

        var asked = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            asked[line.Sku!] = asked.GetValueOrDefault(line.Sku!) + line.Quantity!.Value;
        }

        var exceeding = lines
            .Select((line, index) => (line, index))
            .Where(l => asked[l.line.Sku!] > returnable[l.line.Sku!])
            .Select(l => new FieldError(
                $"lines[{l.index}].quantity",
                string.Create(CultureInfo.InvariantCulture, $"At most {Math.Max(0, returnable[l.line.Sku!]):0.######} of '{l.line.Sku}' can come back: delivered with {delivery.Name}, minus what its returns take back already.")))
            .ToList();
        if (exceeding.Count > 0)
        {
            throw ApiProblemException.Unprocessable(ErrorCodes.ReturnExceedsDelivered, "The return asks for more than was delivered and not yet returned.", exceeding);
        }

        return asked;
    }

    private static List<FieldError> UnknownSkuErrors(IReadOnlyList<ReturnLineSubmission> lines, HashSet<string> delivered) =>
        [.. lines.Select((line, index) => (line, index))
            .Where(l => !delivered.Contains(l.line.Sku!))
            .Select(l => new FieldError($"lines[{l.index}].sku", $"SKU '{l.line.Sku}' was not delivered with the order."))];

    private static ApiProblemException UnknownSkus(IReadOnlyList<FieldError> errors, string? delivery = null) =>
        ApiProblemException.Unprocessable(
            ErrorCodes.UnknownSku,
            delivery is null ? "Some SKUs were not delivered with the order." : $"Some SKUs were not delivered with {delivery}.",
            errors);

    /// <summary>The return with this id if it is a return of an order in the caller's scope; not found otherwise.</summary>
    private async Task<TransferRecord> FindInScopeAsync(string returnId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(returnId, "returnId");
        var found = await returns.FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("return", returnId);
        await OrderService.RequireInScopeAsync(scope, "return", found.SaleId!.Id, returnId, cancellationToken);
        return found;
    }

    private async Task<ReturnV2> ReadAsync(long id, CancellationToken cancellationToken) =>
        ReturnMapping.ToReturn(await returns.FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("return", id.ToString(CultureInfo.InvariantCulture)));

    private Task InvalidateAsync(long orderId, IEnumerable<string?> skus) =>
        cache.InvalidateAsync(OrderService.CacheKeys(orderId), ResourceCache.StockTags(skus));
}
