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
/// Every operation answers the records of the <see cref="InvoiceVersion{T}"/> it is given.
/// </summary>
internal sealed class InvoiceService(OdooInvoices invoices, ResourceCache cache, ChangeFeed feed, CallerScope scope)
{
    public async Task<T> GetAsync<T>(string invoiceId, InvoiceVersion<T> version, CancellationToken cancellationToken)
        where T : class
    {
        var id = await RequireInScopeAsync(invoiceId, cancellationToken);
        return await cache.GetOrLoadAsync(CacheKind.Invoice, version.CacheKey(id), ct => new ValueTask<T>(LoadAsync(id, invoiceId, version, ct)), cancellationToken);
    }

    /// <summary>The id of an invoice in the caller's scope; 404 otherwise.</summary>
    internal async Task<long> RequireInScopeAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(invoiceId, "invoiceId");
        // Before the shared cache is asked: a hit another client's read left is served only within the caller's scope.
        if (!await scope.IncludesAsync(ScopedRecords.Invoices, id, cancellationToken))
        {
            throw ApiProblemException.NotFound("invoice", invoiceId);
        }

        return id;
    }

    /// <summary>Reads the invoice from Odoo, past the cache: what a write answers.</summary>
    internal Task<T> ReadFromOdooAsync<T>(long id, InvoiceVersion<T> version, CancellationToken cancellationToken) =>
        LoadAsync(id, id.ToString(System.Globalization.CultureInfo.InvariantCulture), version, cancellationToken);

    private async Task<T> LoadAsync<T>(long id, string invoiceId, InvoiceVersion<T> version, CancellationToken cancellationToken)
    {
        var found = (version.WithLines ? await invoices.FindWithLinesAsync(id, cancellationToken) : await invoices.FindAsync(id, cancellationToken))
            ?? throw ApiProblemException.NotFound("invoice", invoiceId);
        return (await ToResourcesAsync([found], version, cancellationToken))[0];
    }

    public async Task<Page<T>> ListAsync<T>(InvoiceSearch search, InvoiceVersion<T> version, CancellationToken cancellationToken)
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
        var records = version.WithLines
            ? await invoices.PageWithLinesAsync(filter, limit + 1, cancellationToken)
            : await invoices.PageAsync(filter, limit + 1, cancellationToken);
        var (page, next) = Cursor.Cut(records, limit, i => i.Id);
        return new Page<T> { Items = await ToResourcesAsync(page, version, cancellationToken), NextCursor = next };
    }

    /// <summary>Customer invoices and credit notes changed in Odoo after the cursor, oldest change first.</summary>
    public async Task<ChangePage<T>> ChangesAsync<T>(string? cursor, int? limit, InvoiceVersion<T> version, CancellationToken cancellationToken)
    {
        var tagId = (await scope.GetAsync(cancellationToken)).TagId;
        // One feed for both versions: the cursor counts the same changes, only the records answered differ.
        var source = new ChangeSource<InvoiceRecord>(
            "invoices",
            (window, ct) => version.WithLines ? invoices.ChangedWithLinesAsync(window, tagId, ct) : invoices.ChangedAsync(window, tagId, ct),
            i => i.Id,
            i => i.WriteDate);
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        return new ChangePage<T> { Items = await ToResourcesAsync(slice.Records, version, cancellationToken), NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    /// <summary>Resolves the origin orders of a page of invoices in one call, and for v2 the credit notes of its invoices in another.</summary>
    private async Task<IReadOnlyList<T>> ToResourcesAsync<T>(IReadOnlyList<InvoiceRecord> page, InvoiceVersion<T> version, CancellationToken cancellationToken)
    {
        var ordering = invoices.OriginOrdersAsync(page, cancellationToken);
        var invoiceIds = page.Where(i => i.MoveType == InvoiceMapping.InvoiceType).Select(i => i.Id).ToList();
        var crediting = version.WithLines && invoiceIds.Count > 0
            ? invoices.CreditNoteIdsAsync(invoiceIds, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<long, IReadOnlyList<long>>>(new Dictionary<long, IReadOnlyList<long>>());
        await Task.WhenAll(ordering, crediting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var ordersByName = await ordering;
        var creditNotes = await crediting;
        return page
            .Select(i => version.ToResource(
                i,
                InvoiceMapping.FirstOrigin(i.InvoiceOrigin) is { } origin ? ordersByName.GetValueOrDefault(origin) : null,
                creditNotes.GetValueOrDefault(i.Id) ?? []))
            .ToList();
    }
}

/// <summary>Filters of an invoice list.</summary>
internal sealed record InvoiceSearch(string? CustomerId, string? OrderId, InvoiceState? Status, DateTimeOffset? UpdatedSince, int? Limit, string? Cursor);
