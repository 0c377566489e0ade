using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.Orders;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// Sales orders (<c>sale.order</c>) with the records hanging off them: lines, deliveries (<c>stock.picking</c>)
/// and invoices. Decides which fields an order is read with (<see cref="SaleOrderRecord.Fields"/> and the rest).
/// </summary>
public sealed class OdooSaleOrders(IOdooClient odoo, OdooMetadata metadata)
{
    /// <summary>
    /// The order with this id with its lines, shipments and invoices; no orders when it does not exist.
    /// One <c>web_read</c> on Odoo 17 and newer; up to 16, a read and then <see cref="DetailsOfAsync"/>.
    /// </summary>
    public Task<SaleOrderDetails> WithDetailsAsync(long id, CancellationToken cancellationToken) =>
        ReadWithDetailsAsync(id, SaleOrderRecord.Fields, cancellationToken);

    /// <summary><see cref="WithDetailsAsync"/> with the pricelist and validity date of a quotation.</summary>
    public Task<SaleOrderDetails> QuoteWithDetailsAsync(long id, CancellationToken cancellationToken) =>
        ReadWithDetailsAsync(id, SaleOrderRecord.QuoteFields, cancellationToken);

    private async Task<SaleOrderDetails> ReadWithDetailsAsync(long id, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        if ((await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            var specification = WebSpecification.SaleOrder(fields, await PickingFieldsAsync(cancellationToken));
            return FromWeb(await odoo.WebReadAsync(OrderMapping.Model, [id], specification, OdooWireContext.Default.SaleOrderRecord, cancellationToken));
        }

        var orders = await odoo.ReadAsync(OrderMapping.Model, [id], fields, OdooWireContext.Default.SaleOrderRecord, cancellationToken);
        return await DetailsOfAsync(orders, cancellationToken);
    }

    /// <summary>
    /// <see cref="PageAsync"/> with the lines, shipments and invoices of the orders: one <c>web_search_read</c> on
    /// Odoo 17 and newer; up to 16, the page and then <see cref="DetailsOfAsync"/>.
    /// </summary>
    public async Task<SaleOrderDetails> PageWithDetailsAsync(OrderFilter filter, int count, CancellationToken cancellationToken)
    {
        if ((await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            var query = PageQuery(filter, count);
            var specification = WebSpecification.SaleOrder(query.Fields, await PickingFieldsAsync(cancellationToken));
            return FromWeb(await odoo.WebSearchReadAsync(query, specification, OdooWireContext.Default.SaleOrderRecord, cancellationToken));
        }

        return await DetailsOfAsync(await PageAsync(filter, count, cancellationToken), cancellationToken);
    }

    /// <summary>The delivery fields, with the tracking reference when the delivery module is installed.</summary>
    private async Task<IReadOnlyList<string>> PickingFieldsAsync(CancellationToken cancellationToken) =>
        await metadata.HasTrackingReferenceAsync(cancellationToken)
            ? [.. PickingRecord.Fields, PickingRecord.TrackingField]
            : PickingRecord.Fields;

    /// <summary>Orders read with <see cref="WebSpecification.Order"/>: their lines, deliveries and invoices came nested (lines with their <c>order_id</c>).</summary>
    private static SaleOrderDetails FromWeb(IReadOnlyList<SaleOrderRecord> orders) =>
        new(
            orders,
            [.. orders.SelectMany(o => o.Lines.Records)],
            [.. orders.SelectMany(o => o.Pickings.Records).DistinctBy(p => p.Id)],
            [.. orders.SelectMany(o => o.Invoices.Records).DistinctBy(i => i.Id)]);

    /// <summary>The lines, shipments and invoices of these orders: three concurrent calls, whatever their number.</summary>
    public async Task<SaleOrderDetails> DetailsOfAsync(IReadOnlyList<SaleOrderRecord> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0)
        {
            return SaleOrderDetails.None;
        }

        var pickingIds = orders.SelectMany(o => o.PickingIds).Distinct().ToList();
        var invoiceIds = orders.SelectMany(o => o.InvoiceIds).Distinct().ToList();
        var pickingFields = await PickingFieldsAsync(cancellationToken);

        var lines = odoo.SearchReadAsync(
            new OdooQuery(OrderMapping.LineModel, new JsonArray(Domains.In("order_id", orders.Select(o => o.Id))), SaleOrderLineRecord.Fields, 10_000) { Order = Domains.IdOrder },
            OdooWireContext.Default.SaleOrderLineRecord,
            cancellationToken);
        var pickings = pickingIds.Count == 0
            ? Task.FromResult<IReadOnlyList<PickingRecord>>([])
            : odoo.ReadAsync(OrderMapping.PickingModel, pickingIds, pickingFields, OdooWireContext.Default.PickingRecord, cancellationToken);
        var invoices = invoiceIds.Count == 0
            ? Task.FromResult<IReadOnlyList<InvoiceRecord>>([])
            : odoo.ReadAsync(InvoiceMapping.Model, invoiceIds, InvoiceRecord.Fields, OdooWireContext.Default.InvoiceRecord, cancellationToken);
        await Task.WhenAll(lines, pickings, invoices);

        return new SaleOrderDetails(orders, await lines, await pickings, await invoices);
    }

    /// <summary>Up to <paramref name="count"/> orders after <see cref="OrderFilter.AfterId"/> matching the filter, in id order (without details).</summary>
    public async Task<IReadOnlyList<SaleOrderRecord>> PageAsync(OrderFilter filter, int count, CancellationToken cancellationToken) =>
        await odoo.SearchReadAsync(PageQuery(filter, count), OdooWireContext.Default.SaleOrderRecord, cancellationToken);

    private static OdooQuery PageQuery(OrderFilter filter, int count)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var domain = new JsonArray(Domains.After(filter.AfterId)).Within(ScopedRecords.Orders, filter.TagId);
        if (filter.CustomerId is { } partnerId)
        {
            domain.Add(Domains.Is("partner_id", partnerId));
        }

        if (filter.SalesforceId is { } salesforceId)
        {
            domain.Add(Domains.Is("client_order_ref", salesforceId));
        }

        if (filter.Status is { } status)
        {
            domain.Add(Domains.In("state", OrderMapping.ToOdooStates(status)));
        }

        if (filter.UpdatedSince is { } since)
        {
            domain.Add(Domains.ChangedSince(since));
        }

        domain.Of(filter.Kind);
        var fields = filter.Kind == SaleOrderKind.Quotes ? SaleOrderRecord.QuoteFields : SaleOrderRecord.Fields;
        return new OdooQuery(OrderMapping.Model, domain, fields, count) { Order = Domains.IdOrder };
    }

