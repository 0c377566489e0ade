using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RetailGateway.Api.Errors;
using Microsoft.Extensions.Options;
using RetailGateway.Api.SharedState;
using StackExchange.Redis;

namespace RetailGateway.Api.Intake;

/// <summary>
/// The durable intake queue. A worker claims, with a lease, the order of the highest priority class
/// that has waited longest; until it completes the order or the lease runs out, no other worker gets it.
/// Completed orders are kept for <see cref="IntakeOptions.Retention"/>, queued ones until completed.
/// </summary>
internal interface ISubmissionStore
{
    Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken);

    Task<OrderSubmissionStatus?> GetAsync(string submissionId, CancellationToken cancellationToken);

    /// <summary>
    /// The claimable order (queued, lease if any run out) of the highest class, earliest claimable first
    /// within it, leased until <paramref name="leaseUntil"/>; null if none.
    /// </summary>
    Task<ClaimedSubmission?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records a submitted or rejected order, takes it off the queue and lets it expire after the retention.</summary>
    Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken);

    /// <summary>
    /// Records an attempt that failed for a transient reason; the order is claimable again at <paramref name="retryAt"/>.
    /// Only while <paramref name="claim"/>'s lease still holds the order: a worker whose lease ran out and was taken over
    /// (the order may be submitted by now) changes nothing. An order the store lost meanwhile (Redis restarted without
    /// persistence) is queued again from the claim, which holds all of it.
    /// </summary>
    Task RetryLaterAsync(ClaimedSubmission claim, OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Queued orders by class and when the oldest was queued, for metrics and readiness; synchronous because gauges are.</summary>
    IntakeBacklog ReadBacklog();
}

internal static class SubmissionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize(OrderSubmissionStatus status) => JsonSerializer.Serialize(status, Options);

    public static OrderSubmissionStatus Deserialize(string json) =>
        JsonSerializer.Deserialize<OrderSubmissionStatus>(json, Options) ?? throw new InvalidDataException("Empty submission entry.");
}

