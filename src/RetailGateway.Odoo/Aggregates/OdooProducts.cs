using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>Products by SKU (<c>default_code</c>) and their stock quantities, computed by Odoo per warehouse.</summary>
public sealed class OdooProducts(IOdooClient odoo, TimeProvider time)
{
    private static readonly TimeSpan SkuLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, KnownSku> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// The ids of the products with these SKUs (up to two per SKU, oldest first); a SKU no product has is absent.
    /// On Odoo 17 and newer a SKU of exactly one product is kept for a minute, so that a warm order costs no product
    /// search: the order's create reads its lines' products back (<see cref="OdooSaleOrders.CreateCheckedAsync"/>), and a
    /// SKU whose product was archived or recoded meanwhile is dropped (<see cref="Forget"/>). Unknown and ambiguous SKUs
    /// are asked every time.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<long>>> IdsBySkuAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var now = time.GetUtcNow();
        var idsBySku = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        var toAsk = new List<string>();
        foreach (var sku in skus.Distinct(StringComparer.Ordinal))
        {
            if (_known.TryGetValue(sku, out var known) && now < known.ExpiresAt)
            {
                idsBySku[sku] = [known.Id];
            }
            else
            {
                toAsk.Add(sku);
            }
        }

        if (toAsk.Count == 0)
        {
            return idsBySku;
        }

        var keep = (await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead;
        foreach (var products in (await WithSkusAsync(toAsk, cancellationToken)).Where(p => p.DefaultCode is not null).GroupBy(p => p.DefaultCode!, StringComparer.Ordinal))
        {
            IReadOnlyList<long> ids = [.. products.Select(p => p.Id)];
            idsBySku[products.Key] = ids;
            if (keep && ids is [var id])
            {
                _known[products.Key] = new KnownSku(id, now + SkuLifetime);
            }
        }

        return idsBySku;
    }

    /// <summary>Drops what <see cref="IdsBySkuAsync"/> kept of these SKUs, so the next call asks Odoo.</summary>
    public void Forget(IEnumerable<string> skus)
    {
        ArgumentNullException.ThrowIfNull(skus);
        foreach (var sku in skus)
        {
            _known.TryRemove(sku, out _);
        }
    }

    /// <summary>
    /// The products with these SKUs, oldest first, up to two per SKU: enough to see a SKU that two
    /// products share (Odoo does not keep <c>default_code</c> unique across variants).
    /// </summary>
    public async Task<IReadOnlyList<ProductSkuRecord>> WithSkusAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var query = new OdooQuery(StockMapping.Model, SkuIn(skus), ProductSkuRecord.Fields, skus.Count * 2) { Order = Domains.IdOrder };
        return await odoo.SearchReadAsync(query, OdooWireContext.Default.ProductSkuRecord, cancellationToken);
    }

    /// <summary>The stock of the products with these SKUs (up to two per SKU, oldest first), in one warehouse or all (null).</summary>
    public async Task<IReadOnlyList<ProductStockRecord>> StockOfSkusAsync(IReadOnlyList<string> skus, long? warehouseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var query = new OdooQuery(StockMapping.Model, SkuIn(skus), ProductStockRecord.Fields, skus.Count * 2)
        {
            Order = Domains.IdOrder,
            Context = await WarehouseContextAsync(warehouseId, cancellationToken),
        };
        return await odoo.SearchReadAsync(query, OdooWireContext.Default.ProductStockRecord, cancellationToken);
    }

    /// <summary>Up to <paramref name="count"/> stocked products with a SKU after <paramref name="afterId"/>, in id order, with their stock.</summary>
    public async Task<IReadOnlyList<ProductStockRecord>> StockedPageAsync(long afterId, int count, long? warehouseId, CancellationToken cancellationToken)
    {
        var context = await WarehouseContextAsync(warehouseId, cancellationToken);
        var server = await odoo.GetServerAsync(cancellationToken);
        var domain = server.Dialect.StorableProductDomain();
        domain.Add(Domains.After(afterId));
        domain.Add(new JsonArray("default_code", "!=", false));
        var query = new OdooQuery(StockMapping.Model, domain, ProductStockRecord.Fields, count) { Order = Domains.IdOrder, Context = context };
        return await odoo.SearchReadAsync(query, OdooWireContext.Default.ProductStockRecord, cancellationToken);
    }

    private static JsonArray SkuIn(IEnumerable<string> skus) => new(Domains.In("default_code", skus));

    /// <summary>The context that scopes quantities to a warehouse, by the key this Odoo version reads.</summary>
    private async Task<JsonObject?> WarehouseContextAsync(long? warehouseId, CancellationToken cancellationToken)
    {
        if (warehouseId is not { } id)
        {
            return null;
        }

        var server = await odoo.GetServerAsync(cancellationToken);
        return new JsonObject { [server.Dialect.WarehouseContextKey] = id };
    }

    private sealed record KnownSku(long Id, DateTimeOffset ExpiresAt);
}