    /// <summary>The orders (without details) in a change feed window, within the tag (null: all data).</summary>
    public async Task<IReadOnlyList<SaleOrderRecord>> ChangedAsync(ChangeWindow window, long? tagId, SaleOrderKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        // Shipping and invoicing recompute the order's stored delivery and invoice statuses, which stamps its
        // write_date; a payment changes only the invoice, so payments come through the invoice feed.
        var domain = window.AppendTo(new JsonArray().Within(ScopedRecords.Orders, tagId).Of(kind));
        return await odoo.SearchReadAsync(new OdooQuery(OrderMapping.Model, domain, SaleOrderRecord.Fields, window.Limit) { Order = window.Order }, OdooWireContext.Default.SaleOrderRecord, cancellationToken);
    }

    /// <summary>The customer's order with this Salesforce id (only its id and state), or null.</summary>
    public async Task<SaleOrderRecord?> FindBySalesforceIdAsync(string salesforceId, long customerId, CancellationToken cancellationToken)
    {
        var domain = new JsonArray(Domains.Is("client_order_ref", salesforceId), Domains.Is("partner_id", customerId));
        var found = await odoo.SearchReadAsync(new OdooQuery(OrderMapping.Model, domain, ["state"], 1) { Order = Domains.IdOrder }, OdooWireContext.Default.SaleOrderRecord, cancellationToken);
        return found is [var order, ..] ? order : null;
    }

