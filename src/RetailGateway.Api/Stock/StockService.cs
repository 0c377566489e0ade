using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Stock;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;

namespace RetailGateway.Api.Stock;

/// <summary>Stock availability from the quantities Odoo computes per product: one Odoo call per request.</summary>
internal sealed partial class StockService(OdooProducts products, OdooMetadata metadata, ResourceCache cache)
{
    public const int MaxSkus = 100;

    public async Task<StockLevel> GetAsync(string sku, string? warehouse, CancellationToken cancellationToken)
    {
        if (!SkuPattern().IsMatch(sku))
        {
            throw ApiProblemException.Invalid("sku", Patterns.SkuMessage);
        }

        var page = await GetManyAsync([sku], warehouse, cancellationToken);
        return page.Items.Count > 0
            ? page.Items[0]
            : throw new ApiProblemException(StatusCodes.Status404NotFound, ErrorCodes.UnknownSku, "Not found", $"No product with SKU '{sku}'.");
    }

    /// <summary>Several SKUs (comma-separated, at most 100), or every stocked SKU a page at a time.</summary>
    public Task<StockPage> ListAsync(string? skus, string? warehouse, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(skus))
        {
            return ListStockedAsync(warehouse, limit, cursor, cancellationToken);
        }

        if (cursor is not null || limit is not null)
        {
            throw ApiProblemException.Invalid("skus", "limit and cursor page the list of every stocked SKU; leave them out when asking for skus.");
        }

        var requested = skus.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0)
        {
            throw ApiProblemException.Invalid("skus", "List at least one SKU, separated by commas.");
        }

        if (requested.Count > MaxSkus)
        {
            throw ApiProblemException.Invalid("skus", $"At most {MaxSkus} SKUs per request; {requested.Count} were given.");
        }

        var invalid = requested.FirstOrDefault(s => !SkuPattern().IsMatch(s));
        return invalid is not null
            ? throw ApiProblemException.Invalid("skus", $"'{invalid}': {Patterns.SkuMessage}")
            : GetManyAsync(requested, warehouse, cancellationToken).AsTask();
    }

    private ValueTask<StockPage> GetManyAsync(List<string> skus, string? warehouse, CancellationToken cancellationToken)
    {
        // Hashed, because a hundred SKUs make a key longer than the cache accepts.
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', skus))));
        var key = $"stock:{warehouse?.Trim().ToUpperInvariant()}:{digest}";
        return cache.GetOrLoadAsync(CacheKind.Stock, key, ct => new ValueTask<StockPage>(LoadManyAsync(skus, warehouse, ct)), cancellationToken, ResourceCache.StockTags(skus));
    }

    private async Task<StockPage> LoadManyAsync(List<string> skus, string? warehouse, CancellationToken cancellationToken)
    {
        var (warehouseId, warehouseCode) = await WarehouseAsync(warehouse, cancellationToken);
        var found = await products.StockOfSkusAsync(skus, warehouseId, cancellationToken);

        // Odoo does not keep SKUs unique across variants: the oldest product answers for its SKU.
        var bySku = found.Where(p => p.DefaultCode is not null).GroupBy(p => p.DefaultCode!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return new StockPage
        {
            Items = skus.Where(bySku.ContainsKey).Select(s => StockMapping.ToStockLevel(bySku[s], warehouseCode)).ToList(),
            UnknownSkus = skus.Where(s => !bySku.ContainsKey(s)).ToList(),
        };
    }

    private async Task<StockPage> ListStockedAsync(string? warehouse, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var pageSize = Cursor.Limit(limit);
        var (warehouseId, warehouseCode) = await WarehouseAsync(warehouse, cancellationToken);
        var afterId = Cursor.Decode(cursor);
        var (page, next) = Cursor.Cut(await products.StockedPageAsync(afterId, pageSize + 1, warehouseId, cancellationToken), pageSize, p => p.Id);
        return new StockPage
        {
            Items = page.Select(p => StockMapping.ToStockLevel(p, warehouseCode)).ToList(),
            UnknownSkus = [],
            NextCursor = next,
        };
    }

    /// <summary>The warehouse a caller named by code, as Odoo's id and its canonical code; none for all warehouses.</summary>
    private async Task<(long? Id, string? Code)> WarehouseAsync(string? warehouse, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(warehouse))
        {
            return (null, null);
        }

        var referenceData = await metadata.GetReferenceDataAsync(cancellationToken);
        var warehouseId = referenceData.WarehouseId(warehouse.Trim())
            ?? throw ApiProblemException.Invalid("warehouse", $"Unknown warehouse code '{warehouse}'. Known: {string.Join(", ", referenceData.WarehouseCodes)}.", ErrorCodes.UnknownWarehouse);
        return (warehouseId, referenceData.WarehouseCode(warehouseId));
    }

    [GeneratedRegex(Patterns.Sku)]
    private static partial Regex SkuPattern();
}
