using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RetailGateway.Api.SharedState;
using StackExchange.Redis;

namespace RetailGateway.Api.Operations;

/// <summary>
/// The durable exception queue. Entries are kept in id (= time) order; status changes are
/// compare-and-set, so two operators acting on one exception cannot overwrite each other.
/// </summary>
internal interface IExceptionStore
{
    Task AddAsync(QueuedException entry, CancellationToken cancellationToken);

    Task<QueuedException?> GetAsync(string exceptionId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> entries after <paramref name="afterId"/> that match, oldest first.</summary>
    Task<IReadOnlyList<QueuedException>> ListAsync(string? afterId, Func<QueuedException, bool> match, int count, CancellationToken cancellationToken);

    /// <summary>Replaces <paramref name="current"/> with <paramref name="updated"/>; false if someone changed it in between.</summary>
    Task<bool> ReplaceAsync(QueuedException current, QueuedException updated, CancellationToken cancellationToken);

    /// <summary>The open entries, for the metrics; synchronous because gauges are read synchronously.</summary>
    IReadOnlyList<QueuedException> ReadOpen();
}

internal static class ExceptionJson
{
    /// <summary>The stored form; camelCase enums like the API, full-precision times.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize(QueuedException entry) => JsonSerializer.Serialize(entry, Options);

    public static QueuedException Deserialize(string json) =>
        JsonSerializer.Deserialize<QueuedException>(json, Options) ?? throw new InvalidDataException("Empty exception entry.");

    /// <summary>What compare-and-set compares: every change moves the status or counts an attempt.</summary>
    public static string Revision(QueuedException entry) => $"{entry.Status}:{entry.Attempts}";
}

/// <summary>One instance's queue, for running without Redis; lost on restart. Closed entries expire as in Redis.</summary>
internal sealed class MemoryExceptionStore(IOptions<OperationsOptions> options, TimeProvider time) : IExceptionStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Stored> _entries = new(StringComparer.Ordinal);

    public Task AddAsync(QueuedException entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries.Add(entry.ExceptionId, new Stored(ExceptionJson.Serialize(entry), null));
        }

        return Task.CompletedTask;
    }

    public Task<QueuedException?> GetAsync(string exceptionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(TryGetLive(exceptionId, out var stored) ? ExceptionJson.Deserialize(stored.Json) : null);
        }
    }

    public Task<IReadOnlyList<QueuedException>> ListAsync(string? afterId, Func<QueuedException, bool> match, int count, CancellationToken cancellationToken)
    {
        List<string> snapshot;
        lock (_gate)
        {
            RemoveExpired();
            snapshot = [.. _entries.Where(e => afterId is null || string.CompareOrdinal(e.Key, afterId) > 0).Select(e => e.Value.Json)];
        }

        IReadOnlyList<QueuedException> found = [.. snapshot.Select(ExceptionJson.Deserialize).Where(match).Take(count)];
        return Task.FromResult(found);
    }

    public Task<bool> ReplaceAsync(QueuedException current, QueuedException updated, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!TryGetLive(current.ExceptionId, out var stored) || ExceptionJson.Revision(ExceptionJson.Deserialize(stored.Json)) != ExceptionJson.Revision(current))
            {
                return Task.FromResult(false);
            }

            var expiresAt = updated.Status == ExceptionStatus.Open ? (DateTimeOffset?)null : time.GetUtcNow() + options.Value.ClosedRetention;
            _entries[current.ExceptionId] = new Stored(ExceptionJson.Serialize(updated), expiresAt);
            return Task.FromResult(true);
        }
    }

    public IReadOnlyList<QueuedException> ReadOpen()
    {
        lock (_gate)
        {
            return [.. _entries.Values.Select(e => ExceptionJson.Deserialize(e.Json)).Where(e => e.Status == ExceptionStatus.Open)];
        }
    }

    private bool TryGetLive(string exceptionId, out Stored stored) =>
        _entries.TryGetValue(exceptionId, out stored) && !IsExpired(stored);

    private bool IsExpired(Stored stored) => stored.ExpiresAt is { } at && at <= time.GetUtcNow();

    /// <summary>Drops expired entries when listing, as Redis would have dropped them by then.</summary>
    private void RemoveExpired()
    {
        foreach (var id in _entries.Where(e => IsExpired(e.Value)).Select(e => e.Key).ToList())
        {
            _entries.Remove(id);
        }
    }

    /// <summary>An entry's JSON, and when it expires (null while open).</summary>
    private readonly record struct Stored(string Json, DateTimeOffset? ExpiresAt);
}

/// <summary>
/// The queue in Redis: each entry a hash <c>rg:{exceptions}:entry:&lt;id&gt;</c> (the JSON, and the revision that
/// compare-and-set watches), indexed by two sorted sets
/// (<c>rg:{exceptions}:all</c>, <c>rg:{exceptions}:open</c>) whose members are the time-ordered ids at score 0, so that a lexical
/// range is a time range and a page is <c>ZRANGE BYLEX (afterId</c>. Not a Stream: an entry changes
/// status after it is written, and a Stream entry cannot change; lookup by id, compare-and-set and
/// keyset paging are what the operators need, and strings plus sorted sets give all three with the
/// same persistence. Open entries are kept until an operator closes them; a closed entry's hash
/// expires after <see cref="OperationsOptions.ClosedRetention"/>, and listing drops the ids whose hash
/// has gone from the indexes. Every key carries the hash tag <c>{exceptions}</c>, so that on Redis Cluster
/// the transactions and the read script over them stay in one slot.
/// </summary>
internal sealed class RedisExceptionStore(IConnectionMultiplexer redis, IOptions<OperationsOptions> options) : IExceptionStore
{
    private const string AllKey = "rg:{exceptions}:all";
    private const string OpenKey = "rg:{exceptions}:open";
    private const int Batch = 100;

