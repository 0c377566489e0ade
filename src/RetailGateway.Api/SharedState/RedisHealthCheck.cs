using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RetailGateway.Api.SharedState;

/// <summary>
/// Readiness reports Redis, but as degraded rather than unhealthy: without Redis the gateway still
/// serves (cache misses go to Odoo, duplicates are stopped by Odoo's natural keys).
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            return HealthCheckResult.Degraded("Redis unreachable: serving without shared cache; idempotency falls back to Odoo natural keys.");
        }
    }
}
