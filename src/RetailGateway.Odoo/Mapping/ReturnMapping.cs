using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>
/// Returns ⇄ <c>stock.picking</c> transfers that return goods of a delivery of a sales order (<c>return_id</c> names the
/// delivery), made through Odoo's return wizard <c>stock.return.picking</c>.
/// </summary>
public static class ReturnMapping
{
    public const string PickingModel = OrderMapping.PickingModel;

    public const string WizardModel = "stock.return.picking";

    /// <summary>What the gateway writes between the Case id and the delivery's name in a return's <c>origin</c>.</summary>
    private const string OriginMarker = ": Return of ";

    /// <summary>The context the return wizard of <paramref name="deliveryId"/> is created and run with (its default_get reads it).</summary>
    public static JsonObject WizardContext(long deliveryId) => new()
    {
        ["active_id"] = deliveryId,
        ["active_ids"] = new JsonArray(deliveryId),
        ["active_model"] = PickingModel,
    };

    /// <summary>The <c>origin</c> of a return: its natural key (the Case id) and the delivery it returns goods of.</summary>
    public static string Origin(string salesforceId, string deliveryName) => salesforceId + OriginMarker + deliveryName;

    /// <summary>The Case id of a return's <c>origin</c>; null for a return the gateway did not create.</summary>
    public static string? SalesforceIdOf(string? origin)
    {
        var end = origin?.IndexOf(OriginMarker, StringComparison.Ordinal) ?? -1;
        return end > 0 ? origin![..end] : null;
    }

    /// <summary>The return's reason as the HTML note Odoo keeps.</summary>
    public static string Note(string reason) => "<p>" + WebUtility.HtmlEncode(reason) + "</p>";

    /// <summary>The values written to a new return: its natural key and reason.</summary>
    public static JsonObject ToReturnValues(string salesforceId, string deliveryName, string reason) => new()
    {
        ["origin"] = Origin(salesforceId, deliveryName),
        ["note"] = Note(reason),
    };

    /// <summary>
    /// The returns of an order that may carry this Case id: <c>=like</c> on the origin's prefix (its <c>_</c> and <c>%</c> may
    /// match more, so the caller keeps only the exact <see cref="SalesforceIdOf"/>).
    /// </summary>
    public static JsonArray BySalesforceId(long orderId, string salesforceId) =>
    [
        IsReturnLeaf(),
        new JsonArray("sale_id", "=", orderId),
        new JsonArray("origin", "=like", salesforceId + ":%"),
    ];

    /// <summary>The leaf that keeps the transfers returning goods of a sales order's delivery.</summary>
    public static JsonArray IsReturnLeaf() => new("return_id", "!=", false);

    /// <summary>The leaf that keeps the transfers of sales orders whose customer carries the tag (the order's scope rule).</summary>
    public static JsonArray Tagged(long tagId) =>
        new("sale_id." + (string)ScopeMapping.Tagged(ScopedRecords.Orders, tagId)[0]!, "in", new JsonArray(tagId));

    /// <summary>A delivery of the order (outgoing, returning nothing itself).</summary>
    public static bool IsDelivery(TransferRecord transfer) =>
        transfer is not null && transfer.ReturnId is null && transfer.PickingTypeCode is null or "outgoing";

    /// <summary>A return of the order's goods.</summary>
    public static bool IsReturn(TransferRecord transfer) => transfer?.ReturnId is not null;

    /// <summary>What a delivery shipped of each SKU: its done moves' quantities; nothing until it is done.</summary>
    public static IReadOnlyDictionary<string, decimal> Delivered(TransferRecord delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var delivered = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (delivery.State != "done")
        {
            return delivered;
        }

        foreach (var move in delivery.Moves.Records.Where(m => m.State == "done"))
        {
            if (move.ProductId?.DefaultCode is { } sku)
            {
                delivered[sku] = delivered.GetValueOrDefault(sku) + move.Quantity;
            }
        }

        return delivered;
    }

    /// <summary>
    /// What can still come back of each SKU the delivery shipped: delivered minus what its returns take back. A return
    /// not received yet counts with the quantity it expects, a received one with what came back, a cancelled one not at all.
    /// Odoo itself lets a wizard return more than was delivered, so this is the gateway's rule.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> Returnable(TransferRecord delivery, IEnumerable<TransferRecord> transfers)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        var returnable = new Dictionary<string, decimal>(Delivered(delivery), StringComparer.Ordinal);
        foreach (var returned in transfers.Where(t => t.ReturnId?.Id == delivery.Id && t.State != "cancel"))
        {
            foreach (var move in returned.Moves.Records.Where(m => m.State != "cancel"))
            {
                if (move.ProductId?.DefaultCode is { } sku && returnable.TryGetValue(sku, out var left))
                {
                    returnable[sku] = left - (move.State == "done" ? move.Quantity : move.ProductUomQty);
                }
            }
        }