    private const string JsonField = "json";
    private const string RevisionField = "rev";

    // HGET of one field on each key given; a missing entry reads as nil.
    private const string ReadEntriesScript = """
        local values = {}
        for i, key in ipairs(KEYS) do values[i] = redis.call('HGET', key, ARGV[1]) end
        return values
        """;

    private static RedisKey EntryKey(string id) => $"rg:{{exceptions}}:entry:{id}";

    private static HashEntry[] Fields(QueuedException entry) =>
        [new(JsonField, ExceptionJson.Serialize(entry)), new(RevisionField, ExceptionJson.Revision(entry))];

    public async Task AddAsync(QueuedException entry, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(entry.ExceptionId), Fields(entry));
        _ = tran.SortedSetAddAsync(AllKey, entry.ExceptionId, 0);
        _ = tran.SortedSetAddAsync(OpenKey, entry.ExceptionId, 0);
        await tran.ExecuteAsync();
    }

    public async Task<QueuedException?> GetAsync(string exceptionId, CancellationToken cancellationToken)
    {
        var json = await redis.GetDatabase().HashGetAsync(EntryKey(exceptionId), JsonField);
        return json.IsNull ? null : ExceptionJson.Deserialize(json.ToString());
    }

    public async Task<IReadOnlyList<QueuedException>> ListAsync(string? afterId, Func<QueuedException, bool> match, int count, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var found = new List<QueuedException>();
        var after = afterId;
        while (found.Count < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = await db.SortedSetRangeByValueAsync(AllKey, after is null ? default : after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, Batch);
            if (ids.Length == 0)
            {
                break;
            }

            var batch = db.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAsync(EntryKey(id.ToString()), JsonField)).ToList();
            batch.Execute();
            var values = await Task.WhenAll(reads);
            found.AddRange(values.Where(v => !v.IsNull).Select(v => ExceptionJson.Deserialize(v.ToString())).Where(match));
            await DropExpiredAsync(db, [.. ids.Where((_, i) => values[i].IsNull)]);
            after = ids[^1].ToString();
        }

        return found.Count > count ? found[..count] : found;
    }

    public async Task<bool> ReplaceAsync(QueuedException current, QueuedException updated, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        var key = EntryKey(current.ExceptionId);
        tran.AddCondition(Condition.HashEqual(key, RevisionField, ExceptionJson.Revision(current)));
        _ = tran.HashSetAsync(key, Fields(updated));
        if (updated.Status == ExceptionStatus.Open)
        {
            _ = tran.SortedSetAddAsync(OpenKey, current.ExceptionId, 0);
            _ = tran.KeyPersistAsync(key);
        }
        else
        {
            _ = tran.SortedSetRemoveAsync(OpenKey, current.ExceptionId);
            _ = tran.KeyExpireAsync(key, options.Value.ClosedRetention);
        }

        return await tran.ExecuteAsync();
    }

    /// <summary>
    /// Removes the ids of expired entries from both indexes. An id is indexed in the same transaction
    /// that writes its hash, so an indexed id without a hash is one whose hash expired.
    /// </summary>
    private static async Task DropExpiredAsync(IDatabase db, RedisValue[] expired)
    {
        if (expired.Length == 0)
        {
            return;
        }

        var tran = db.CreateTransaction();
        _ = tran.SortedSetRemoveAsync(AllKey, expired);
        _ = tran.SortedSetRemoveAsync(OpenKey, expired);
        await tran.ExecuteAsync();
    }

    /// <summary>
    /// Moves what the layout before hash tags left (<c>rg:exceptions:&lt;id&gt;</c> indexed by <c>rg:exceptions</c>
    /// and <c>rg:exceptions:open</c>) into this one, keeping each closed entry's TTL. Returns how many entries moved.
    /// </summary>
    public async Task<int> MoveLegacyKeysAsync(CancellationToken cancellationToken)
    {
        const string legacyAll = "rg:exceptions";
        var db = redis.GetDatabase();
        var moved = 0;
        // Every entry, open or closed, is in the legacy index of all entries; the entries before the indexes,
        // as listing drops an indexed id without its entry.
        foreach (var id in await db.SortedSetRangeByRankAsync(legacyAll))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await LegacyKeys.MoveAsync(db, $"{legacyAll}:{id}", EntryKey(id.ToString())))
            {
                moved++;
            }
        }

        await LegacyKeys.MoveIndexAsync(db, legacyAll, AllKey);
        await LegacyKeys.MoveIndexAsync(db, $"{legacyAll}:open", OpenKey);
        return moved;
    }

    public IReadOnlyList<QueuedException> ReadOpen()
    {
        var db = redis.GetDatabase();
        var ids = db.SortedSetRangeByRank(OpenKey);
        if (ids.Length == 0)
        {
            return [];
        }

        // Every open entry in one round trip, not one each: the gauges read this synchronously, and an
        // outage can leave thousands open.
        var values = (RedisResult[])db.ScriptEvaluate(ReadEntriesScript, [.. ids.Select(id => EntryKey(id.ToString()))], [JsonField])!;
        return [.. values.Where(v => !v.IsNull).Select(v => ExceptionJson.Deserialize(v.ToString()))];
    }
}
