using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>
/// <c>web_read</c> and <c>web_search_read</c> as Odoo's web module defines them (the same code in 17
/// and 19): a read driven by a nested <c>specification</c>. A many2one with <c>fields</c> becomes an
/// object of the asked fields (<c>display_name</c> added last), without them its bare id; an x2many
/// with <c>fields</c> a list of objects (honouring <c>order</c> and <c>limit</c>), without them its
/// ids; <c>context</c> applies to the co-records. <c>web_save</c> writes (or creates) and then reads the same way.
/// </summary>
internal static class WebRead
{
    private static readonly string[] SearchParameters = ["domain", "specification", "offset", "limit", "order", "count_limit"];

    public static void AddMethods(ModelDef model)
    {
        model.Add(new MethodDef("web_read", true, ["specification"], (env, call) =>
            Read(env, call.Model, call.Ids, Specification(call, "web_read"))));
        model.Add(new MethodDef("web_search_read", false, SearchParameters, SearchRead));
        model.Add(new MethodDef("web_save", true, ["vals", "specification", "next_id"], Save));
    }

    /// <summary>
    /// Odoo's <c>web_save</c>: <c>write(vals)</c> on the records it is called on, or <c>create(vals)</c> when called
    /// on none, then <c>web_read(specification)</c> of them (of <c>next_id</c> instead, when given).
    /// </summary>
    private static JsonArray Save(Env env, MethodCall call)
    {
        if (!call.Arguments.ContainsKey("vals"))
        {
            throw Missing("web_save", "vals");
        }

        var vals = call["vals"] as JsonObject ?? throw OdooException.ValueError("web_save() expects a dictionary of values");
        var specification = Specification(call, "web_save");
        IReadOnlyList<int> ids = call.Ids;
        if (ids.Count > 0)
        {
            Operations.Write(env, call.Model, Operations.Existing(env, call.Model, ids), vals);
        }
        else
        {
            ids = [Operations.Create(env, call.Model, vals).Id];
        }

        return Read(env, call.Model, call.Int("next_id") is { } next ? [next] : ids, specification);
    }

