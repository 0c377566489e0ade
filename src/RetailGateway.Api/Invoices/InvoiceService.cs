using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.Paging;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Invoices;

/// <summary>
/// Customer invoices and credit notes, limited to the caller's <see cref="CallerScope"/>:
/// an invoice follows its customer, and one outside the scope is a 404 like a missing one.
/// </summary>
internal sealed class InvoiceService(OdooInvoices invoices, ResourceCache cache, ChangeFeed feed, CallerScope scope)
{
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
        var found = await invoices.FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("invoice", invoiceId);
        return (await ToInvoicesAsync([found], cancellationToken))[0];
    }

    public async Task<Page<Invoice>> ListAsync(InvoiceSearch search, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(search.Limit);
        var afterId = Cursor.Decode(search.Cursor);
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        var filter = new InvoiceFilter(
            afterId,
            tagId,
            ResourceId.ParseOptional(search.CustomerId, "customerId"),
            ResourceId.ParseOptional(search.OrderId, "orderId"),
            search.Status,
            search.UpdatedSince);
        var records = await invoices.PageAsync(filter, limit + 1, cancellationToken);
        var (page, next) = Cursor.Cut(records, limit, i => i.Id);
        return new Page<Invoice> { Items = await ToInvoicesAsync(page, cancellationToken), NextCursor = next };
    }

    /// <summary>Customer invoices and credit notes changed in Odoo after the cursor, oldest change first.</summary>
    public async Task<ChangePage<Invoice>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        var source = new ChangeSource<InvoiceRecord>("invoices", (window, ct) => invoices.ChangedAsync(window, tagId, ct), i => i.Id, i => i.WriteDate);
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        return new ChangePage<Invoice> { Items = await ToInvoicesAsync(slice.Records, cancellationToken), NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    /// <summary>Resolves the origin orders of a page of invoices in one call.</summary>
    private async Task<IReadOnlyList<Invoice>> ToInvoicesAsync(IReadOnlyList<InvoiceRecord> page, CancellationToken cancellationToken)
    {
        var ordersByName = await invoices.OriginOrdersAsync(page, cancellationToken);
        return page
            .Select(i => InvoiceMapping.ToInvoice(i, InvoiceMapping.FirstOrigin(i.InvoiceOrigin) is { } origin ? ordersByName.GetValueOrDefault(origin) : null))
            .ToList();
    }
}

/// <summary>Filters of an invoice list.</summary>
internal sealed record InvoiceSearch(string? CustomerId, string? OrderId, InvoiceState? Status, DateTimeOffset? UpdatedSince, int? Limit, string? Cursor);
