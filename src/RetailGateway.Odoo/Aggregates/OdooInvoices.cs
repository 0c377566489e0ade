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
    public async Task<IReadOnlyList<InvoiceRecord>> PageAsync(InvoiceFilter filter, int count, CancellationToken cancellationToken) =>
        await odoo.SearchReadAsync(new OdooQuery(InvoiceMapping.Model, await PageDomainAsync(filter, cancellationToken), InvoiceRecord.Fields, count) { Order = Domains.IdOrder }, OdooWireContext.Default.InvoiceRecord, cancellationToken);

    /// <summary>As <see cref="PageAsync"/>, each move with its lines, reference and reversed invoice (<see cref="InvoiceLineRecord.MoveFields"/>).</summary>
    public async Task<IReadOnlyList<InvoiceRecord>> PageWithLinesAsync(InvoiceFilter filter, int count, CancellationToken cancellationToken) =>
        await WithLinesAsync(await PageDomainAsync(filter, cancellationToken), count, Domains.IdOrder, cancellationToken);

    private async Task<JsonArray> PageDomainAsync(InvoiceFilter filter, CancellationToken cancellationToken)
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

        return domain;
    }

    /// <summary>The customer invoices and credit notes in a change feed window, within the tag (null: all data).</summary>
    public async Task<IReadOnlyList<InvoiceRecord>> ChangedAsync(ChangeWindow window, long? tagId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var domain = window.AppendTo(new JsonArray(CustomerMoves()).Within(ScopedRecords.Invoices, tagId));
        return await odoo.SearchReadAsync(new OdooQuery(InvoiceMapping.Model, domain, InvoiceRecord.Fields, window.Limit) { Order = window.Order }, OdooWireContext.Default.InvoiceRecord, cancellationToken);
    }

    /// <summary>As <see cref="ChangedAsync"/>, each move with its lines, reference and reversed invoice.</summary>
    public async Task<IReadOnlyList<InvoiceRecord>> ChangedWithLinesAsync(ChangeWindow window, long? tagId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var domain = window.AppendTo(new JsonArray(CustomerMoves()).Within(ScopedRecords.Invoices, tagId));
        return await WithLinesAsync(domain, window.Limit, window.Order, cancellationToken);
    }

    /// <summary>The customer invoice or credit note with this id, with its lines, reference and reversed invoice; or null.</summary>
    public async Task<InvoiceRecord?> FindWithLinesAsync(long id, CancellationToken cancellationToken) =>
        await WithLinesAsync(new JsonArray(CustomerMoves(), Domains.Is("id", id)), 1, Domains.IdOrder, cancellationToken) is [var invoice] ? invoice : null;

    /// <summary>
    /// The customer move with this id and every credit note reversing it (any state), all with their lines, in one call; null
    /// when there is no customer move with this id.
    /// </summary>
    public async Task<InvoiceWithCreditNotes?> WithCreditNotesAsync(long id, CancellationToken cancellationToken)
    {
        var domain = new JsonArray(CustomerMoves(), "|", Domains.Is("id", id), Domains.Is("reversed_entry_id", id));
        var moves = await WithLinesAsync(domain, MaxCreditNotes + 1, Domains.IdOrder, cancellationToken);
        return moves.FirstOrDefault(m => m.Id == id) is { } invoice
            ? new InvoiceWithCreditNotes(invoice, [.. moves.Where(m => m.Id != id && m.ReversedEntryId?.Id == id)])
            : null;
    }

    /// <summary>The ids of the customer credit notes reversing each of these invoices (any state), in one call.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<long>>> CreditNoteIdsAsync(IReadOnlyCollection<long> invoiceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoiceIds);
        if (invoiceIds.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<long>>();
        }

        var domain = new JsonArray(Domains.Is("move_type", InvoiceMapping.CreditNoteType), Domains.In("reversed_entry_id", invoiceIds));
        var notes = await odoo.SearchReadAsync(
            new OdooQuery(InvoiceMapping.Model, domain, ["reversed_entry_id"], invoiceIds.Count * MaxCreditNotes) { Order = Domains.IdOrder },
            OdooWireContext.Default.InvoiceRecord,
            cancellationToken);
        return notes.Where(n => n.ReversedEntryId is not null)
            .GroupBy(n => n.ReversedEntryId!.Id)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)[.. g.Select(n => n.Id)]);
    }

    /// <summary>
    /// Reverses the posted invoice with Odoo's credit-note wizard (<c>account.move.reversal</c>) into the invoice's journal:
    /// the id of the draft credit note. Anything but the form action on it that Odoo answers with is an Odoo error.
    /// </summary>
    public async Task<long> ReverseAsync(long invoiceId, long journalId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        // The wizard reads the moves to reverse from the context as the form does; create and reverse_moves both need it.
        var context = new JsonObject { ["active_model"] = InvoiceMapping.Model, ["active_ids"] = new JsonArray(invoiceId) };
        var values = new JsonObject
        {
            ["reason"] = reason,
            ["journal_id"] = journalId,
            ["move_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(invoiceId))),
        };
        var wizard = await odoo.CreateAsync(InvoiceMapping.ReversalModel, values, context, cancellationToken);
        var action = await odoo.CallMethodAsync(InvoiceMapping.ReversalModel, "reverse_moves", [wizard], (JsonObject)context.DeepClone(), cancellationToken);
        return InvoiceMapping.CreditNoteOf(action);
    }

    /// <summary>
    /// Keeps only some lines of a draft credit note: <paramref name="quantities"/> by line id are written, every line in
    /// <paramref name="removed"/> is deleted, in one write (Odoo recomputes the totals).
    /// </summary>
    public Task KeepLinesAsync(long creditNoteId, IReadOnlyDictionary<long, decimal> quantities, IReadOnlyCollection<long> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quantities);
        ArgumentNullException.ThrowIfNull(removed);
        var commands = new JsonArray();
        foreach (var (lineId, quantity) in quantities)
        {
            commands.Add(new JsonArray(1, lineId, new JsonObject { ["quantity"] = quantity }));
        }

        foreach (var lineId in removed)
        {
            commands.Add(new JsonArray(2, lineId));
        }

        return odoo.WriteAsync(InvoiceMapping.Model, [creditNoteId], new JsonObject { ["invoice_line_ids"] = commands }, cancellationToken);
    }

    /// <summary>Posts a draft move (Odoo numbers it).</summary>
    public Task PostAsync(long id, CancellationToken cancellationToken) =>
        odoo.CallMethodAsync(InvoiceMapping.Model, "action_post", [id], null, cancellationToken);

    /// <summary>How many credit notes of one invoice the gateway reads at most; an invoice refunded line by line stays far below.</summary>
    private const int MaxCreditNotes = 200;

    /// <summary>
    /// Moves of <paramref name="domain"/> with <see cref="InvoiceLineRecord.MoveFields"/>: one <c>web_search_read</c> with the lines
    /// nested on Odoo 17 and newer; up to 16, a <c>search_read</c> and one of the lines of every move found.
    /// </summary>
    private async Task<IReadOnlyList<InvoiceRecord>> WithLinesAsync(JsonArray domain, int count, string order, CancellationToken cancellationToken)
    {
        var query = new OdooQuery(InvoiceMapping.Model, domain, InvoiceLineRecord.MoveFields, count) { Order = order };
        if ((await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            return await odoo.WebSearchReadAsync(query, InvoiceLineRecord.MoveSpecification(), OdooWireContext.Default.InvoiceRecord, cancellationToken);
        }

        var moves = await odoo.SearchReadAsync(query, OdooWireContext.Default.InvoiceRecord, cancellationToken);
        var lineIds = moves.SelectMany(m => m.Lines.Ids).ToList();
        if (lineIds.Count == 0)
        {
            return moves;
        }

        var lines = (await odoo.ReadAsync(InvoiceMapping.LineModel, lineIds, InvoiceLineRecord.Fields, OdooWireContext.Default.InvoiceLineRecord, cancellationToken)).ToDictionary(l => l.Id);
        return [.. moves.Select(m => m with { Lines = new OdooMany<InvoiceLineRecord>(m.Lines.Ids, [.. m.Lines.Ids.Where(lines.ContainsKey).Select(id => lines[id])]) })];
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

/// <summary>A customer move with the credit notes reversing it, each with its lines.</summary>
/// <param name="Invoice">The move (an invoice, or a credit note when that is what the id named).</param>
/// <param name="CreditNotes">The credit notes whose <c>reversed_entry_id</c> is the move, in any state, oldest first.</param>
public sealed record InvoiceWithCreditNotes(InvoiceRecord Invoice, IReadOnlyList<InvoiceRecord> CreditNotes);
