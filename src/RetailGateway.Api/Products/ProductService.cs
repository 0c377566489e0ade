using System.Text.RegularExpressions;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Products;

/// <summary>
/// Products from Odoo, one Odoo call per request. Products are not client data: every caller with
/// <c>Products.Read</c> sees the whole catalog. A product by SKU is cached; the change feed forgets the
/// cached products it hands out, and the TTL bounds the rest.
/// </summary>
internal sealed partial class ProductService(OdooCatalog catalog, ResourceCache cache, ChangeFeed feed)
{
    public async Task<ProductV2> GetAsync(string sku, CancellationToken cancellationToken)
    {
        CheckSku(sku);
        return await cache.GetOrLoadAsync(CacheKind.Product, CacheKey(sku), ct => new ValueTask<ProductV2>(LoadAsync(sku, ct)), cancellationToken);
    }

    private async Task<ProductV2> LoadAsync(string sku, CancellationToken cancellationToken)
    {
        var found = await catalog.WithSkuAsync(sku, cancellationToken);
        return found switch
        {
            [] => throw new ApiProblemException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", $"No product with SKU '{sku}'."),
            // Active products come first: two of the same activity share the SKU.
            [var first, var second] when first.Active == second.Active => throw new ApiProblemException(
                StatusCodes.Status409Conflict,
                ErrorCodes.AmbiguousSku,
                "Ambiguous SKU",
                $"SKU '{sku}' belongs to several {(first.Active ? "active" : "archived")} products in Odoo; give each its own SKU in Odoo."),
            [var product, ..] => CatalogMapping.ToProduct(product),
        };
    }

    public async Task<Page<ProductV2>> ListAsync(ProductSearch search, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(search.Limit);
        var afterId = Cursor.Decode(search.Cursor);
        var sku = string.IsNullOrWhiteSpace(search.Sku) ? null : search.Sku.Trim();
        if (sku is not null)
        {
            CheckSku(sku);
        }

        var records = await catalog.PageAsync(new CatalogFilter(afterId, search.Active ?? true, sku, search.UpdatedSince), limit + 1, cancellationToken);
        var (page, next) = Cursor.Cut(records, limit, p => p.Id);
        return new Page<ProductV2> { Items = [.. page.Select(CatalogMapping.ToProduct)], NextCursor = next };
    }

    /// <summary>Products changed in Odoo after the cursor, oldest change first; their cached copies are forgotten on the way.</summary>
    public async Task<ChangePage<ProductV2>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var source = new ChangeSource<ProductRecord>("products", catalog.ChangedAsync, p => p.Id, p => p.WriteDate);
        var slice = await feed.ReadAsync(source, cursor, limit, cancellationToken);
        var changed = slice.Records.Select(p => p.DefaultCode).OfType<string>().Distinct(StringComparer.Ordinal).Select(CacheKey).ToList();
        if (changed.Count > 0)
        {
            await cache.InvalidateAsync(changed, []);
        }

        return new ChangePage<ProductV2> { Items = [.. slice.Records.Select(CatalogMapping.ToProduct)], NextCursor = slice.NextCursor, HasMore = slice.HasMore };
    }

    private static string CacheKey(string sku) => $"product:{sku}";

    private static void CheckSku(string sku)
    {
        if (!SkuPattern().IsMatch(sku))
        {
            throw ApiProblemException.Invalid("sku", Patterns.SkuMessage);
        }
    }

    [GeneratedRegex(Patterns.Sku)]
    private static partial Regex SkuPattern();
}

/// <summary>Filters of a product list.</summary>
internal sealed record ProductSearch(string? Sku, DateTimeOffset? UpdatedSince, bool? Active, int? Limit, string? Cursor);
