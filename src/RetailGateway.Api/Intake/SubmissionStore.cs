using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace RetailGateway.Api.Intake;

/// <summary>
/// The durable intake queue. A worker claims the order that has waited longest with a lease; until it
/// completes the order or the lease runs out, no other worker gets it.
/// </summary>
internal interface ISubmissionStore
{
    Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken);

    Task<OrderSubmissionStatus?> GetAsync(string submissionId, CancellationToken cancellationToken);

    /// <summary>The next queued order whose lease (if any) ran out, leased until <paramref name="leaseUntil"/>; null if none.</summary>
    Task<ClaimedSubmission?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records a submitted or rejected order and takes it off the queue.</summary>
    Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken);

    /// <summary>Records an attempt that failed for a transient reason; the order is claimable again at <paramref name="retryAt"/>.</summary>
    Task RetryLaterAsync(OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Queued orders and when the oldest was queued, for metrics and readiness; synchronous because gauges are.</summary>
    (long Depth, DateTimeOffset? OldestQueuedAt) ReadBacklog();
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

/// <summary>One instance's queue, for running without Redis: queued orders are lost on restart.</summary>
internal sealed class MemorySubmissionStore : ISubmissionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries.Add(status.SubmissionId, new Entry(status, payload, status.QueuedAt));
        }

        return Task.CompletedTask;
    }

    public Task<OrderSubmissionStatus?> GetAsync(string submissionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(submissionId, out var entry) ? entry.Status : null);
        }
    }

    public Task<ClaimedSubmission?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var next = _entries.Values
                .Where(e => e.Status.Status == SubmissionState.Queued && e.VisibleAt <= now)
                .OrderBy(e => e.VisibleAt).ThenBy(e => e.Status.SubmissionId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next is null)
            {
                return Task.FromResult<ClaimedSubmission?>(null);
            }

            _entries[next.Status.SubmissionId] = next with { VisibleAt = leaseUntil };
            return Task.FromResult<ClaimedSubmission?>(new ClaimedSubmission(next.Status, next.Payload));
        }
    }

    public Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries[status.SubmissionId] = _entries[status.SubmissionId] with { Status = status };
        }

        return Task.CompletedTask;
    }

    public Task RetryLaterAsync(OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries[status.SubmissionId] = _entries[status.SubmissionId] with { Status = status, VisibleAt = retryAt };
        }

        return Task.CompletedTask;
    }

    public (long Depth, DateTimeOffset? OldestQueuedAt) ReadBacklog()
    {
        lock (_gate)
        {
            var queued = _entries.Values.Where(e => e.Status.Status == SubmissionState.Queued).ToList();
            return (queued.Count, queued.Count > 0 ? queued.Min(e => e.Status.QueuedAt) : null);
        }
    }

    private sealed record Entry(OrderSubmissionStatus Status, string Payload, DateTimeOffset VisibleAt);
}

/// <summary>
/// The queue in Redis: each order a hash <c>rg:intake:{id}</c> (status JSON and request body), the
/// queued ones in two sorted sets: <c>rg:intake:pending</c> scored by when each may next be claimed
/// (queue time, then lease end or retry time), which a script pops and re-scores atomically, and
/// <c>rg:intake:queued</c> scored by queue time, for depth and age. A lease that runs out makes the
/// order claimable again with no further action: that is how a stopped instance's work resumes.
/// </summary>
internal sealed class RedisSubmissionStore(IConnectionMultiplexer redis) : ISubmissionStore
{
    private const string PendingKey = "rg:intake:pending";
    private const string QueuedKey = "rg:intake:queued";
    private const string StatusField = "status";
    private const string PayloadField = "payload";

    // Pick the earliest claimable order and move its score to the lease end in one step: two workers never get the same order.
    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1)
        if #ids == 0 then return false end
        redis.call('ZADD', KEYS[1], ARGV[2], ids[1])
        return ids[1]
        """;

    private static RedisKey EntryKey(string id) => $"rg:intake:{id}";

    public async Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), [new(StatusField, SubmissionJson.Serialize(status)), new(PayloadField, payload)]);
        _ = tran.SortedSetAddAsync(PendingKey, status.SubmissionId, status.QueuedAt.ToUnixTimeMilliseconds());
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
        var id = await db.ScriptEvaluateAsync(ClaimScript, [PendingKey], [now.ToUnixTimeMilliseconds(), leaseUntil.ToUnixTimeMilliseconds()]);
        if (id.IsNull)
        {
            return null;
        }

        var fields = await db.HashGetAsync(EntryKey(id.ToString()), [StatusField, PayloadField]);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            // An index entry without its order (removed by hand): drop it rather than claim it forever.
            await db.SortedSetRemoveAsync(PendingKey, id.ToString());
            await db.SortedSetRemoveAsync(QueuedKey, id.ToString());
            return null;
        }

        return new ClaimedSubmission(SubmissionJson.Deserialize(fields[0].ToString()), fields[1].ToString());
    }

    public async Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), StatusField, SubmissionJson.Serialize(status));
        _ = tran.SortedSetRemoveAsync(PendingKey, status.SubmissionId);
        _ = tran.SortedSetRemoveAsync(QueuedKey, status.SubmissionId);
        await tran.ExecuteAsync();
    }

    public async Task RetryLaterAsync(OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), StatusField, SubmissionJson.Serialize(status));
        _ = tran.SortedSetAddAsync(PendingKey, status.SubmissionId, retryAt.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
        await tran.ExecuteAsync();
    }

    public (long Depth, DateTimeOffset? OldestQueuedAt) ReadBacklog()
    {
        var db = redis.GetDatabase();
        var depth = db.SortedSetLength(QueuedKey);
        var oldest = db.SortedSetRangeByRankWithScores(QueuedKey, 0, 0);
        return (depth, oldest.Length > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)oldest[0].Score) : null);
    }
}