    /// <summary>Creates a quotation with its lines (one call), delivered to the draft's shipping address when it names one; returns its id.</summary>
    public Task<long> CreateAsync(SaleOrderDraft draft, CancellationToken cancellationToken) =>
        odoo.CreateAsync(OrderMapping.Model, CreateValues(draft), null, cancellationToken);

    /// <summary>
    /// <see cref="CreateAsync"/>, which on Odoo 17 and newer is a <c>web_save</c> that also reads back each line's product:
    /// the product ids may come from <see cref="OdooProducts.IdsBySkuAsync"/>'s short memory, and Odoo takes an archived
    /// product on a line. When a product is archived or no longer carries its SKU, the quotation (still a draft, which
    /// Odoo lets delete) is deleted again and null is answered.
    /// </summary>
    public async Task<long?> CreateCheckedAsync(SaleOrderDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var productIdBySku = draft.ProductIdBySku;
        if (!(await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            return await CreateAsync(draft, cancellationToken);
        }

        var product = new JsonObject { ["default_code"] = new JsonObject(), ["active"] = new JsonObject() };
        var specification = new JsonObject { ["order_line"] = new JsonObject { ["fields"] = new JsonObject { ["product_id"] = new JsonObject { ["fields"] = product } } } };
        var values = CreateValues(draft);
        var created = await odoo.WebSaveAsync(OrderMapping.Model, [], values, specification, OdooWireContext.Default.SaleOrderProducts, cancellationToken) is [var order]
            ? order
            : throw OdooErrorClassifier.UnreadableResult(OrderMapping.Model, "web_save");
        var skuById = productIdBySku.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.First().Key);
        if (created.Lines.All(l => l.ProductId is { Active: true } p && skuById.TryGetValue(p.Id, out var sku) && p.DefaultCode == sku))
        {
            return created.Id;
        }

        await odoo.CallMethodAsync(OrderMapping.Model, "unlink", [created.Id], null, cancellationToken);
        return null;
    }

