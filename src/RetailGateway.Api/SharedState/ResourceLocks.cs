using RetailGateway.Api.Errors;
using StackExchange.Redis;

namespace RetailGateway.Api.SharedState;

/// <summary>
/// Short exclusive locks on natural keys (a Salesforce id), so that search-then-create in Odoo
/// cannot run twice at once for one record — on this instance or any other.
/// </summary>
internal interface IResourceLocks
{
    /// <summary>Waits for the lock on <paramref name="name"/>; 409 (retry later) if it stays taken.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Per-instance locks: a fixed set of semaphores, chosen by the name's hash, so memory stays bounded.</summary>
internal sealed class MemoryResourceLocks : IResourceLocks, IDisposable
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(name) % (uint)_stripes.Length];
        if (!await stripe.WaitAsync(LockTiming.Wait, cancellationToken))
        {
            throw LockTiming.Busy();
        }

        return new Release(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim stripe) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            stripe.Release();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// Redis locks (<c>SET NX PX</c>, released only by their owner). When Redis is unreachable the
/// instance falls back to its own locks: Odoo's natural-key lookup still prevents duplicates from
/// sequential retries, and concurrent ones on one instance are still serialised.
/// </summary>
internal sealed partial class RedisResourceLocks(IConnectionMultiplexer redis, ILogger<RedisResourceLocks> logger) : IResourceLocks, IDisposable
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private readonly MemoryResourceLocks _fallback = new();

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var key = (RedisKey)("rg:lock:" + name);
        var token = Guid.NewGuid().ToString("N");
        var database = redis.GetDatabase();
        var deadline = DateTime.UtcNow + LockTiming.Wait;
        try
        {
            while (!await database.StringSetAsync(key, token, LockTiming.Lease, When.NotExists))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw LockTiming.Busy();
                }

                await Task.Delay(LockTiming.Poll, cancellationToken);
            }
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            LogFallback(logger, exception.GetType().Name);
            return await _fallback.AcquireAsync(name, cancellationToken);
        }

        return new Release(database, key, token, logger);
    }

    public void Dispose() => _fallback.Dispose();

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Redis unreachable ({Failure}); natural-key lock held on this instance only")]
    private static partial void LogFallback(ILogger logger, string failure);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Redis lock release failed ({Failure}); it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, string failure);

    private sealed class Release(IDatabase database, RedisKey key, string token, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await database.ScriptEvaluateAsync(ReleaseScript, [key], [token]);
            }
            catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
            {
                LogReleaseFailed(logger, exception.GetType().Name);
            }
        }
    }
}

internal static class LockTiming
{
    /// <summary>How long a request waits for another one working on the same record.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(8);

    /// <summary>A crashed holder's lock frees itself after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static ApiProblemException Busy() => new(
        StatusCodes.Status409Conflict,
        ErrorCodes.Conflict,
        "Record busy",
        "Another request is writing the same record. Retry after the time in Retry-After.")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };
}