/// <summary>
/// One instance's queue, for running without Redis: queued orders are lost on restart. Indexed like the
/// Redis store, so that a burst of tens of thousands of orders costs a logarithm per claim, not a sort:
/// the queued orders ordered by (class, when claimable, id), and the completed ones in the order they
/// expire (one retention for all, so completion order is expiry order). Compact: a queued order keeps its body
/// as UTF-8 bytes (half a string's size, no object graph), a completed one keeps only its status; and at most
/// <see cref="IntakeOptions.MaxQueuedInMemory"/> orders wait, beyond which a request is refused with 503 and queues nothing.
/// </summary>
internal sealed class MemorySubmissionStore(TimeProvider time, IOptions<IntakeOptions> options) : ISubmissionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<Claimable> _pending = [];
    private readonly Queue<(DateTimeOffset ExpiresAt, string SubmissionId)> _expiring = new();

    public Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RemoveExpired();
            if (_pending.Count >= options.Value.MaxQueuedInMemory)
            {
                throw QueueFull();
            }

            var entry = new Entry(status, Encoding.UTF8.GetBytes(payload), status.QueuedAt);
            _entries.Add(status.SubmissionId, entry);
            _pending.Add(entry.Claimable);
        }

        return Task.CompletedTask;
    }

    public Task<OrderSubmissionStatus?> GetAsync(string submissionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RemoveExpired();
            return Task.FromResult(_entries.TryGetValue(submissionId, out var entry) ? entry.Status : null);
        }
    }

    public Task<ClaimedSubmission?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var priority in Enum.GetValues<SubmissionPriority>())
            {
                // The earliest claimable order of this class; if even that one is leased or waiting to retry, the next class.
                var first = _pending.GetViewBetween(Claimable.First(priority), Claimable.Last(priority)).Min;
                if (first is null || first.VisibleAt > now)
                {
                    continue;
                }

                var entry = _entries[first.SubmissionId];
                Move(entry, entry with { VisibleAt = leaseUntil });
                return Task.FromResult<ClaimedSubmission?>(new ClaimedSubmission(entry.Status, Encoding.UTF8.GetString(entry.Payload), leaseUntil));
            }

            return Task.FromResult<ClaimedSubmission?>(null);
        }
    }

    public Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(status.SubmissionId, out var entry))
            {
                _pending.Remove(entry.Claimable);
                // The body is no longer needed: only the status stays readable for the retention.
                _entries[status.SubmissionId] = entry with { Status = status, Payload = [] };
                _expiring.Enqueue((time.GetUtcNow() + options.Value.Retention, status.SubmissionId));
            }
        }

        return Task.CompletedTask;
    }

    public Task RetryLaterAsync(ClaimedSubmission claim, OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(status.SubmissionId, out var entry) && entry.VisibleAt == claim.LeaseUntil && _pending.Contains(entry.Claimable))
            {
                Move(entry, entry with { Status = status, VisibleAt = retryAt });
            }
        }

        return Task.CompletedTask;
    }

    public IntakeBacklog ReadBacklog()
    {
        lock (_gate)
        {
            var queued = _pending.Select(c => _entries[c.SubmissionId].Status).ToList();
            return new IntakeBacklog(
                Enum.GetValues<SubmissionPriority>().ToDictionary(p => p, p => (long)queued.Count(s => s.Priority == p)),
                queued.Count > 0 ? queued.Min(s => s.QueuedAt) : null);
        }
    }

    /// <summary>503 with <c>Retry-After</c>: the instance holds as many queued orders as it may; workers drain them at Odoo's pace.</summary>
    internal static ApiProblemException QueueFull() => new(
        StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.IntakeFull,
        "Intake queue full",
        "The gateway holds as many queued orders as it may until Odoo takes some; nothing was queued. Retry after the time in Retry-After.")
    {
        RetryAfter = TimeSpan.FromSeconds(30),
    };

    private void Move(Entry current, Entry updated)
    {
        _pending.Remove(current.Claimable);
        _pending.Add(updated.Claimable);
        _entries[current.Status.SubmissionId] = updated;
    }

    private void RemoveExpired()
    {
        var now = time.GetUtcNow();
        while (_expiring.TryPeek(out var next) && next.ExpiresAt <= now)
        {
            _entries.Remove(_expiring.Dequeue().SubmissionId);
        }
    }

    private sealed record Entry(OrderSubmissionStatus Status, byte[] Payload, DateTimeOffset VisibleAt)
    {
        public Claimable Claimable => new(Status.Priority, VisibleAt, Status.SubmissionId);
    }

    /// <summary>A queued order's place: class first, then when it may be claimed, then its time-ordered id.</summary>
    private sealed record Claimable(SubmissionPriority Priority, DateTimeOffset VisibleAt, string SubmissionId) : IComparable<Claimable>
    {
        public static Claimable First(SubmissionPriority priority) => new(priority, DateTimeOffset.MinValue, "");

        public static Claimable Last(SubmissionPriority priority) => new(priority, DateTimeOffset.MaxValue, "\uffff");

        public int CompareTo(Claimable? other)
        {
            if (other is null)
            {
                return 1;
            }

            var byPriority = Priority.CompareTo(other.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byTime = VisibleAt.CompareTo(other.VisibleAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(SubmissionId, other.SubmissionId);
        }
    }
}

/// <summary>
/// The queue in Redis: each order a hash <c>rg:{intake}:sub:&lt;id&gt;</c> (status JSON and request body), the
/// queued ones in sorted sets: one per priority class (<c>rg:{intake}:pending:high</c>, <c>:normal</c>,
/// <c>:low</c>), scored by when each may next be claimed (queue time, then lease end or retry time), which a
/// script pops and re-scores atomically; and <c>rg:{intake}:queued</c> scored by queue time, for age. Every
/// key carries the hash tag <c>{intake}</c>, so that on Redis Cluster the script and the transactions over
/// them stay in one slot. A lease that runs out makes the order claimable again with no further action: that
/// is how a stopped instance's work resumes. A completed order's hash expires after the retention; a queued
/// one's never does.
/// </summary>
internal sealed class RedisSubmissionStore(IConnectionMultiplexer redis, IOptions<IntakeOptions> options) : ISubmissionStore
{
    private const string QueuedKey = "rg:{intake}:queued";
    private const string StatusField = "status";
    private const string PayloadField = "payload";

    // Highest class first: the first class with a claimable order gives the earliest one, re-scored to the
    // lease end in the same step, so two workers never get the same order.
    private const string ClaimScript = """
        for _, key in ipairs(KEYS) do
          local ids = redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, 1)
          if #ids > 0 then
            redis.call('ZADD', key, ARGV[2], ids[1])
            return ids[1]
          end
        end
        return false
        """;

    /// <summary>The class keys in claim order.</summary>
    private static readonly RedisKey[] PendingKeys = [.. Enum.GetValues<SubmissionPriority>().Select(PendingKey)];

    private static RedisKey PendingKey(SubmissionPriority priority) => $"rg:{{intake}}:pending:{priority.ToString().ToLowerInvariant()}";

    private static RedisKey EntryKey(string id) => $"rg:{{intake}}:sub:{id}";

    public async Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), [new(StatusField, SubmissionJson.Serialize(status)), new(PayloadField, payload)]);
        _ = tran.SortedSetAddAsync(PendingKey(status.Priority), status.SubmissionId, status.QueuedAt.ToUnixTimeMilliseconds());
        _ = tran.SortedSetAddAsync(QueuedKey, status.SubmissionId, status.QueuedAt.ToUnixTimeMilliseconds());
        await tran.ExecuteAsync();
    }

    public async Task<OrderSubmissionStatus?> GetAsync(string submissionId, CancellationToken cancellationToken)
    {
        var json = await redis.GetDatabase().HashGetAsync(EntryKey(submissionId), StatusField);
        return json.IsNull ? null : SubmissionJson.Deserialize(json.ToString());
    }

    public async Task<ClaimedSubmission?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var id = await db.ScriptEvaluateAsync(ClaimScript, PendingKeys, [now.ToUnixTimeMilliseconds(), leaseUntil.ToUnixTimeMilliseconds()]);
        if (id.IsNull)
        {
            return null;
        }

        var fields = await db.HashGetAsync(EntryKey(id.ToString()), [StatusField, PayloadField]);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            // An index entry without its order (removed by hand): drop it rather than claim it forever.
            await RemoveFromQueueAsync(db, id.ToString());
            return null;
        }

        return new ClaimedSubmission(SubmissionJson.Deserialize(fields[0].ToString()), fields[1].ToString(), DateTimeOffset.FromUnixTimeMilliseconds(leaseUntil.ToUnixTimeMilliseconds()));
    }

    public async Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), StatusField, SubmissionJson.Serialize(status));
        _ = tran.KeyExpireAsync(EntryKey(status.SubmissionId), options.Value.Retention);
        _ = RemoveFromQueueAsync(tran, status.SubmissionId);
        await tran.ExecuteAsync();
    }

    public async Task RetryLaterAsync(ClaimedSubmission claim, OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var entry = EntryKey(status.SubmissionId);
        var pending = PendingKey(status.Priority);
        // Still scored with this claim's lease end: no other worker claimed it since, and it was not completed.
        var held = db.CreateTransaction();
        held.AddCondition(Condition.SortedSetEqual(pending, status.SubmissionId, claim.LeaseUntil.ToUnixTimeMilliseconds()));
        _ = held.HashSetAsync(entry, StatusField, SubmissionJson.Serialize(status));
        _ = held.SortedSetAddAsync(pending, status.SubmissionId, retryAt.ToUnixTimeMilliseconds());
        if (await held.ExecuteAsync())
        {
            return;
        }

        // Gone altogether: Redis lost it (a restart without persistence). The claim holds the whole order: queue it again.
        var lost = db.CreateTransaction();
        lost.AddCondition(Condition.KeyNotExists(entry));
        _ = lost.HashSetAsync(entry, [new(StatusField, SubmissionJson.Serialize(status)), new(PayloadField, claim.Payload)]);
        _ = lost.SortedSetAddAsync(pending, status.SubmissionId, retryAt.ToUnixTimeMilliseconds());
        _ = lost.SortedSetAddAsync(QueuedKey, status.SubmissionId, status.QueuedAt.ToUnixTimeMilliseconds());
        await lost.ExecuteAsync();
    }

    public IntakeBacklog ReadBacklog()
    {
        var db = redis.GetDatabase();
        var queued = Enum.GetValues<SubmissionPriority>().ToDictionary(p => p, p => db.SortedSetLength(PendingKey(p)));
        var oldest = db.SortedSetRangeByRankWithScores(QueuedKey, 0, 0);
        return new IntakeBacklog(queued, oldest.Length > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)oldest[0].Score) : null);
    }

    /// <summary>
    /// Moves what the layout before hash tags left (<c>rg:intake:&lt;id&gt;</c>, <c>rg:intake:pending[:high|:low]</c>,
    /// <c>rg:intake:queued</c>) into this one: every order, queued or completed (its status is still polled until
    /// it expires), keeping its TTL and its place in the queue. Returns how many orders moved.
    /// </summary>
    public async Task<int> MoveLegacyKeysAsync(CancellationToken cancellationToken)
    {
        const string legacyPrefix = "rg:intake:";
        var legacyIndexes = new Dictionary<RedisKey, RedisKey>
        {
            [legacyPrefix + "pending:high"] = PendingKey(SubmissionPriority.High),
            [legacyPrefix + "pending"] = PendingKey(SubmissionPriority.Normal),
            [legacyPrefix + "pending:low"] = PendingKey(SubmissionPriority.Low),
            [legacyPrefix + "queued"] = QueuedKey,
        };
        var db = redis.GetDatabase();
        var moved = 0;
        // The orders before the indexes: an index entry without its order would be dropped by the next claim.
        await foreach (var key in LegacyKeys.ScanAsync(redis, db.Database, legacyPrefix + "*", cancellationToken))
        {
            if (!legacyIndexes.ContainsKey(key) && await LegacyKeys.MoveAsync(db, key, EntryKey(key.ToString()[legacyPrefix.Length..])))
            {
                moved++;
            }
        }

        foreach (var (legacy, current) in legacyIndexes)
        {
            await LegacyKeys.MoveIndexAsync(db, legacy, current);
        }

        return moved;
    }

    // Every class key, not only the order's own: cheap, and no index entry can outlive its order.
    private static Task<bool[]> RemoveFromQueueAsync(IDatabaseAsync db, string id) =>
        Task.WhenAll([.. PendingKeys.Select(key => db.SortedSetRemoveAsync(key, id)), db.SortedSetRemoveAsync(QueuedKey, id)]);
}
