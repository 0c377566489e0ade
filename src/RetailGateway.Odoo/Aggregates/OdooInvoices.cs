using System.Text.Json.Nodes;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// Customer invoices and credit notes: <c>account.move</c> records of type <c>out_invoice</c> and <c>out_refund</c>.
/// Vendor bills and journal entries live in <c>account.move</c> too; they are never answered here.
/// </summary>
public sealed class OdooInvoices(IOdooClient odoo, OdooSaleOrders orders)
{
    /// <summary>The customer invoice or credit note with this id, or null.</summary>
    public async Task<InvoiceRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var records = await odoo.ReadAsync(InvoiceMapping.Model, [id], InvoiceRecord.Fields, OdooWireContext.Default.InvoiceRecord, cancellationToken);
        return records.Where(IsCustomerMove).ToList() is [var invoice] ? invoice : null;
    }

    /// <summary>Up to <paramref name="count"/> invoices after <see cref="InvoiceFilter.AfterId"/> matching the filter, in id order.</summary>
    public async Task<IReadOnlyList<InvoiceRecord>> PageAsync(InvoiceFilter filter, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var domain = new JsonArray(CustomerMoves(), Domains.After(filter.AfterId)).Within(ScopedRecords.Invoices, filter.TagId);
        if (filter.CustomerId is { } partnerId)
        {
            domain.Add(Domains.Is("partner_id", partnerId));
        }

        if (filter.OrderId is { } orderId)
        {
            domain.Add(Domains.In("id", await orders.InvoiceIdsOfAsync(orderId, cancellationToken)));
        }

        if (filter.Status is { } status)
        {
            domain.Add(Domains.Is("state", status switch
            {
                InvoiceState.Draft => "draft",
                InvoiceState.Posted => "posted",
                _ => "cancel",
            }));
        }

        if (filter.UpdatedSince is { } since)
        {
            domain.Add(Domains.ChangedSince(since));
        }

        return await odoo.SearchReadAsync(new OdooQuery(InvoiceMapping.Model, domain, InvoiceRecord.Fields, count) { Order = Domains.IdOrder }, OdooWireContext.Default.InvoiceRecord, cancellationToken);
    }

    /// <summary>The customer invoices and credit notes in a change feed window, within the tag (null: all data).</summary>
    public async Task<IReadOnlyList<InvoiceRecord>> ChangedAsync(ChangeWindow window, long? tagId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var domain = window.AppendTo(new JsonArray(CustomerMoves()).Within(ScopedRecords.Invoices, tagId));
        return await odoo.SearchReadAsync(new OdooQuery(InvoiceMapping.Model, domain, InvoiceRecord.Fields, window.Limit) { Order = window.Order }, OdooWireContext.Default.InvoiceRecord, cancellationToken);
    }

    /// <summary>The orders the invoices came from (their first <c>invoice_origin</c>), by name, in one call.</summary>
    public Task<IReadOnlyDictionary<string, SaleOrderRef>> OriginOrdersAsync(IEnumerable<InvoiceRecord> invoices, CancellationToken cancellationToken)
    {
        var origins = invoices.Select(i => InvoiceMapping.FirstOrigin(i.InvoiceOrigin)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return orders.NamedAsync(origins, cancellationToken);
    }

    private static JsonArray CustomerMoves() => Domains.In("move_type", InvoiceMapping.CustomerMoveTypes);

    private static bool IsCustomerMove(InvoiceRecord record) => InvoiceMapping.CustomerMoveTypes.Contains(record.MoveType);
}

/// <summary>What a page of invoices is filtered by; null members do not filter.</summary>
/// <param name="AfterId">The page starts after this id (0: from the start).</param>
/// <param name="TagId">The data scope's customer tag; null for all data.</param>
/// <param name="CustomerId">Invoices of this customer.</param>
/// <param name="OrderId">Invoices of this order (none when the order does not exist).</param>
/// <param name="Status">In this state.</param>
/// <param name="UpdatedSince">Changed at or after this time.</param>
public sealed record InvoiceFilter(long AfterId, long? TagId, long? CustomerId, long? OrderId, InvoiceState? Status, DateTimeOffset? UpdatedSince);
