using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>Products by SKU (<c>default_code</c>) and their stock quantities, computed by Odoo per warehouse.</summary>
public sealed class OdooProducts(IOdooClient odoo)
{
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
}
