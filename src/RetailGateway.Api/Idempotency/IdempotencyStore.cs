using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RetailGateway.Api.Idempotency;

/// <summary>Where keys are claimed and first responses kept. The claim is atomic: never check-then-insert.</summary>
internal interface IIdempotencyStore
{
    Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, CancellationToken cancellationToken);

    /// <summary>Keeps the response of a claimed key for replay.</summary>
    Task CompleteAsync(IdempotencyClaim claim, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Frees a claimed key without a response, so the caller may retry (validation errors, 5xx).</summary>
    Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken);
}

internal enum ClaimOutcome
{
    /// <summary>This request owns the key and runs.</summary>
    Claimed,

    /// <summary>Another request with this key is still running.</summary>
    InFlight,

    /// <summary>The key completed with the same payload: replay its response.</summary>
    Replay,

    /// <summary>The key was used with a different payload.</summary>
    Mismatch,
}

/// <param name="Outcome">What the request may do.</param>
/// <param name="Key">The scoped key.</param>
/// <param name="Record">The stored record: ours when claimed, the existing one otherwise.</param>
internal sealed record IdempotencyClaim(ClaimOutcome Outcome, string Key, IdempotencyRecord Record);

/// <summary>What is kept under a key: who claimed it, for which payload, and the response once there is one.</summary>
internal sealed record IdempotencyRecord(string Token, string Fingerprint, StoredResponse? Response);

/// <summary>A response as replayed: status, the headers that matter, body.</summary>
internal sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);

[JsonSerializable(typeof(IdempotencyRecord))]
internal sealed partial class IdempotencyJsonContext : JsonSerializerContext;

internal static class Claims
{
    public static IdempotencyClaim Decide(string key, string fingerprint, IdempotencyRecord existing) => existing switch
    {
        { Fingerprint: var f } when f != fingerprint => new(ClaimOutcome.Mismatch, key, existing),
        { Response: null } => new(ClaimOutcome.InFlight, key, existing),
        _ => new(ClaimOutcome.Replay, key, existing),
    };

    public static IdempotencyRecord New(string fingerprint) => new(Guid.NewGuid().ToString("N"), fingerprint, null);
}

/// <summary>Keys in Redis: claimed with one <c>SET NX PX</c>, completed and released only by their owner.</summary>
internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, IOptionsMonitor<IdempotencyOptions> options) : IIdempotencyStore
{
    // Replaces or deletes the record only while it is still the in-flight record this request wrote.
    private const string CompleteScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end";
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    public async Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var record = Claims.New(fingerprint);
        if (await database.StringSetAsync(RedisKey(key), Serialize(record), options.CurrentValue.InFlightLease, When.NotExists))
        {
            return new IdempotencyClaim(ClaimOutcome.Claimed, key, record);
        }

        var existing = await database.StringGetAsync(RedisKey(key));
        // The other claim expired between the two calls: report it as in flight, the caller retries.
        return existing.IsNullOrEmpty
            ? new IdempotencyClaim(ClaimOutcome.InFlight, key, record)
            : Claims.Decide(key, fingerprint, Deserialize(existing!));
    }

    public Task CompleteAsync(IdempotencyClaim claim, StoredResponse response, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(
            CompleteScript,
            [RedisKey(claim.Key)],
            [Serialize(claim.Record), Serialize(claim.Record with { Response = response }), (long)options.CurrentValue.Retention.TotalMilliseconds]);

    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [RedisKey(claim.Key)], [Serialize(claim.Record)]);

    // Not the "rg:idem:" of the unscoped format before it, so that no record of that format is ever read as one of this;
    // those records simply expire.
    private static RedisKey RedisKey(string key) => "rg:idempotency:" + key;

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record, IdempotencyJsonContext.Default.IdempotencyRecord);

    private static IdempotencyRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, IdempotencyJsonContext.Default.IdempotencyRecord) ?? throw new JsonException("Empty idempotency record.");
}

/// <summary>Keys in this process, with the same semantics as the Redis store.</summary>
internal sealed class MemoryIdempotencyStore(IOptionsMonitor<IdempotencyOptions> options, TimeProvider time) : IIdempotencyStore
{
    private readonly Dictionary<string, (IdempotencyRecord Record, DateTimeOffset ExpiresAt)> _records = new(StringComparer.Ordinal);

    public Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var now = time.GetUtcNow();
            if (_records.TryGetValue(key, out var existing) && existing.ExpiresAt > now)
            {
                return Task.FromResult(Claims.Decide(key, fingerprint, existing.Record));
            }

            if (_records.Count > 100_000)
            {
                // Keep memory bounded on a long-running single instance.
                foreach (var expired in _records.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList())
                {
                    _records.Remove(expired);
                }
            }

            var record = Claims.New(fingerprint);
            _records[key] = (record, now + options.CurrentValue.InFlightLease);
            return Task.FromResult(new IdempotencyClaim(ClaimOutcome.Claimed, key, record));
        }
    }

    public Task CompleteAsync(IdempotencyClaim claim, StoredResponse response, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            if (_records.TryGetValue(claim.Key, out var current) && current.Record.Token == claim.Record.Token)
            {
                _records[claim.Key] = (claim.Record with { Response = response }, time.GetUtcNow() + options.CurrentValue.Retention);
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            if (_records.TryGetValue(claim.Key, out var current) && current.Record.Token == claim.Record.Token)
            {
                _records.Remove(claim.Key);
            }
        }

        return Task.CompletedTask;
    }
}