    /// <summary>The records of <paramref name="ids"/> that exist, each as the specification asks.</summary>
    public static JsonArray Read(Env env, ModelDef model, IReadOnlyList<int> ids, JsonObject specification)
    {
        if (specification.Count == 0 || (specification.Count == 1 && specification.ContainsKey("id")))
        {
            // Odoo answers an ids-only read from the ids it was given, without reading the records.
            return new JsonArray(ids.Select(id => (JsonNode?)new JsonObject { ["id"] = id }).ToArray());
        }

        // read() checks the field names only when it has records to read on 17 (fetch() returns early on
        // an empty recordset); 19's read() checks them on an empty recordset too.
        var fields = Fields(env, model, specification, check: ids.Count > 0 || env.Registry.Version >= 19);
        var records = ids.Distinct().Select(id => env.Browse(model.Name, id)).OfType<Record>().ToList();
        var rows = records.Select(record => (Record: record, Row: new JsonObject { ["id"] = record.Id })).ToList();
        foreach (var (field, spec) in fields)
        {
            var values = rows.Select(r => env.Get(r.Record, field)).ToList();
            var answers = field.Type switch
            {
                FieldType.Many2one => Many2one(env, field, spec, values),
                FieldType.One2many or FieldType.Many2many => X2many(env, field, spec, values),
                _ => values.Select(value => Values.ToWire(env, field, value)).ToList(),
            };
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i].Row[field.Name] = answers[i];
            }
        }

        return new JsonArray(rows.Select(r => (JsonNode?)r.Row).ToArray());
    }

    /// <summary><c>{"length": N, "records": [...]}</c>: a page and the number of records the domain matches.</summary>
    private static JsonObject SearchRead(Env env, MethodCall call)
    {
        if (!call.Arguments.ContainsKey("domain"))
        {
            throw Missing("web_search_read", "domain");
        }

        var specification = Specification(call, "web_search_read");
        // search_fetch() determines the fields to fetch before it runs the query, so a wrong name fails even with no match.
        Fields(env, call.Model, specification, check: true);
        var offset = call.Int("offset") ?? 0;
        var limit = call.Int("limit");
        var countLimit = call.Int("count_limit");
        var domain = call.List("domain");
        var found = Operations.Search(env, call.Model, domain, offset, limit, call.String("order"));
        var records = Read(env, call.Model, found.Select(r => r.Id).ToList(), specification);
        if (records.Count == 0)
        {
            return new JsonObject { ["length"] = 0, ["records"] = new JsonArray() };
        }

        // Odoo counts only when the page is full (there may be more), and then no further than count_limit.
        var length = records.Count + offset;
        var limitReached = records.Count == limit;
        var countLimitReached = countLimit is > 0 && countLimit <= length;
        if (limit is > 0 && ((limitReached && !countLimitReached) || env.ContextFlag("force_search_count")))
        {
            length = Operations.Search(env, call.Model, domain, 0, countLimit, null).Count;
        }

        return new JsonObject { ["length"] = length, ["records"] = records };
    }

    private static List<(FieldDef Field, JsonNode? Spec)> Fields(Env env, ModelDef model, JsonObject specification, bool check)
    {
        var fields = new List<(FieldDef, JsonNode?)>();
        foreach (var (name, spec) in specification)
        {
            if (model.Field(name) is { } field)
            {
                if (name != "id")
                {
                    fields.Add((field, spec));
                }
            }
            else if (check)
            {
                throw OdooException.InvalidFetchField(env.Registry.Version, model.Name, name);
            }
        }

        return fields;
    }

    private static List<JsonNode?> Many2one(Env env, FieldDef field, JsonNode? spec, List<object?> values)
    {
        var subfields = SubSpec(field, spec);
        if (subfields is null)
        {
            return values.Select(value => value is int id && env.Browse(field.Relation!, id) is not null ? (JsonNode?)id : JsonValue.Create(false)).ToList();
        }

        var coEnv = CoEnv(env, spec);
        var comodel = env.Model(field.Relation!);
        var ids = values.OfType<int>().Distinct().ToList();
        var extra = subfields.DeepClone().AsObject();
        extra.Remove("display_name");
        var data = Read(coEnv, comodel, ids, extra).ToDictionary(row => row!["id"]!.GetValue<int>(), row => row!.AsObject());
        if (subfields.ContainsKey("display_name"))
        {
            foreach (var (id, row) in data)
            {
                row["display_name"] = env.Browse(comodel.Name, id) is { } record ? coEnv.DisplayName(record) : false;
            }
        }

        return values.Select(value => value is int id && data.TryGetValue(id, out var row) ? row.DeepClone() : (JsonNode?)JsonValue.Create(false)).ToList();
    }

    private static List<JsonNode?> X2many(Env env, FieldDef field, JsonNode? spec, List<object?> values)
    {
        var lists = values.Select(value => ((value as IEnumerable<int>) ?? []).ToList()).ToList();
        var options = spec as JsonObject;
        if (spec is not null && options is null && Values.Truthy(spec))
        {
            throw NotIterable(field, spec);
        }

        var comodel = env.Model(field.Relation!);
        if (options?["order"] is JsonValue order && order.GetValueKind() == JsonValueKind.String && order.GetValue<string>().Length > 0)
        {
            // Odoo re-searches the co-records in that order; 17 leaves active_test on (archived ones drop out), 19 turns it off.
            var searchEnv = env.Registry.Version >= 19 ? env.WithContext(new JsonObject { ["active_test"] = false }) : env;
            var all = lists.SelectMany(ids => ids).Distinct().Select(id => (JsonNode?)id).ToArray();
            var sorted = Operations.Search(searchEnv, comodel, new JsonArray(new JsonArray("id", "in", new JsonArray(all))), 0, null, order.GetValue<string>());
            var position = sorted.Select((record, index) => (record.Id, index)).ToDictionary(p => p.Id, p => p.index);
            lists = lists.Select(ids => ids.Where(position.ContainsKey).OrderBy(id => position[id]).ToList()).ToList();
        }

        if (options?["fields"] is not JsonObject subfields)
        {
            if (options?["fields"] is { } wrong)
            {
                throw NotIterable(field, wrong);
            }

            return lists.Select(ids => (JsonNode?)new JsonArray(ids.Select(id => (JsonNode?)id).ToArray())).ToList();
        }

        var toRead = JsonNumbers.IsNumber(options["limit"])
            ? lists.SelectMany(ids => ids.Take(Math.Max(0, JsonNumbers.Int(options["limit"]!)))).Distinct().ToList()
            : lists.SelectMany(ids => ids).Distinct().ToList();
        var data = Read(CoEnv(env, spec), comodel, toRead, subfields).ToDictionary(row => row!["id"]!.GetValue<int>(), row => row!.AsObject());
        return lists.Select(ids => (JsonNode?)new JsonArray(ids
            .Select(id => data.TryGetValue(id, out var row) ? row.DeepClone() : new JsonObject { ["id"] = id })
            .ToArray())).ToList();
    }

    /// <summary>A relational field's <c>fields</c>, or null when the specification asks for ids only.</summary>
    private static JsonObject? SubSpec(FieldDef field, JsonNode? spec) => spec switch
    {
        null => throw NotIterable(field, spec),
        JsonObject { } options when options["fields"] is JsonObject fields => fields,
        JsonObject options when options.ContainsKey("fields") => throw NotIterable(field, options["fields"]),
        JsonObject => null,
        _ => throw NotIterable(field, spec),
    };

    private static Env CoEnv(Env env, JsonNode? spec) => spec?["context"] is JsonObject context ? env.WithContext(context) : env;

    private static JsonObject Specification(MethodCall call, string method)
    {
        var specification = call["specification"];
        if (specification is JsonObject dict)
        {
            return dict;
        }

        if (specification is null && !call.Arguments.ContainsKey("specification"))
        {
            throw Missing(method, "specification");
        }

        // Odoo lists the specification's keys, then walks its items: a list or a string gets as far as items().
        var type = PythonType(specification);
        throw type is "list" or "str"
            ? new OdooException("builtins.AttributeError", $"'{type}' object has no attribute 'items'", 500)
            : OdooException.TypeError($"'{type}' object is not iterable");
    }

    /// <summary>Python's answer to <c>'fields' in spec</c> when a relational field's specification is not a dict.</summary>
    private static OdooException NotIterable(FieldDef field, JsonNode? spec) =>
        OdooException.TypeError($"argument of type '{PythonType(spec)}' is not iterable");

    private static OdooException Missing(string method, string parameter) =>
        new("builtins.TypeError", $"{method}() missing 1 required positional argument: '{parameter}'", 500) { IsSignatureMismatch = true };

    private static string PythonType(JsonNode? node) => node switch
    {
        null => "NoneType",
        JsonArray => "list",
        JsonObject => "dict",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "str",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => JsonNumbers.IsNumber(node) && node.ToJsonString().Contains('.', StringComparison.Ordinal) ? "float" : "int",
            _ => "NoneType",
        },
    };
}
