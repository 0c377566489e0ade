using System.Globalization;
using System.Text.Json;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>One row of a model's table; values are keyed by storage key (see <see cref="FieldDef.StorageKey"/>).</summary>
internal sealed class Record(string model, int id, Dictionary<string, object?> values)
{
    public string Model { get; } = model;

    public int Id { get; } = id;

    public object? this[string key] => Values.GetValueOrDefault(key);

    internal Dictionary<string, object?> Values { get; } = values;
}

/// <summary>
/// The in-memory tables. One caller at a time holds <see cref="Gate"/>; every Odoo call runs inside
/// <see cref="InTransaction{T}"/> so a failing call leaves no partial writes, like a rolled-back
/// Postgres transaction. Ids and sequence numbers are not given back on rollback, as in Postgres.
/// </summary>
internal sealed class Database
{
    private readonly Dictionary<string, SortedDictionary<int, Record>> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> nextIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> sequences = new(StringComparer.Ordinal);
    private List<Action>? undo;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Bumped on every change, so per-call caches of computed values know when they are stale.</summary>
    public long Generation { get; private set; }

    public IEnumerable<Record> All(string model) => Table(model).Values;

    public Record? Find(string model, int id) => Table(model).GetValueOrDefault(id);

    public Record Insert(string model, Dictionary<string, object?> values, int? id = null)
    {
        var table = Table(model);
        var next = nextIds.GetValueOrDefault(model, 1);
        var newId = id ?? next;
        nextIds[model] = Math.Max(next, newId + 1);
        var record = new Record(model, newId, values);
        table.Add(newId, record);
        Generation++;
        undo?.Add(() => table.Remove(newId));
        return record;
    }

    public void Remove(Record record)
    {
        var table = Table(record.Model);
        table.Remove(record.Id);
        Generation++;
        undo?.Add(() => table.Add(record.Id, record));
    }

    public void Set(Record record, string key, object? value)
    {
        var had = record.Values.TryGetValue(key, out var previous);
        record.Values[key] = value;
        Generation++;
        undo?.Add(() =>
        {
            if (had)
            {
                record.Values[key] = previous;
            }
            else
            {
                record.Values.Remove(key);
            }
        });
    }

    /// <summary>Next number of a named sequence; consumed even when the surrounding call fails.</summary>
    public int NextNumber(string sequence)
    {
        var value = sequences.GetValueOrDefault(sequence) + 1;
        sequences[sequence] = value;
        return value;
    }

    public T InTransaction<T>(Func<T> work)
    {
        var log = new List<Action>();
        undo = log;
        try
        {
            return work();
        }
        catch
        {
            for (var i = log.Count - 1; i >= 0; i--)
            {
                log[i]();
            }

            Generation++;
            throw;
        }
        finally
        {
            undo = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> and then undoes every change it made, ids included: Odoo's new records
    /// (<c>NewId</c>) that an <c>onchange</c> computes and never saves. Runs inside the call's transaction.
    /// </summary>
    public T Discarded<T>(Func<T> work)
    {
        var outer = undo;
        var log = new List<Action>();
        var ids = new Dictionary<string, int>(nextIds, StringComparer.Ordinal);
        undo = log;
        try
        {
            return work();
        }
        finally
        {
            for (var i = log.Count - 1; i >= 0; i--)
            {
                log[i]();
            }

            nextIds.Clear();
            foreach (var (model, next) in ids)
            {
                nextIds[model] = next;
            }

            undo = outer;
            Generation++;
        }
    }

    private SortedDictionary<int, Record> Table(string model)
    {
        if (!tables.TryGetValue(model, out var table))
        {
            table = [];
            tables[model] = table;
        }

        return table;
    }

    /// <summary>
    /// Writes every table, id counter and sequence, so that a restarted sandbox finds its data again as a restarted
    /// Odoo finds its Postgres database. Each value is tagged with its stored type: the file is read by <see cref="Load"/> only.
    /// </summary>
    public void Save(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        WriteCounters(json, "nextIds", nextIds);
        WriteCounters(json, "sequences", sequences);
        json.WriteStartObject("tables");
        foreach (var (model, table) in tables)
        {
            json.WriteStartArray(model);
            foreach (var record in table.Values)
            {
                json.WriteStartObject();
                json.WriteNumber("id", record.Id);
                json.WriteStartObject("values");
                foreach (var (key, value) in record.Values)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Replaces everything with what <see cref="Save"/> wrote.</summary>
    public void Load(Stream stream)
    {
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        tables.Clear();
        nextIds.Clear();
        sequences.Clear();
        ReadCounters(root.GetProperty("nextIds"), nextIds);
        ReadCounters(root.GetProperty("sequences"), sequences);
        foreach (var model in root.GetProperty("tables").EnumerateObject())
        {
            var table = Table(model.Name);
            foreach (var row in model.Value.EnumerateArray())
            {
                var id = row.GetProperty("id").GetInt32();
                var values = row.GetProperty("values").EnumerateObject().ToDictionary(v => v.Name, v => ReadValue(v.Value), StringComparer.Ordinal);
                table.Add(id, new Record(model.Name, id, values));
            }
        }

        Generation++;
    }

    private static void WriteCounters(Utf8JsonWriter json, string name, Dictionary<string, int> counters)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counters)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }

    private static void ReadCounters(JsonElement element, Dictionary<string, int> counters)
    {
        foreach (var counter in element.EnumerateObject())
        {
            counters[counter.Name] = counter.Value.GetInt32();
        }
    }

    // The stored types of Values.FromWire: one letter tags each, so a date is not read back as a string.
    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                return;
            case List<int> ids:
                json.WriteStartArray();
                ids.ForEach(json.WriteNumberValue);
                json.WriteEndArray();
                return;
        }

        json.WriteStartObject();
        switch (value)
        {
            case int i:
                json.WriteNumber("i", i);
                break;
            case double d:
                json.WriteNumber("f", d);
                break;
            case bool b:
                json.WriteBoolean("b", b);
                break;
            case DateOnly date:
                json.WriteString("d", date.ToString(Values.DateFormat, CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                json.WriteString("t", time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case string text:
                json.WriteString("s", text);
                break;
            default:
                throw new InvalidOperationException($"The sandbox cannot keep a {value.GetType().Name} value.");
        }

        json.WriteEndObject();
    }

    private static object? ReadValue(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Select(e => e.GetInt32()).ToList();
        }

        var tagged = element.EnumerateObject().Single();
        return tagged.Name switch
        {
            "i" => tagged.Value.GetInt32(),
            "f" => tagged.Value.GetDouble(),
            "b" => tagged.Value.GetBoolean(),
            "d" => DateOnly.ParseExact(tagged.Value.GetString()!, Values.DateFormat, CultureInfo.InvariantCulture),
            "t" => DateTime.Parse(tagged.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            _ => tagged.Value.GetString(),
        };
    }
}
