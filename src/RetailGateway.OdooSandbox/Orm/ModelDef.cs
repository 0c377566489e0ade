using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>A model (table + fields + callable methods) as the played Odoo version defines it.</summary>
internal sealed class ModelDef(string name, string description)
{
    private readonly List<FieldDef> fieldOrder = [];
    private readonly Dictionary<string, FieldDef> fields = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public string Description { get; } = description;

    public IReadOnlyList<FieldDef> Fields => fieldOrder;

    /// <summary>Odoo's <c>_order</c>: the sort when a call gives none.</summary>
    public string Order { get; init; } = "id";

    public Func<Env, Record, string>? DisplayName { get; init; }

    public Dictionary<string, MethodDef> Methods { get; } = new(StringComparer.Ordinal);

    /// <summary>Constraints checked after create and write (Odoo's <c>@api.constrains</c>).</summary>
    public List<Action<Env, Record>> Constraints { get; } = [];

    public bool HasActive => fields.ContainsKey("active");

    public bool HasCompany => fields.ContainsKey("company_id");

    public FieldDef? Field(string fieldName) => fields.GetValueOrDefault(fieldName);

    public ModelDef Add(FieldDef field)
    {
        fields[field.Name] = field;
        fieldOrder.Add(field);
        return this;
    }

    public ModelDef Add(MethodDef method)
    {
        Methods[method.Name] = method;
        return this;
    }
}

/// <summary>
/// A public method. <see cref="OnRecords"/> methods take the record ids as their first positional
/// argument over JSON-RPC (Odoo's call_kw); <see cref="Parameters"/> are the remaining Python
/// parameters in order.
/// </summary>
internal sealed record MethodDef(
    string Name,
    bool OnRecords,
    IReadOnlyList<string> Parameters,
    Func<Env, MethodCall, JsonNode?> Invoke)
{
    /// <summary>Python <c>**kwargs</c>: unknown keywords bind instead of failing.</summary>
    public bool AcceptsAnyKeyword { get; init; }
}

/// <summary>Arguments bound to a method's parameters.</summary>
internal sealed record MethodCall(ModelDef Model, IReadOnlyList<int> Ids, IReadOnlyDictionary<string, JsonNode?> Arguments)
{
    public JsonNode? this[string name] => Arguments.GetValueOrDefault(name);

    /// <summary>An argument that Python would treat as falsy (absent, null, false, empty) reads as null.</summary>
    public JsonArray? List(string name) => this[name] as JsonArray;

    public int? Int(string name) => JsonNumbers.IsNumber(this[name]) ? JsonNumbers.Int(this[name]!) : null;

    public string? String(string name) =>
        this[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;
}
