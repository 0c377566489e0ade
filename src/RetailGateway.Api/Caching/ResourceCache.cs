using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Observability;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Caching;

/// <summary>
/// The read cache: HybridCache (in-process L1, Redis L2 when configured). Concurrent identical
/// misses on one instance make one Odoo call. A Redis outage degrades to L1 plus Odoo.
/// </summary>
/// <remarks>
/// HybridCache reports hits and misses only as process-wide EventSource counters
/// (<c>Microsoft-Extensions-HybridCache</c>), per level and not per kind of resource, which
/// OpenTelemetry does not collect; the lookups counter here gives the hit ratio per kind.
/// </remarks>
internal sealed partial class ResourceCache(HybridCache cache, Representations representations, ICacheInvalidationBus bus, IOptionsMonitor<CachingOptions> options, IMeterFactory meters, ILogger<ResourceCache> logger)
{
    /// <summary>Every stock entry; forgotten all at once only when a write's SKUs cannot be known.</summary>
    public const string StockTag = "stock";

    private readonly Counter<long> _lookups = meters.Create(ObservabilitySetup.GatewayMeterName).CreateCounter<long>(
        "retailgateway.cache.lookups",
        unit: "{lookup}",
        description: "Read-cache lookups by kind of resource and result (hit: served without loading from Odoo).");

    /// <summary>
    /// The cached value, or <paramref name="load"/>'s. A cached value is kept with its JSON
    /// (<see cref="Representation{T}"/>), so a hit neither deserializes nor serializes. <paramref name="tags"/>
    /// name what the entry holds (<see cref="StockTags"/>), so that a write forgets only the entries it made stale.
    /// </summary>
    public async ValueTask<T> GetOrLoadAsync<T>(CacheKind kind, string key, Func<CancellationToken, ValueTask<T>> load, CancellationToken cancellationToken, IReadOnlyList<string>? tags = null)
        where T : class
    {
        var ttl = Ttl(kind);
        if (ttl <= TimeSpan.Zero)
        {
            return await load(cancellationToken);
        }

        var entry = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl };
        string[] entryTags = kind == CacheKind.Stock ? [StockTag, .. tags ?? []] : [.. tags ?? []];
        // HybridCache runs a miss's load without the caller's execution context; carrying the caller's
        // activity in keeps the Odoo calls of a miss in the trace of the request that caused it.
        // A lookup that joined another request's load of the same key counts as a hit: it cost Odoo nothing.
        var lookup = new Lookup<T>(Activity.Current, load, representations);
        try
        {
            var representation = await cache.GetOrCreateAsync(
                key,
                lookup,
                static async (state, ct) =>
                {
                    state.Loaded = true;
                    Activity.Current ??= state.Caller;
                    return state.Representations.Create(await state.Load(ct));
                },
                entry,
                entryTags,
                cancellationToken);
            return representation.Value;
        }
        finally
        {
            _lookups.Add(1, new KeyValuePair<string, object?>("cache.kind", KindName(kind)), new KeyValuePair<string, object?>("cache.result", lookup.Loaded ? "miss" : "hit"));
        }
    }

    /// <summary>
    /// One tag per SKU: a stock entry carries the tag of every SKU it holds (a batch lookup holds several), and an
    /// order forgets only its own SKUs' entries, so that at peak the rest of the stock cache keeps serving.
    /// </summary>
    public static string[] StockTags(IEnumerable<string?> skus) =>
        [.. skus.OfType<string>().Distinct(StringComparer.Ordinal).Select(sku => $"stock:sku:{sku}")];

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

    private static string KindName(CacheKind kind) => kind switch
    {
        CacheKind.Stock => "stock",
        CacheKind.Order => "order",
        CacheKind.Customer => "customer",
        CacheKind.Product => "product",
        _ => "invoice",
    };

    private TimeSpan Ttl(CacheKind kind) => kind switch
    {
        CacheKind.Stock => options.CurrentValue.StockTtl,
        CacheKind.Order => options.CurrentValue.OrderTtl,
        CacheKind.Customer => options.CurrentValue.CustomerTtl,
        CacheKind.Product => options.CurrentValue.ProductTtl,
        _ => options.CurrentValue.InvoiceTtl,
    };

    /// <summary>One lookup's state for the load; <see cref="Loaded"/> says whether this lookup's load ran.</summary>
    private sealed class Lookup<T>(Activity? caller, Func<CancellationToken, ValueTask<T>> load, Representations representations)
        where T : class
    {
        public Activity? Caller { get; } = caller;

        public Func<CancellationToken, ValueTask<T>> Load { get; } = load;

        public Representations Representations { get; } = representations;

        public bool Loaded { get; set; }
    }

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
    Product,
}

/// <summary>Keys and tags to forget.</summary>
internal sealed record CacheInvalidation(IReadOnlyList<string> Keys, IReadOnlyList<string> Tags);
