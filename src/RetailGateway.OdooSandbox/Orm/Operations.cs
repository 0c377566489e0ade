using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>The generic ORM: what every model answers (search, read, create, write, fields_get ...).</summary>
internal static class Operations
{
    private static readonly string[] SearchParameters = ["domain", "offset", "limit", "order"];
    private static readonly string[] SearchReadParameters = ["domain", "fields", "offset", "limit", "order"];

    /// <summary>Adds the generic public methods with Odoo's Python signatures.</summary>
    public static void AddGenericMethods(ModelDef model)
    {
        model.Add(new MethodDef("search", false, SearchParameters, (env, call) =>
            Ids(Search(env, call.Model, call.List("domain"), call.Int("offset") ?? 0, call.Int("limit"), call.String("order")))));
        model.Add(new MethodDef("search_count", false, ["domain", "limit"], (env, call) =>
            JsonValue.Create(Search(env, call.Model, call.List("domain"), 0, call.Int("limit"), null).Count)));
        model.Add(new MethodDef("search_read", false, SearchReadParameters, SearchRead) { AcceptsAnyKeyword = true });
        model.Add(new MethodDef("read", true, ["fields", "load"], (env, call) =>
            Read(env, call.Model, call.Ids.Select(id => env.Browse(call.Model.Name, id)).OfType<Record>().Distinct().ToList(), call.List("fields"))));
        model.Add(new MethodDef("create", false, ["vals_list"], Create));
        model.Add(new MethodDef("write", true, ["vals"], (env, call) =>
        {
            var vals = call["vals"] as JsonObject ?? throw OdooException.ValueError("write() expects a dictionary of values");
            Write(env, call.Model, Existing(env, call.Model, call.Ids), vals);
            return JsonValue.Create(true);
        }));
        model.Add(new MethodDef("unlink", true, [], (env, call) =>
        {
            foreach (var record in Existing(env, call.Model, call.Ids))
            {
                env.Db.Remove(record);
            }

            return JsonValue.Create(true);
        }));
        model.Add(new MethodDef("fields_get", false, ["allfields", "attributes"], (env, call) =>
            FieldsGet(call.Model, call.List("allfields"), call.List("attributes"))));
        WebRead.AddMethods(model);
    }

    public static List<Record> Search(Env env, ModelDef model, JsonArray? domain, int offset, int? limit, string? order)
    {
        var filter = DomainFilter.Compile(env, model, domain);
        var activeTest = model.HasActive && !DomainFilter.Mentions(domain, "active")
            && !(env.Context["active_test"] is JsonValue test && test.GetValueKind() == JsonValueKind.False);
        var companies = model.HasCompany ? env.AllowedCompanies : null;
        var rows = env.Db.All(model.Name)
            .Where(r => !activeTest || r["active"] is not false)
            .Where(r => companies is null || r["company_id"] is not int company || companies.Contains(company))
            .Where(filter)
            .ToList();
        Sort(env, model, rows, order ?? model.Order);
        IEnumerable<Record> page = rows.Skip(offset);
        if (limit is > 0)
        {
            page = page.Take(limit.Value);
        }

        return page.ToList();
    }

    public static JsonArray Read(Env env, ModelDef model, IReadOnlyList<Record> records, JsonArray? fieldNames)
    {
        var fields = ResolveFields(env, model, fieldNames);
        var result = new JsonArray();
        foreach (var record in records)
        {
            var row = new JsonObject { ["id"] = record.Id };
            foreach (var field in fields)
            {
                row[field.Name] = Values.ToWire(env, field, env.Get(record, field));
            }

            result.Add(row);
        }

        return result;
    }