        return returnable;
    }

    /// <summary>
    /// A return of <paramref name="delivery"/> that an earlier attempt made in Odoo and did not get to mark with its Case id
    /// (it stopped between Odoo making the return and the write of its origin): still open, still with Odoo's own origin,
    /// made since <paramref name="since"/>, expecting exactly <paramref name="quantityBySku"/>. Null when there is none.
    /// </summary>
    public static TransferRecord? Unfinished(IEnumerable<TransferRecord> transfers, TransferRecord delivery, IReadOnlyDictionary<string, decimal> quantityBySku, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(quantityBySku);
        return transfers
            .Where(t => t.ReturnId?.Id == delivery.Id && t.State is not ("done" or "cancel") && SalesforceIdOf(t.Origin) is null && t.CreateDate >= since)
            .OrderByDescending(t => t.Id)
            .FirstOrDefault(t => Expected(t) is var expected && expected.Count == quantityBySku.Count
                && quantityBySku.All(asked => expected.TryGetValue(asked.Key, out var quantity) && quantity == asked.Value));
    }

    /// <summary>What a return expects of each SKU.</summary>
    private static Dictionary<string, decimal> Expected(TransferRecord returned) =>
        returned.Moves.Records
            .Where(m => m.State != "cancel" && m.ProductId?.DefaultCode is not null)
            .GroupBy(m => m.ProductId!.DefaultCode!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.ProductUomQty), StringComparer.Ordinal);

    /// <summary>
    /// The delivery goods come back from: the one named (<paramref name="shipmentId"/>, a delivery of the order, shipped), or
    /// else the latest shipped delivery that shipped every SKU of <paramref name="skus"/>. A refusal says why there is none.
    /// </summary>
    public static DeliveryChoice ChooseDelivery(IEnumerable<TransferRecord> transfers, long? shipmentId, IReadOnlyCollection<string> skus)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(skus);
        var deliveries = transfers.Where(IsDelivery).ToList();
        if (shipmentId is { } named)
        {
            return deliveries.FirstOrDefault(d => d.Id == named) switch
            {
                null => new DeliveryChoice(null, DeliveryRefusal.NotADelivery, []),
                { State: "done" } found => new DeliveryChoice(found, DeliveryRefusal.None, []),
                var found => new DeliveryChoice(found, DeliveryRefusal.NothingDelivered, []),
            };
        }

        var shipped = deliveries.Where(d => d.State == "done").OrderByDescending(d => d.DateDone).ThenByDescending(d => d.Id).ToList();
        if (shipped.Count == 0)
        {
            return new DeliveryChoice(null, DeliveryRefusal.NothingDelivered, []);
        }

        if (shipped.FirstOrDefault(d => skus.All(Delivered(d).ContainsKey)) is { } holdingAll)
        {
            return new DeliveryChoice(holdingAll, DeliveryRefusal.None, []);
        }

        var everDelivered = shipped.SelectMany(d => Delivered(d).Keys).ToHashSet(StringComparer.Ordinal);
        var unknown = skus.Where(sku => !everDelivered.Contains(sku)).ToList();
        return unknown.Count > 0
            ? new DeliveryChoice(null, DeliveryRefusal.UnknownSkus, unknown)
            : new DeliveryChoice(null, DeliveryRefusal.SpansShipments, []);
    }

    /// <summary>
    /// The quantity to write on each wizard line: the SKU's quantity spread over its lines in order (a line up to what its
    /// move delivered, the last one the rest) and 0 on every other line. Every line is written, because Odoo 17 fills
    /// each with the delivered quantity and 19 with 0. SKUs no line carries are answered apart.
    /// </summary>
    public static (IReadOnlyList<(long LineId, decimal Quantity)> Lines, IReadOnlyList<string> Missing) SpreadOverWizard(
        ReturnWizardRecord wizard,
        IReadOnlyDictionary<string, decimal> quantityBySku,
        TransferRecord delivery)
    {
        ArgumentNullException.ThrowIfNull(wizard);
        ArgumentNullException.ThrowIfNull(quantityBySku);
        ArgumentNullException.ThrowIfNull(delivery);
        var moves = delivery.Moves.Records.ToDictionary(m => m.Id);
        var left = new Dictionary<string, decimal>(quantityBySku, StringComparer.Ordinal);
        var lines = wizard.Lines.Records.OrderBy(l => l.Id).ToList();
        string? SkuOf(ReturnWizardLineRecord line) =>
            line.MoveId is { } move && moves.TryGetValue(move.Id, out var found) ? found.ProductId?.DefaultCode : line.ProductId?.DefaultCode;
        var lastLineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (SkuOf(line) is { } sku)
            {
                lastLineOf[sku] = line.Id;
            }
        }

        var written = new List<(long, decimal)>(lines.Count);
        foreach (var line in lines)
        {
            var sku = SkuOf(line);
            var quantity = 0m;
            if (sku is not null && left.TryGetValue(sku, out var rest) && rest > 0)
            {
                var moved = line.MoveId is { } move && moves.TryGetValue(move.Id, out var found) ? found.Quantity : rest;
                quantity = lastLineOf[sku] == line.Id ? rest : Math.Min(rest, moved);
                left[sku] = rest - quantity;
            }

            written.Add((line.Id, quantity));
        }

        return (written, [.. left.Where(l => l.Value > 0).Select(l => l.Key)]);
    }

    /// <summary>The wizard lines' quantities as one <c>write</c>: an update command <c>(1, id, values)</c> per line.</summary>
    public static JsonObject ToWizardValues(IEnumerable<(long LineId, decimal Quantity)> lines) => new()
    {
        ["product_return_moves"] = new JsonArray([.. lines.Select(l => (JsonNode?)new JsonArray(1, l.LineId, new JsonObject { ["quantity"] = l.Quantity }))]),
    };

    /// <summary>
    /// The return picking's id from the action <c>create_returns</c> / <c>action_create_returns</c> answers (a window on
    /// <c>stock.picking</c>); null for any other answer.
    /// </summary>
    public static long? ReturnIdOfAction(System.Text.Json.JsonElement action)
    {
        if (action.ValueKind != System.Text.Json.JsonValueKind.Object
            || !action.TryGetProperty("res_model", out var model) || model.ValueKind != System.Text.Json.JsonValueKind.String || model.GetString() != PickingModel
            || !action.TryGetProperty("res_id", out var id) || id.ValueKind != System.Text.Json.JsonValueKind.Number || !id.TryGetInt64(out var returnId) || returnId <= 0)
        {
            return null;
        }

        return returnId;
    }

    public static ReturnV2 ToReturn(TransferRecord transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var status = ToStatus(transfer.State);
        return new ReturnV2
        {
            ReturnId = Id(transfer.Id),
            ReturnNumber = transfer.Name ?? string.Empty,
            OrderId = transfer.SaleId is { } order ? Id(order.Id) : string.Empty,
            OrderNumber = transfer.SaleId?.DisplayName ?? string.Empty,
            SalesforceId = SalesforceIdOf(transfer.Origin),
            Reason = PlainText(transfer.Note),
            Status = status,
            ShipmentId = transfer.ReturnId is { } delivery ? Id(delivery.Id) : null,
            ShipmentNumber = transfer.ReturnId?.DisplayName,
            Lines = [.. transfer.Moves.Records
                .Where(m => status == ReturnStatus.Cancelled || m.State != "cancel")
                .OrderBy(m => m.Id)
                .Select(m => new ReturnLineV2
                {
                    Sku = m.ProductId?.DefaultCode,
                    Quantity = m.ProductUomQty,
                    ReceivedQuantity = m.State == "done" ? m.Quantity : 0,
                })],
            CreatedAt = transfer.CreateDate,
            ReceivedAt = status == ReturnStatus.Received ? transfer.DateDone : null,
            UpdatedAt = transfer.WriteDate ?? transfer.CreateDate ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>The returns of an order among its transfers as the order reads them: the incoming ones (its deliveries are outgoing).</summary>
    public static IReadOnlyList<OrderReturnV2> ReturnsOf(SaleOrderRecord order, IEnumerable<PickingRecord> pickings)
    {
        ArgumentNullException.ThrowIfNull(order);
        return [.. pickings
            .Where(p => order.PickingIds.Contains(p.Id) && p.PickingTypeCode == "incoming")
            .OrderBy(p => p.Id)
            .Select(p => new OrderReturnV2 { ReturnId = Id(p.Id), ReturnNumber = p.Name ?? string.Empty, Status = ToStatus(p.State) })];
    }

    public static ReturnStatus ToStatus(string? state) => state switch
    {
        "done" => ReturnStatus.Received,
        "cancel" => ReturnStatus.Cancelled,
        _ => ReturnStatus.AwaitingReceipt,
    };

    private static string? PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", string.Empty, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        text = WebUtility.HtmlDecode(text).Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Why <see cref="ReturnMapping.ChooseDelivery"/> found no delivery to return goods of.</summary>
public enum DeliveryRefusal
{
    /// <summary>A delivery was chosen.</summary>
    None,

    /// <summary>The named shipment is not a delivery of the order.</summary>
    NotADelivery,

    /// <summary>No delivery (or not the named one) was shipped.</summary>
    NothingDelivered,

    /// <summary>Some SKUs no shipped delivery of the order shipped.</summary>
    UnknownSkus,

    /// <summary>Every SKU was shipped, but no single delivery shipped them all.</summary>
    SpansShipments,
}

/// <summary>The delivery goods come back from, or why there is none.</summary>
/// <param name="Delivery">The delivery chosen; for <see cref="DeliveryRefusal.NothingDelivered"/>, the named one not shipped.</param>
/// <param name="Refusal">Why none was chosen.</param>
/// <param name="UnknownSkus">For <see cref="DeliveryRefusal.UnknownSkus"/>, the SKUs never shipped.</param>
public sealed record DeliveryChoice(TransferRecord? Delivery, DeliveryRefusal Refusal, IReadOnlyList<string> UnknownSkus);
