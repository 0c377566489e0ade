using System.Text.Json.Nodes;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.Paging;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Invoices;

/// <summary>
/// Customer invoices and credit notes from <c>account.move</c>, limited to the caller's <see cref="CallerScope"/>:
/// an invoice follows its customer, and one outside the scope is a 404 like a missing one.
/// </summary>
internal sealed class InvoiceService(IOdooClient odoo, ResourceCache cache, ChangeFeed feed, CallerScope scope)
{
    private static readonly ChangeSource<InvoiceRecord> Changes = new(
        "invoices",
        InvoiceMapping.Model,
        new JsonArray(new JsonArray("move_type", "in", new JsonArray([.. InvoiceMapping.CustomerMoveTypes.Select(t => JsonValue.Create(t))]))),
        InvoiceRecord.Fields,
        i => i.Id,
        i => i.WriteDate);

    public async Task<Invoice> GetAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(invoiceId, "invoiceId");
        // Before the shared cache is asked: a hit another client's read left is served only within the caller's scope.
        if (!await scope.IncludesAsync(ScopedRecords.Invoices, id, cancellationToken))
        {
            throw ApiProblemException.NotFound("invoice", invoiceId);
        }

        return await cache.GetOrLoadAsync(CacheKind.Invoice, $"invoice:{id}", ct => new ValueTask<Invoice>(LoadAsync(id, invoiceId, ct)), cancellationToken);
    }

    private async Task<Invoice> LoadAsync(long id, string invoiceId, CancellationToken cancellationToken)
    {
        var records = OdooRecords.Read<InvoiceRecord>(await odoo.ReadAsync(InvoiceMapping.Model, [id], InvoiceRecord.Fields, cancellationToken));
        // Vendor bills and journal entries live in account.move too; they are not invoices here.
        var invoices = await ToInvoicesAsync(records.Where(IsCustomerMove).ToList(), cancellationToken);
        return invoices.Count == 1 ? invoices[0] : throw ApiProblemException.NotFound("invoice", invoiceId);
    }

    public async Task<Page<Invoice>> ListAsync(InvoiceSearch search, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(search.Limit);
        var domain = new JsonArray(
            new JsonArray("move_type", "in", new JsonArray([.. InvoiceMapping.CustomerMoveTypes.Select(t => JsonValue.Create(t))])),
            Cursor.After(Cursor.Decode(search.Cursor)));
        (await scope.GetAsync(cancellationToken)).Restrict(ScopedRecords.Invoices, domain);
        if (ResourceId.ParseOptional(search.CustomerId, "customerId") is { } partnerId)
        {
            domain.Add(new JsonArray("partner_id", "=", partnerId));
        }

        if (ResourceId.ParseOptional(search.OrderId, "orderId") is { } orderId)
        {
            var order = await odoo.ReadAsync(OrderMapping.Model, [orderId], ["invoice_ids"], cancellationToken);
            var invoiceIds = order.Count == 0 ? [] : OdooRecords.Read<SaleOrderRecord>(order)[0].InvoiceIds;
            domain.Add(new JsonArray("id", "in", new JsonArray([.. invoiceIds.Select(i => JsonValue.Create(i))])));
        }

        if (search.Status is { } status)
        {
            domain.Add(new JsonArray("state", "=", status switch
            {
                InvoiceState.Draft => "draft",
                InvoiceState.Posted => "posted",
                _ => "cancel",
            }));
        }

        if (search.UpdatedSince is { } since)
        {
            domain.Add(new JsonArray("write_date", ">=", OdooTime.ToOdoo(since)));
        }

        var records = await odoo.SearchReadAsync(new OdooQuery(InvoiceMapping.Model, domain, InvoiceRecord.Fields, limit + 1) { Order = Cursor.OdooOrder }, cancellationToken);
        var (page, next) = Cursor.Cut(OdooRecords.Read<InvoiceRecord>(records), limit, i => i.Id);
        return new Page<Invoice> { Items = await ToInvoicesAsync(page, cancellationToken), NextCursor = next };
    }

    /// <summary>Customer invoices and credit notes changed in Odoo after the cursor, oldest change first.</summary>
    public async Task<ChangePage<Invoice>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var source = Changes with { Domain = (await scope.GetAsync(cancellationToken)).Restrict(ScopedRecords.Invoices, (JsonArray)Changes.Domain.DeepClone()) };
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        return new ChangePage<Invoice> { Items = await ToInvoicesAsync(slice.Records, cancellationToken), NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    /// <summary>Resolves the origin orders of a page of invoices in one call.</summary>
    private async Task<IReadOnlyList<Invoice>> ToInvoicesAsync(IReadOnlyList<InvoiceRecord> invoices, CancellationToken cancellationToken)
    {
        var origins = invoices.Select(i => InvoiceMapping.FirstOrigin(i.InvoiceOrigin)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var ordersByName = new Dictionary<string, SaleOrderRef>(StringComparer.Ordinal);
        if (origins.Count > 0)
        {
            var domain = new JsonArray(new JsonArray("name", "in", new JsonArray([.. origins.Select(o => JsonValue.Create(o))])));
            var orders = await odoo.SearchReadAsync(new OdooQuery(OrderMapping.Model, domain, ["name"], origins.Count * 2) { Order = Cursor.OdooOrder }, cancellationToken);
            foreach (var order in OdooRecords.Read<SaleOrderRecord>(orders).Where(o => o.Name is not null))
            {
                ordersByName.TryAdd(order.Name!, new SaleOrderRef(order.Id, order.Name!));
            }
        }

        return invoices
            .Select(i => InvoiceMapping.ToInvoice(i, InvoiceMapping.FirstOrigin(i.InvoiceOrigin) is { } origin ? ordersByName.GetValueOrDefault(origin) : null))
            .ToList();
    }

    private static bool IsCustomerMove(InvoiceRecord record) => InvoiceMapping.CustomerMoveTypes.Contains(record.MoveType);
}

/// <summary>Filters of an invoice list.</summary>
internal sealed record InvoiceSearch(string? CustomerId, string? OrderId, InvoiceState? Status, DateTimeOffset? UpdatedSince, int? Limit, string? Cursor);
