using System.Diagnostics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Caching;

/// <summary>
/// The read cache: HybridCache (in-process L1, Redis L2 when configured). Concurrent identical
/// misses on one instance make one Odoo call. A Redis outage degrades to L1 plus Odoo.
/// </summary>
internal sealed partial class ResourceCache(HybridCache cache, Representations representations, ICacheInvalidationBus bus, IOptionsMonitor<CachingOptions> options, ILogger<ResourceCache> logger)
{
    public const string StockTag = "stock";

    /// <summary>
    /// The cached value, or <paramref name="load"/>'s. A cached value is kept with its JSON
    /// (<see cref="Representation{T}"/>), so a hit neither deserializes nor serializes.
    /// </summary>
    public async ValueTask<T> GetOrLoadAsync<T>(CacheKind kind, string key, Func<CancellationToken, ValueTask<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        var ttl = Ttl(kind);
        if (ttl <= TimeSpan.Zero)
        {
            return await load(cancellationToken);
        }

        var entry = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl };
        string[] tags = kind == CacheKind.Stock ? [StockTag] : [];
        // HybridCache runs a miss's load without the caller's execution context; carrying the caller's
        // activity in keeps the Odoo calls of a miss in the trace of the request that caused it.
        var representation = await cache.GetOrCreateAsync(
            key,
            (Caller: Activity.Current, Load: load, Representations: representations),
            static async (state, ct) =>
            {
                Activity.Current ??= state.Caller;
                return state.Representations.Create(await state.Load(ct));
            },
            entry,
            tags,
            cancellationToken);
        return representation.Value;
    }

    /// <summary>Forgets entries on this instance and, through the bus, on every other one.</summary>
    public async Task InvalidateAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags)
    {
        await InvalidateLocallyAsync(keys, tags);
        try
        {
            await bus.PublishAsync(new CacheInvalidation(keys, tags));
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // Other instances keep the entry until its (short) TTL runs out.
            LogPublishFailed(logger, exception.GetType().Name);
        }
    }

    /// <summary>Applies an invalidation (local, or received from another instance).</summary>
    public async Task InvalidateLocallyAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags)
    {
        try
        {
            if (keys.Count > 0)
            {
                await cache.RemoveAsync(keys);
            }

            if (tags.Count > 0)
            {
                await cache.RemoveByTagAsync(tags);
            }
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            LogPublishFailed(logger, exception.GetType().Name);
        }
    }

    private TimeSpan Ttl(CacheKind kind) => kind switch
    {
        CacheKind.Stock => options.CurrentValue.StockTtl,
        CacheKind.Order => options.CurrentValue.OrderTtl,
        CacheKind.Customer => options.CurrentValue.CustomerTtl,
        _ => options.CurrentValue.InvoiceTtl,
    };

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Cache invalidation could not reach Redis ({Failure})")]
    private static partial void LogPublishFailed(ILogger logger, string failure);
}

internal static class ResourceCacheSetup
{
    /// <summary>HybridCache, with cached resources stored as the JSON they are served as.</summary>
    public static IServiceCollection AddResourceCache(this IServiceCollection services)
    {
        services.AddHybridCache();
        services.AddSingleton<Representations>();
        services.AddSingleton<IHybridCacheSerializerFactory, RepresentationSerializerFactory>();
        services.AddSingleton<ResourceCache>();
        return services;
    }
}

internal enum CacheKind
{
    Stock,
    Order,
    Customer,
    Invoice,
}

/// <summary>Keys and tags to forget.</summary>
internal sealed record CacheInvalidation(IReadOnlyList<string> Keys, IReadOnlyList<string> Tags);
