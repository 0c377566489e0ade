using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>One Odoo call's view of the database: the context it carries and the time it runs at.</summary>
internal sealed class Env(Database db, Registry registry, JsonObject context, Func<DateTime> clock)
{
    private readonly Dictionary<string, object> cache = new(StringComparer.Ordinal);
    private long cacheGeneration = -1;

    public Database Db { get; } = db;

    public Registry Registry { get; } = registry;

    public JsonObject Context { get; } = context;

    /// <summary>UTC now, truncated to whole seconds as Odoo stores datetimes.</summary>
    public DateTime Now
    {
        get
        {
            var now = clock();
            return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }
    }

    public ModelDef Model(string name) => Registry.Get(name);

    /// <summary>Odoo's <c>with_context(**extra)</c>: the same call with <paramref name="extra"/> laid over its context.</summary>
    public Env WithContext(JsonObject extra)
    {
        var merged = Context.DeepClone().AsObject();
        foreach (var (key, value) in extra)
        {
            merged[key] = value?.DeepClone();
        }

        return new Env(Db, Registry, merged, clock);
    }

    public Record? Browse(string model, int id) => Db.Find(model, id);

    public bool ContextFlag(string key) => Context[key] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>Companies named by <c>allowed_company_ids</c>, or null when the context does not restrict.</summary>
    public IReadOnlySet<int>? AllowedCompanies =>
        Context["allowed_company_ids"] is JsonArray array ? array.Where(JsonNumbers.IsNumber).Select(n => JsonNumbers.Int(n!)).ToHashSet() : null;

    /// <summary>Memoises a value computed from the current database state within this call.</summary>
    public T Cached<T>(string key, Func<T> factory)
        where T : class
    {
        if (cacheGeneration != Db.Generation)
        {
            cache.Clear();
            cacheGeneration = Db.Generation;
        }

        if (!cache.TryGetValue(key, out var value))
        {
            value = factory();
            cache[key] = value;
        }

        return (T)value;
    }

    /// <summary>The value of a field, computed or stored, in its stored representation.</summary>
    public object? Get(Record record, string fieldName)
    {
        var field = Model(record.Model).Field(fieldName) ?? throw OdooException.InvalidField(record.Model, fieldName);
        return Get(record, field);
    }

    public object? Get(Record record, FieldDef field)
    {
        if (field.Compute is not null)
        {
            return field.Compute(this, record);
        }

        if (field.Inverse is not null)
        {
            return Db.All(field.Relation!).Where(r => r[field.Inverse] is int id && id == record.Id).Select(r => r.Id).ToList();
        }

        return record[field.StorageKey];
    }

    public string DisplayName(Record record)
    {
        var model = Model(record.Model);
        return model.DisplayName?.Invoke(this, record) ?? record["name"] as string ?? $"{record.Model},{record.Id}";
    }

    public Record? Many2one(Record record, string fieldName) =>
        Get(record, fieldName) is int id ? Db.Find(Model(record.Model).Field(fieldName)!.Relation!, id) : null;
}