    public static Record Create(Env env, ModelDef model, JsonObject vals, IReadOnlyDictionary<string, object?>? preset = null)
    {
        var fields = vals.Select(pair => (Field: model.Field(pair.Key) ?? throw OdooException.InvalidField(model.Name, pair.Key), Node: pair.Value)).ToList();
        var values = new Dictionary<string, object?>(preset ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        // x2many commands run once the record exists (children point back to it, new co-records get later ids), as in Odoo.
        var commands = fields.Where(f => f.Field.Type == FieldType.One2many || (f.Field.Type == FieldType.Many2many && f.Field.IsWritable && f.Node is JsonArray)).ToList();
        foreach (var (field, node) in fields.Where(f => f.Field.IsWritable && f.Field.Type != FieldType.One2many))
        {
            values[field.StorageKey] = commands.Any(c => c.Field == field) ? new List<int>() : Values.FromWire(env, model, field, node);
        }

        foreach (var field in model.Fields.Where(f => f.Default is not null && !values.ContainsKey(f.StorageKey)))
        {
            values[field.StorageKey] = field.Default!(env, values);
        }

        var missing = model.Fields.FirstOrDefault(f => f.Required && values.GetValueOrDefault(f.StorageKey) is null or "");
        if (missing is not null)
        {
            throw OdooException.ValidationError(
                "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
                + $"Model: {model.Description} ({model.Name})\nField: {missing.Label} ({missing.Name})\n");
        }

        values["create_date"] = env.Now;
        values["write_date"] = env.Now;
        var record = env.Db.Insert(model.Name, values);
        foreach (var (field, node) in commands)
        {
            if (field.Type == FieldType.One2many)
            {
                ApplyOne2many(env, model, record, field, node, creating: true);
            }
            else
            {
                env.Db.Set(record, field.StorageKey, Values.Many2many(env, model, field, node!, []));
            }
        }

        foreach (var (field, node) in fields.Where(f => f.Field.Setter is not null))
        {
            field.Setter!(env, record, Values.FromWire(env, model, field, node));
        }

        foreach (var constraint in model.Constraints)
        {
            constraint(env, record);
        }

        return record;
    }

    public static void Write(Env env, ModelDef model, IReadOnlyList<Record> records, JsonObject vals)
    {
        var fields = vals.Select(pair => (Field: model.Field(pair.Key) ?? throw OdooException.InvalidField(model.Name, pair.Key), Node: pair.Value)).ToList();
        foreach (var record in records)
        {
            foreach (var (field, node) in fields)
            {
                if (field.Type == FieldType.One2many)
                {
                    ApplyOne2many(env, model, record, field, node, creating: false);
                }
                else if (field.Type == FieldType.Many2many && field.IsWritable && node is JsonArray)
                {
                    env.Db.Set(record, field.StorageKey, Values.Many2many(env, model, field, node, (record[field.StorageKey] as List<int>) ?? []));
                }
                else if (field.IsWritable)
                {
                    env.Db.Set(record, field.StorageKey, Values.FromWire(env, model, field, node));
                }
                else if (field.Setter is { } setter)
                {
                    setter(env, record, Values.FromWire(env, model, field, node));
                }
            }

            Touch(env, record);
            foreach (var constraint in model.Constraints)
            {
                constraint(env, record);
            }
        }
    }

    /// <summary>Marks a record changed now (Odoo's write_date).</summary>
    public static void Touch(Env env, Record record) => env.Db.Set(record, "write_date", env.Now);

    /// <summary>Sets stored values from business logic and bumps write_date.</summary>
    public static void Update(Env env, Record record, params (string Key, object? Value)[] changes)
    {
        foreach (var (key, value) in changes)
        {
            env.Db.Set(record, key, value);
        }

        Touch(env, record);
    }

    /// <summary>The records for ids a method is called on; any missing id is Odoo's MissingError.</summary>
    public static List<Record> Existing(Env env, ModelDef model, IReadOnlyList<int> ids)
    {
        var missing = ids.Where(id => env.Browse(model.Name, id) is null).ToList();
        if (missing.Count > 0)
        {
            throw OdooException.Missing(model.Name, missing);
        }

        return ids.Distinct().Select(id => env.Browse(model.Name, id)!).ToList();
    }

    public static JsonObject FieldsGet(ModelDef model, JsonArray? allfields, JsonArray? attributes)
    {
        var wanted = allfields?.Select(n => n?.ToString()).ToHashSet(StringComparer.Ordinal);
        var attributeFilter = attributes?.Select(n => n?.ToString()).ToHashSet(StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var field in model.Fields.Where(f => wanted is null || wanted.Count == 0 || wanted.Contains(f.Name)))
        {
            // Odoo lists a field's description attributes in alphabetical order.
            var description = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
            {
                ["readonly"] = !field.IsWritable,
                ["required"] = field.Required,
                ["searchable"] = true,
                ["sortable"] = !field.IsX2Many,
                ["store"] = !field.IsComputed,
                ["string"] = field.Label,
                ["type"] = field.TypeName,
            };
            if (field.Relation is not null)
            {
                description["relation"] = field.Relation;
            }

            if (field.Selection is not null)
            {
                description["selection"] = new JsonArray(field.Selection.Select(v => (JsonNode?)new JsonArray(v, Label(v))).ToArray());
            }

            var entry = new JsonObject();
            foreach (var (key, value) in description.Where(d => attributeFilter is null || attributeFilter.Count == 0 || attributeFilter.Contains(d.Key)))
            {
                entry[key] = value;
            }

            result[field.Name] = entry;
        }

        return result;
    }

    private static JsonArray SearchRead(Env env, MethodCall call)
    {
        var extra = call.Arguments.Keys.Except(SearchReadParameters).Where(k => k != "load").ToList();
        if (extra.Count > 0)
        {
            // Odoo hands unknown keywords on to read(), which rejects them.
            throw OdooException.TypeError($"BaseModel.read() got an unexpected keyword argument '{extra[0]}'");
        }

        var fields = call.List("fields");
        ResolveFields(env, call.Model, fields);
        var records = Search(env, call.Model, call.List("domain"), call.Int("offset") ?? 0, call.Int("limit"), call.String("order"));
        return Read(env, call.Model, records, fields);
    }

    private static JsonNode Create(Env env, MethodCall call) => CreateEach(env, call, vals => Create(env, call.Model, vals).Id);

    /// <summary>
    /// A <c>create</c> call's shapes, for every model: <c>vals_list</c> one dictionary (answered with its id) or a list of
    /// them (answered with the list of ids); <paramref name="create"/> makes one record of one dictionary.
    /// </summary>
    public static JsonNode CreateEach(Env env, MethodCall call, Func<JsonObject, int> create)
    {
        switch (call["vals_list"])
        {
            case JsonObject single:
                return JsonValue.Create(create(single));
            case JsonArray list:
                var ids = list.Select(vals => create(vals as JsonObject ?? throw OdooException.ValueError("create() expects dictionaries of values"))).ToList();
                return new JsonArray(ids.Select(id => (JsonNode?)id).ToArray());
            default:
                throw OdooException.ValueError("create() expects a dictionary or a list of dictionaries");
        }
    }

    /// <summary>
    /// One2many commands: 0 creates a child, 1 writes it, 2 deletes it, 3 detaches it (deletes it when the
    /// way back is required, Odoo's ondelete cascade), 4 attaches it, 5 detaches all, 6 replaces the set.
    /// While creating, or after a 0 or 4 in the same list, 5 and 6 only attach, as in Odoo.
    /// </summary>
    private static void ApplyOne2many(Env env, ModelDef model, Record parent, FieldDef field, JsonNode? node, bool creating)
    {
        var child = env.Model(field.Relation!);
        var inverse = child.Field(field.Inverse!)!;
        var mayDetachAll = !creating;
        void Detach(Record line)
        {
            if (inverse.Required)
            {
                env.Db.Remove(line);
            }
            else
            {
                Update(env, line, (inverse.StorageKey, null));
            }
        }

        void Attach(IEnumerable<int> ids)
        {
            foreach (var line in Existing(env, child, ids.ToList()))
            {
                Update(env, line, (inverse.StorageKey, parent.Id));
            }
        }

        foreach (var command in (node as JsonArray) ?? [])
        {
            var parts = command as JsonArray ?? throw OdooException.ValueError($"Wrong value for {model.Name}.{field.Name}: {command?.ToJsonString()}");
            var code = Values.Id(model, field, Values.Part(parts, 0));
            switch (code)
            {
                case 0:
                    Create(env, child, (Values.Part(parts, 2) as JsonObject) ?? [], new Dictionary<string, object?> { [inverse.StorageKey] = parent.Id });
                    mayDetachAll = false;
                    break;
                case 1:
                    Write(env, child, Existing(env, child, [Values.Id(model, field, Values.Part(parts, 1))]), (Values.Part(parts, 2) as JsonObject) ?? []);
                    break;
                case 2:
                    env.Db.Remove(Existing(env, child, [Values.Id(model, field, Values.Part(parts, 1))])[0]);
                    break;
                case 3:
                    Detach(Existing(env, child, [Values.Id(model, field, Values.Part(parts, 1))])[0]);
                    break;
                case 4:
                    Attach([Values.Id(model, field, Values.Part(parts, 1))]);
                    mayDetachAll = false;
                    break;
                case 5 or 6:
                    var keep = code == 6 ? Values.IdList(model, field, Values.Part(parts, 2)) : [];
                    if (mayDetachAll)
                    {
                        var current = env.Db.All(child.Name).Where(r => r[inverse.StorageKey] is int id && id == parent.Id && !keep.Contains(r.Id)).ToList();
                        foreach (var line in current)
                        {
                            Detach(line);
                        }
                    }

                    Attach(keep);
                    break;
                default:
                    throw OdooException.ValueError($"Unsupported command {code} on {model.Name}.{field.Name}");
            }
        }

        Touch(env, parent);
    }

    /// <summary>The fields to read; an unknown name fails as Odoo's fetch words it for the played version.</summary>
    private static List<FieldDef> ResolveFields(Env env, ModelDef model, JsonArray? names)
    {
        if (names is null || names.Count == 0)
        {
            return model.Fields.Where(f => f.Name != "id").ToList();
        }

        return names.Select(n => n?.ToString() ?? string.Empty)
            .Where(n => n != "id")
            .Distinct(StringComparer.Ordinal)
            .Select(n => model.Field(n) ?? throw OdooException.InvalidFetchField(env.Registry.Version, model.Name, n))
            .ToList();
    }

    private static void Sort(Env env, ModelDef model, List<Record> rows, string order)
    {
        var keys = new List<(FieldDef Field, bool Descending)>();
        foreach (var part in order.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var field = model.Field(words[0]);
            var direction = words.Length > 1 ? words[1].ToLowerInvariant() : "asc";
            if (field is null || field.IsX2Many || direction is not ("asc" or "desc"))
            {
                throw OdooException.ValueError(
                    $"Invalid \"order\" specified ({order}). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)");
            }

            keys.Add((field, direction == "desc"));
        }

        var sortKeys = rows.ToDictionary(r => r, r => keys.Select(k => SortKey(env, r, k.Field)).ToArray());
        rows.Sort((a, b) =>
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var compared = CompareKeys(sortKeys[a][i], sortKeys[b][i]);
                if (compared != 0)
                {
                    return keys[i].Descending ? -compared : compared;
                }
            }

            return 0;
        });
    }

    private static IComparable? SortKey(Env env, Record record, FieldDef field)
    {
        if (field.Name == "id")
        {
            return record.Id;
        }

        return env.Get(record, field) switch
        {
            null or "" => null,
            int id when field.Type == FieldType.Many2one => env.Browse(field.Relation!, id) is { } target ? env.DisplayName(target) : null,
            int i => (double)i,
            IComparable comparable => comparable,
            _ => null,
        };
    }

    /// <summary>Postgres order: NULLs sort after values ascending (and so first descending).</summary>
    private static int CompareKeys(IComparable? a, IComparable? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => a.CompareTo(b),
    };

    private static JsonArray Ids(IEnumerable<Record> records) => new(records.Select(r => (JsonNode?)r.Id).ToArray());

    private static string Label(string value) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(value.Replace('_', ' '));
}
