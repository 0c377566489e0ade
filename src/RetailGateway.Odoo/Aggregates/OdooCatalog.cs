using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// The catalog: products (<c>product.product</c>) with their unit, price, taxes and variant attributes, each read in
/// one <c>web_search_read</c> (<see cref="ProductRecord.Specification"/>). Needs Odoo 17 or newer.
/// </summary>
public sealed class OdooCatalog(IOdooClient odoo)
{
    /// <summary>Archived and active products alike: naming <c>active</c> in a domain turns Odoo's <c>active_test</c> off for that search.</summary>
    private static JsonArray AnyActive() => new("active", "in", new JsonArray(true, false));

    /// <summary>Up to <paramref name="count"/> products after <see cref="CatalogFilter.AfterId"/> matching the filter, in id order.</summary>
    public Task<IReadOnlyList<ProductRecord>> PageAsync(CatalogFilter filter, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var domain = new JsonArray(Domains.After(filter.AfterId), Domains.Is("active", filter.Active));
        if (filter.Sku is { } sku)
        {
            domain.Add(Domains.Is("default_code", sku));
        }

        if (filter.UpdatedSince is { } since)
        {
            domain.Add(Domains.ChangedSince(since));
        }

        return SearchAsync(new OdooQuery(StockMapping.Model, domain, [], count) { Order = Domains.IdOrder }, cancellationToken);
    }

    /// <summary>
    /// The products with this SKU, active ones first, then oldest first, at most two: enough to tell one product from a
    /// SKU two share. An archived product answers only when no active one has the SKU.
    /// </summary>
    public Task<IReadOnlyList<ProductRecord>> WithSkuAsync(string sku, CancellationToken cancellationToken)
    {
        var domain = new JsonArray(Domains.Is("default_code", sku), AnyActive());
        return SearchAsync(new OdooQuery(StockMapping.Model, domain, [], 2) { Order = "active desc, id asc" }, cancellationToken);
    }

    /// <summary>The products, archived ones included, in a change feed window; a template's change stamps its variants' <c>write_date</c>.</summary>
    public Task<IReadOnlyList<ProductRecord>> ChangedAsync(ChangeWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var domain = window.AppendTo(new JsonArray(AnyActive()));
        return SearchAsync(new OdooQuery(StockMapping.Model, domain, [], window.Limit) { Order = window.Order }, cancellationToken);
    }

    private async Task<IReadOnlyList<ProductRecord>> SearchAsync(OdooQuery query, CancellationToken cancellationToken)
    {
        var server = await odoo.GetServerAsync(cancellationToken);
        if (!server.Dialect.HasWebRead)
        {
            throw new OdooException(OdooFailure.ProtocolMismatch, $"The catalog reads products with web_search_read, which Odoo {server.Version} does not have.");
        }

        return await odoo.WebSearchReadAsync(query, ProductRecord.Specification(server.Dialect), OdooWireContext.Default.ProductRecord, cancellationToken);
    }
}

/// <summary>What a page of products is filtered by; null members do not filter.</summary>
/// <param name="AfterId">The page starts after this id (0: from the start).</param>
/// <param name="Active">Active products (true) or archived ones (false).</param>
/// <param name="Sku">Exactly this SKU.</param>
/// <param name="UpdatedSince">Changed at or after this time.</param>
public sealed record CatalogFilter(long AfterId, bool Active, string? Sku, DateTimeOffset? UpdatedSince);
