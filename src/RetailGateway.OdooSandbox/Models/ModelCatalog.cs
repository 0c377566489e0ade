using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>The models of the played version: apps contacts, sale_management, stock, account, sale_stock (+ delivery).</summary>
internal static class ModelCatalog
{
    public static Registry Build(int version, bool deliveryModule)
    {
        var registry = new Registry(version, deliveryModule);
        BaseModels.Register(registry);
        StockModels.Register(registry);
        CatalogModels.Register(registry);
        SalesModels.Register(registry);
        AccountingModels.Register(registry);
        return registry;
    }
}
