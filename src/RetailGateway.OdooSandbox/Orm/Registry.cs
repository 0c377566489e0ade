namespace RetailGateway.OdooSandbox.Orm;

/// <summary>The models of one played Odoo version.</summary>
internal sealed class Registry(int version, bool deliveryModule)
{
    private readonly Dictionary<string, ModelDef> models = new(StringComparer.Ordinal);

    public int Version { get; } = version;

    public bool DeliveryModule { get; } = deliveryModule;

    /// <summary>The context key that scopes stock quantities to a warehouse; the other version's key is ignored.</summary>
    public string WarehouseContextKey => Version >= 19 ? "warehouse_id" : "warehouse";

    public ModelDef? Find(string model) => models.GetValueOrDefault(model);

    public ModelDef Get(string model) => models[model];

    public ModelDef Add(ModelDef model)
    {
        models[model.Name] = model;
        return model;
    }
}