    private static JsonObject CreateValues(SaleOrderDraft draft)
    {
        var values = OrderMapping.ToCreateValues(draft.Submission, draft.CustomerId, draft.ProductIdBySku, draft.OrderDate);
        if (draft.ShippingAddressId is { } shipping)
        {
            values["partner_shipping_id"] = shipping;
        }

        if (draft.ValidUntil is { } validUntil)
        {
            values["validity_date"] = validUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    /// <summary>
    /// The customer's prices for these products and quantity, as a new quotation for the customer would get them:
    /// <c>onchange</c> on a <c>sale.order</c> that is never saved, so Odoo applies its own pricelist and tax rules and writes
    /// nothing. One call; Odoo 17 and newer (16's <c>onchange</c> takes other arguments).
    /// </summary>
    public async Task<SaleOrderPricing> PriceAsync(long customerId, IReadOnlyList<long> productIds, decimal quantity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        var server = await odoo.GetServerAsync(cancellationToken);
        if (!server.Dialect.HasWebRead)
        {
            throw new OdooException(OdooFailure.ProtocolMismatch, $"Pricing without a quotation needs Odoo 17 or newer; this server is {server.Version}.");
        }

        var lines = new JsonArray([.. productIds.Select(id => (JsonNode?)new JsonArray(0, 0, new JsonObject { ["product_id"] = id, ["product_uom_qty"] = quantity }))]);
        var values = new JsonObject { ["partner_id"] = customerId, ["order_line"] = lines };
        var lineFields = WebSpecification.Of(["product_uom_qty", "price_unit", "discount", "price_subtotal", "price_tax", "price_total"]);
        lineFields["product_id"] = WebSpecification.Nested(PricedProduct.Fields);
        var specification = WebSpecification.Of(["pricelist_id", "currency_id"]);
        specification["order_line"] = new JsonObject { ["fields"] = lineFields };
        return await odoo.OnchangeAsync(OrderMapping.Model, values, specification, OdooWireContext.Default.SaleOrderPricing, cancellationToken);
    }

    /// <summary>
    /// Confirms an order and keeps the caller's order date: Odoo 17 and 19 both overwrite <c>date_order</c> with the
    /// confirmation time in <c>action_confirm</c>, and both accept writing it back on a confirmed order.
    /// </summary>
    public async Task ConfirmAsync(long id, DateOnly? orderDate, CancellationToken cancellationToken)
    {
        await odoo.CallMethodAsync(OrderMapping.Model, "action_confirm", [id], null, cancellationToken);
        if (orderDate is { } date)
        {
            await odoo.WriteAsync(OrderMapping.Model, [id], OrderMapping.ToOrderDateValues(OrderMapping.StartOfDay(date)), cancellationToken);
        }
    }

    /// <summary>
    /// <see cref="ConfirmAsync"/>, then the order with its details as <see cref="WithDetailsAsync"/> reads it. On Odoo 17 and
    /// newer the order date is written back by the <c>web_save</c> that reads the order: two calls in all.
    /// </summary>
    public async Task<SaleOrderDetails> ConfirmWithDetailsAsync(long id, DateOnly? orderDate, CancellationToken cancellationToken)
    {
        if (orderDate is not { } date || !(await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            await ConfirmAsync(id, orderDate, cancellationToken);
            return await WithDetailsAsync(id, cancellationToken);
        }

        await odoo.CallMethodAsync(OrderMapping.Model, "action_confirm", [id], null, cancellationToken);
        var specification = WebSpecification.Order(await PickingFieldsAsync(cancellationToken));
        var values = OrderMapping.ToOrderDateValues(OrderMapping.StartOfDay(date));
        return FromWeb(await odoo.WebSaveAsync(OrderMapping.Model, [id], values, specification, OdooWireContext.Default.SaleOrderRecord, cancellationToken));
    }

    /// <summary>
    /// What deciding a cancellation needs: the order's state and lock, and whether a delivery of it was shipped; null when
    /// it does not exist. One <c>web_read</c> with the deliveries nested on Odoo 17 and newer; up to 16, <see cref="FindForCancelAsync"/>
    /// and <see cref="HasShippedDeliveryAsync"/>.
    /// </summary>
    public async Task<OrderToCancel?> ToCancelAsync(long id, CancellationToken cancellationToken)
    {
        if (!(await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            return await FindForCancelAsync(id, cancellationToken) is { } found
                ? new OrderToCancel(found, await HasShippedDeliveryAsync(found, cancellationToken))
                : null;
        }

        var specification = new JsonObject { ["state"] = new JsonObject(), ["locked"] = new JsonObject(), ["picking_ids"] = WebSpecification.Nested(PickingRecord.Fields) };
        return await odoo.WebReadAsync(OrderMapping.Model, [id], specification, OdooWireContext.Default.SaleOrderRecord, cancellationToken) is [var order]
            ? new OrderToCancel(order, OrderMapping.HasShippedDelivery(order.Pickings.Records))
            : null;
    }

    /// <summary>What deciding a cancellation needs (state, lock, deliveries) of the order with this id, or null.</summary>
    public async Task<SaleOrderRecord?> FindForCancelAsync(long id, CancellationToken cancellationToken) =>
        await odoo.ReadAsync(OrderMapping.Model, [id], ["state", "locked", "picking_ids"], OdooWireContext.Default.SaleOrderRecord, cancellationToken) is [var order] ? order : null;

    /// <summary>Whether a delivery of the order was shipped (a validated outgoing transfer); no call for an order without deliveries.</summary>
    private async Task<bool> HasShippedDeliveryAsync(SaleOrderRecord order, CancellationToken cancellationToken) =>
         order.PickingIds.Count > 0
        && OrderMapping.HasShippedDelivery(await odoo.ReadAsync(OrderMapping.PickingModel, order.PickingIds, PickingRecord.Fields, OdooWireContext.Default.PickingRecord, cancellationToken));

    /// <summary>Unlocks a locked (or, up to 16, done) order so that it can be cancelled.</summary>
    public Task UnlockAsync(long id, CancellationToken cancellationToken) =>
        odoo.CallMethodAsync(OrderMapping.Model, "action_unlock", [id], null, cancellationToken);

    /// <summary>Asks Odoo to cancel the order; true when Odoo answered with a wizard asking for a confirmation instead.</summary>
    public async Task<bool> CancelAsync(long id, CancellationToken cancellationToken)
    {
        var server = await odoo.GetServerAsync(cancellationToken);
        var result = await odoo.CallMethodAsync(OrderMapping.Model, "action_cancel", [id], server.Dialect.CancelContext(), cancellationToken);
        return result.ValueKind == JsonValueKind.Object;
    }

    /// <summary>The ids of the order's invoices; none when the order does not exist.</summary>
    public async Task<IReadOnlyList<long>> InvoiceIdsOfAsync(long id, CancellationToken cancellationToken)
    {
        var order = await odoo.ReadAsync(OrderMapping.Model, [id], ["invoice_ids"], OdooWireContext.Default.SaleOrderRecord, cancellationToken);
        return order is [var found, ..] ? found.InvoiceIds : [];
    }

    /// <summary>The orders with these names (numbers), in one call; a name two orders share answers with the older.</summary>
    public async Task<IReadOnlyDictionary<string, SaleOrderRef>> NamedAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var byName = new Dictionary<string, SaleOrderRef>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return byName;
        }

        var orders = await odoo.SearchReadAsync(
            new OdooQuery(OrderMapping.Model, new JsonArray(Domains.In("name", names)), ["name"], names.Count * 2) { Order = Domains.IdOrder },
            OdooWireContext.Default.SaleOrderRecord,
            cancellationToken);
        foreach (var order in orders.Where(o => o.Name is not null))
        {
            byName.TryAdd(order.Name!, new SaleOrderRef(order.Id, order.Name!));
        }

        return byName;
    }
}

/// <summary>Orders with the lines, deliveries and invoices of all of them, as one read returned them.</summary>
public sealed record SaleOrderDetails(
    IReadOnlyList<SaleOrderRecord> Orders,
    IReadOnlyList<SaleOrderLineRecord> Lines,
    IReadOnlyList<PickingRecord> Pickings,
    IReadOnlyList<InvoiceRecord> Invoices)
{
    public static SaleOrderDetails None { get; } = new([], [], [], []);
}

/// <summary>An order about to be cancelled: its state and lock, and whether a delivery of it was shipped.</summary>
public sealed record OrderToCancel(SaleOrderRecord Order, bool HasShippedDelivery);

/// <summary>A sales order to create as a quotation (an order is then confirmed).</summary>
/// <param name="Submission">Its customer reference, lines and notes.</param>
/// <param name="CustomerId">The customer's partner id.</param>
/// <param name="ProductIdBySku">The product of each line's SKU.</param>
/// <param name="OrderDate">The order (or quotation) date.</param>
/// <param name="ShippingAddressId">The delivery contact; null for the customer's own address.</param>
/// <param name="ValidUntil">The quotation's expiry; null for Odoo's default.</param>
public sealed record SaleOrderDraft(
    OrderSubmission Submission,
    long CustomerId,
    IReadOnlyDictionary<string, long> ProductIdBySku,
    DateTimeOffset OrderDate,
    long? ShippingAddressId,
    DateOnly? ValidUntil = null);

/// <summary>Which sales orders a list or feed holds.</summary>
public enum SaleOrderKind
{
    /// <summary>Every sales order, quotations included (API v1).</summary>
    All,

    /// <summary>Orders: every sales order but the quotes not accepted (<see cref="OrderMapping.IsUnacceptedQuote"/>).</summary>
    Orders,

    /// <summary>The sales orders created from a Salesforce Quote, whatever became of them.</summary>
    Quotes,
}

/// <summary>What a page of orders is filtered by; null members do not filter.</summary>
/// <param name="AfterId">The page starts after this id (0: from the start).</param>
/// <param name="TagId">The data scope's customer tag; null for all data.</param>
/// <param name="CustomerId">Orders of this customer.</param>
/// <param name="SalesforceId">Exactly this Salesforce id.</param>
/// <param name="Status">In this status.</param>
/// <param name="UpdatedSince">Changed at or after this time.</param>
/// <param name="Kind">Orders, quotes or both.</param>
public sealed record OrderFilter(long AfterId, long? TagId, long? CustomerId, string? SalesforceId, OrderStatus? Status, DateTimeOffset? UpdatedSince, SaleOrderKind Kind = SaleOrderKind.All);
