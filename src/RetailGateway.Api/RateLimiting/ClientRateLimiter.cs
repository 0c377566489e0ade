using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Requests;
using RetailGateway.Api.SharedState;
using StackExchange.Redis;

namespace RetailGateway.Api.RateLimiting;

/// <summary>
/// One token bucket per client and kind of request: in Redis when configured (one budget for all
/// instances, RedisRateLimiting's atomic script), in this process otherwise or while Redis is down.
/// </summary>
/// <remarks>
/// ASP.NET Core's <c>aspnetcore.rate_limiting.*</c> instruments belong to its own rate-limiting
/// middleware, which the gateway does not use (it needs the IETF headers on every answer and the
/// Redis fallback), so refusals are counted here.
/// </remarks>
internal sealed partial class ClientRateLimiter : IDisposable
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly IConnectionMultiplexer? _redis;
    private readonly ILogger<ClientRateLimiter> _logger;
    private readonly ConcurrentDictionary<(string Client, RequestKind Kind), RateLimiter> _local = new();
    private readonly ConcurrentDictionary<(string Client, RequestKind Kind), RateLimiter> _shared = new();
    private readonly Counter<long> _rejections;

    public ClientRateLimiter(IOptionsMonitor<RateLimitOptions> options, IMeterFactory meters, ILogger<ClientRateLimiter> logger, IServiceProvider services)
    {
        _options = options;
        _logger = logger;
        _redis = services.GetService<IConnectionMultiplexer>();
        _rejections = meters.Create(ObservabilitySetup.GatewayMeterName).CreateCounter<long>(
            "retailgateway.rate_limit.rejections",
            unit: "{request}",
            description: "Requests refused with 429 because the client had spent its budget, by client and policy (read or write).");
    }

    /// <summary>Takes one token; the lease says whether the request may go on, and what is left.</summary>
    public async ValueTask<Decision> AcquireAsync(string clientId, RequestKind kind, CancellationToken cancellationToken)
    {
        var decision = await DecideAsync(clientId, kind, cancellationToken);
        if (!decision.Allowed)
        {
            _rejections.Add(1, new KeyValuePair<string, object?>("client.id", clientId), new KeyValuePair<string, object?>("rate_limit.policy", PolicyName(kind)));
        }

        return decision;
    }

    /// <summary>The policy's name in the <c>RateLimit</c> headers and the metrics.</summary>
    public static string PolicyName(RequestKind kind) => kind == RequestKind.Write ? "write" : "read";

    private async ValueTask<Decision> DecideAsync(string clientId, RequestKind kind, CancellationToken cancellationToken)
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
