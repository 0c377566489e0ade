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
}
