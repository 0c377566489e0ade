using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using RetailGateway.Api.SharedState;
using StackExchange.Redis;

namespace RetailGateway.Api.RateLimiting;

/// <summary>
/// One token bucket per client and kind of request: in Redis when configured (one budget for all
/// instances, RedisRateLimiting's atomic script), in this process otherwise or while Redis is down.
/// </summary>
internal sealed partial class ClientRateLimiter : IDisposable
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly IConnectionMultiplexer? _redis;
    private readonly ILogger<ClientRateLimiter> _logger;
    private readonly ConcurrentDictionary<(string Client, RequestKind Kind), RateLimiter> _local = new();
    private readonly ConcurrentDictionary<(string Client, RequestKind Kind), RateLimiter> _shared = new();

    public ClientRateLimiter(IOptionsMonitor<RateLimitOptions> options, ILogger<ClientRateLimiter> logger, IServiceProvider services)
    {
        _options = options;
        _logger = logger;
        _redis = services.GetService<IConnectionMultiplexer>();
    }

    /// <summary>Takes one token; the lease says whether the request may go on, and what is left.</summary>
    public async ValueTask<Decision> AcquireAsync(string clientId, RequestKind kind, CancellationToken cancellationToken)
    {
        var budget = _options.CurrentValue.For(clientId, kind);
        if (_redis is not null)
        {
            try
            {
                using var lease = await Shared(clientId, kind, budget).AcquireAsync(1, cancellationToken);
                return Decide(lease, budget, Remaining(lease));
            }
            catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
            {
                LogFallback(_logger, exception.GetType().Name);
            }
        }

        var local = Local(clientId, kind, budget);
        using var localLease = await local.AcquireAsync(1, cancellationToken);
        return Decide(localLease, budget, local.GetStatistics()?.CurrentAvailablePermits);
    }

    public void Dispose()
    {
        foreach (var limiter in _local.Values.Concat(_shared.Values))
        {
            limiter.Dispose();
        }
    }

    private static Decision Decide(RateLimitLease lease, RateLimitOptions.Budget budget, long? remaining)
    {
        var retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after
            : budget.ReplenishmentPeriod;
        return new Decision(lease.IsAcquired, budget, Math.Max(0, remaining ?? 0), retryAfter);
    }

    private static long? Remaining(RateLimitLease lease) =>
        lease.TryGetMetadata("RATELIMIT_REMAINING", out var value) && value is not null
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;

    private RateLimiter Shared(string clientId, RequestKind kind, RateLimitOptions.Budget budget) =>
        _shared.GetOrAdd((clientId, kind), key => new RedisTokenBucketRateLimiter<string>(
            $"rg:rl:{key.Client}:{key.Kind}",
            new RedisTokenBucketRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => _redis!,
                TokenLimit = budget.TokenLimit,
                TokensPerPeriod = budget.TokensPerPeriod,
                ReplenishmentPeriod = budget.ReplenishmentPeriod,
            }));

    private RateLimiter Local(string clientId, RequestKind kind, RateLimitOptions.Budget budget) =>
        _local.GetOrAdd((clientId, kind), _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget.TokenLimit,
            TokensPerPeriod = budget.TokensPerPeriod,
            ReplenishmentPeriod = budget.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Redis unreachable ({Failure}); rate limits enforced per instance")]
    private static partial void LogFallback(ILogger logger, string failure);

    /// <summary>The outcome of one request against its client's budget.</summary>
    internal sealed record Decision(bool Allowed, RateLimitOptions.Budget Budget, long Remaining, TimeSpan RetryAfter);
}
