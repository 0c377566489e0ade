using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
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

    /// <summary>Records an attempt that failed for a transient reason; the order is claimable again at <paramref name="retryAt"/>.</summary>
    Task RetryLaterAsync(OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken);

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

/// <summary>One instance's queue, for running without Redis: queued orders are lost on restart.</summary>
internal sealed class MemorySubmissionStore(TimeProvider time, IOptions<IntakeOptions> options) : ISubmissionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Task EnqueueAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Expired entries go when new ones come: the map grows no further than one retention's orders.
            var now = time.GetUtcNow();
            foreach (var expired in _entries.Values.Where(e => e.ExpiresAt <= now).ToList())
            {
                _entries.Remove(expired.Status.SubmissionId);
            }

            _entries.Add(status.SubmissionId, new Entry(status, payload, status.QueuedAt, ExpiresAt: null));
        }

        return Task.CompletedTask;
    }

    public Task<OrderSubmissionStatus?> GetAsync(string submissionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(submissionId, out var entry) && !(entry.ExpiresAt <= time.GetUtcNow()) ? entry.Status : null);
        }
    }

    public Task<ClaimedSubmission?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var next = _entries.Values
                .Where(e => e.Status.Status == SubmissionState.Queued && e.VisibleAt <= now)
                .OrderBy(e => e.Status.Priority).ThenBy(e => e.VisibleAt).ThenBy(e => e.Status.SubmissionId, StringComparer.Ordinal)
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
            if (_entries.TryGetValue(status.SubmissionId, out var entry))
            {
                _entries[status.SubmissionId] = entry with { Status = status, ExpiresAt = time.GetUtcNow() + options.Value.Retention };
            }
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

    public IntakeBacklog ReadBacklog()
    {
        lock (_gate)
        {
            var queued = _entries.Values.Where(e => e.Status.Status == SubmissionState.Queued).ToList();
            return new IntakeBacklog(
                Enum.GetValues<SubmissionPriority>().ToDictionary(p => p, p => (long)queued.Count(e => e.Status.Priority == p)),
                queued.Count > 0 ? queued.Min(e => e.Status.QueuedAt) : null);
        }
    }

    private sealed record Entry(OrderSubmissionStatus Status, string Payload, DateTimeOffset VisibleAt, DateTimeOffset? ExpiresAt);
}

/// <summary>
/// The queue in Redis: each order a hash <c>rg:intake:{id}</c> (status JSON and request body), the
/// queued ones in sorted sets: one per priority class (<c>rg:intake:pending:high</c>,
/// <c>rg:intake:pending</c> for <c>normal</c> — the one key from before there were classes, so orders
/// queued by an older version are still claimed — and <c>rg:intake:pending:low</c>), scored by when
/// each may next be claimed (queue time, then lease end or retry time), which a script pops and
/// re-scores atomically; and <c>rg:intake:queued</c> scored by queue time, for age. A lease that runs
/// out makes the order claimable again with no further action: that is how a stopped instance's work
/// resumes. A completed order's hash expires after the retention; a queued one's never does.
/// </summary>
internal sealed class RedisSubmissionStore(IConnectionMultiplexer redis, IOptions<IntakeOptions> options) : ISubmissionStore
{
    private const string QueuedKey = "rg:intake:queued";
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

    private static RedisKey PendingKey(SubmissionPriority priority) => priority switch
    {
        SubmissionPriority.Normal => "rg:intake:pending",
        _ => $"rg:intake:pending:{priority.ToString().ToLowerInvariant()}",
    };

    private static RedisKey EntryKey(string id) => $"rg:intake:{id}";

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

        return new ClaimedSubmission(SubmissionJson.Deserialize(fields[0].ToString()), fields[1].ToString());
    }

    public async Task CompleteAsync(OrderSubmissionStatus status, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), StatusField, SubmissionJson.Serialize(status));
        _ = tran.KeyExpireAsync(EntryKey(status.SubmissionId), options.Value.Retention);
        _ = RemoveFromQueueAsync(tran, status.SubmissionId);
        await tran.ExecuteAsync();
    }

    public async Task RetryLaterAsync(OrderSubmissionStatus status, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var tran = redis.GetDatabase().CreateTransaction();
        _ = tran.HashSetAsync(EntryKey(status.SubmissionId), StatusField, SubmissionJson.Serialize(status));
        _ = tran.SortedSetAddAsync(PendingKey(status.Priority), status.SubmissionId, retryAt.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
        await tran.ExecuteAsync();
    }

    public IntakeBacklog ReadBacklog()
    {
        var db = redis.GetDatabase();
        var queued = Enum.GetValues<SubmissionPriority>().ToDictionary(p => p, p => db.SortedSetLength(PendingKey(p)));
        var oldest = db.SortedSetRangeByRankWithScores(QueuedKey, 0, 0);
        return new IntakeBacklog(queued, oldest.Length > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)oldest[0].Score) : null);
    }

    // Every class key, not only the order's own: cheap, and no index entry can outlive its order.
    private static Task<bool[]> RemoveFromQueueAsync(IDatabaseAsync db, string id) =>
        Task.WhenAll([.. PendingKeys.Select(key => db.SortedSetRemoveAsync(key, id)), db.SortedSetRemoveAsync(QueuedKey, id)]);
}
