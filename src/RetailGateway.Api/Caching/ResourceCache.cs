using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Polly.RateLimiting;
using RetailGateway.Api.Observability;
using RetailGateway.Api.SharedState;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Caching;

/// <summary>
/// The read cache: HybridCache (in-process L1, Redis L2 when configured). Concurrent identical
/// misses on one instance make one Odoo call. A Redis outage degrades to L1 plus Odoo.
/// </summary>
/// <remarks>
/// HybridCache reports hits and misses only as process-wide EventSource counters
/// (<c>Microsoft-Extensions-HybridCache</c>), per level and not per kind of resource, which
/// OpenTelemetry does not collect; the lookups counter here gives the hit ratio per kind.
/// <para>
/// Stale reads: every load from Odoo also leaves a last known copy (its JSON and when it was loaded) for
/// <see cref="CachingOptions.ServeStaleFor"/>, in the same HybridCache (so in Redis, for every instance), whatever the
/// kind's TTL. When a load fails because Odoo is unavailable (<see cref="IsOdooDown"/>) during a GET marked
/// <see cref="ServesStaleAttribute"/>, a copy younger than that answers instead, and the request carries a
/// <see cref="StaleAnswer"/>. Callers check data scopes before they ask, so a copy is scoped like a hit.
/// </para>
/// </remarks>
internal sealed partial class ResourceCache(
    HybridCache cache,
    Representations representations,
    LocalInvalidation local,
    ICacheInvalidationBus bus,
    IOptionsMonitor<CachingOptions> options,
    IHttpContextAccessor http,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<ResourceCache> logger)
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
        string[] entryTags = kind == CacheKind.Stock ? [StockTag, .. tags ?? []] : [.. tags ?? []];
        if (ttl <= TimeSpan.Zero)
        {
            return await LoadAsync(kind, key, load, cancellationToken, entryTags);
        }

        var candidate = Candidate();

        var entry = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl };
        // HybridCache runs a miss's load without the caller's execution context; carrying the caller's
        // activity in keeps the Odoo calls of a miss in the trace of the request that caused it.
        // A lookup that joined another request's load of the same key counts as a hit: it cost Odoo nothing.
        var lookup = new Lookup<T>(this, key, entryTags, Activity.Current, load);
        string? result = null;
        try
        {
            var representation = await cache.GetOrCreateAsync(
                key,
                lookup,
                static async (state, ct) =>
                {
                    state.Loaded = true;
                    Activity.Current ??= state.Caller;
                    return await state.Cache.LoadAndKeepAsync(state.Key, state.Load, state.Tags, ct);
                },
                entry,
                entryTags,
                cancellationToken);
            candidate?.Add(kind, key, entryTags, representation, ttl);
            return representation.Value;
        }
        catch (OdooException failure) when (IsOdooDown(failure) && ServesStaleHere())
        {
            var copy = await LastKnownAsync<T>(key, cancellationToken);
            if (copy is null)
            {
                throw;
            }

            candidate?.Refuse();
            result = "stale";
            return copy;
        }
        finally
        {
            Count(kind, result ?? (lookup.Loaded ? "miss" : "hit"));
        }
    }

    /// <summary>
    /// A read that is not cached (its kind's TTL is zero, or its callers must see every change at once), but whose
    /// last known copy is kept and answers while Odoo is unavailable, like a cached read's.
    /// </summary>
    public async ValueTask<T> LoadAsync<T>(CacheKind kind, string key, Func<CancellationToken, ValueTask<T>> load, CancellationToken cancellationToken, IReadOnlyList<string>? tags = null)
        where T : class
    {
        Candidate()?.Refuse();
        try
        {
            return (await LoadAndKeepAsync(key, load, tags ?? [], cancellationToken)).Value;
        }
        catch (OdooException failure) when (IsOdooDown(failure) && ServesStaleHere())
        {
            var copy = await LastKnownAsync<T>(key, cancellationToken);
            if (copy is null)
            {
                throw;
            }

            Count(kind, "stale");
            return copy;
        }
    }

    /// <summary>
    /// One tag per SKU: a stock entry carries the tag of every SKU it holds (a batch lookup holds several), and an
    /// order forgets only its own SKUs' entries, so that at peak the rest of the stock cache keeps serving.
    /// </summary>
    public static string[] StockTags(IEnumerable<string?> skus) =>
        [.. skus.OfType<string>().Distinct(StringComparer.Ordinal).Select(sku => $"stock:sku:{sku}")];

    /// <summary>
    /// Forgets entries on this instance and, through the bus, on every other one. Their last known copies go with
    /// them (the tags name both), so that a stale answer never predates a write made through the gateway.
    /// </summary>
    public async Task InvalidateAsync(IReadOnlyList<string> entries, IReadOnlyList<string> tags)
    {
        IReadOnlyList<string> keys = [.. entries, .. entries.Select(LastKnownKey)];
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

    /// <summary>Applies an invalidation on this instance: its response snapshots, its memory and Redis.</summary>
    private async Task InvalidateLocallyAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags)
    {
        try
        {
            await local.ApplyAsync(keys, tags);
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            LogPublishFailed(logger, exception.GetType().Name);
        }
    }

    /// <summary>
    /// Odoo is unavailable rather than refusing: the circuit is open, the connection failed, Odoo answered 5xx/429 or
    /// no JSON, or Odoo did not answer in time. Business rules, missing records, credentials and protocol mismatches
    /// are answers, never hidden behind a copy. A call the gateway shed at its own concurrency limit is not either:
    /// Odoo is up, and the quick 503 is what makes reads back off and leave the reserved slots to writes.
    /// </summary>
    private static bool IsOdooDown(OdooException failure) =>
        failure.Failure is OdooFailure.Unavailable or OdooFailure.Timeout && failure.InnerException is not RateLimiterRejectedException;

    /// <summary>Loads from Odoo and keeps the load as the last known copy.</summary>
    private async ValueTask<Representation<T>> LoadAndKeepAsync<T>(string key, Func<CancellationToken, ValueTask<T>> load, IReadOnlyList<string> tags, CancellationToken cancellationToken)
        where T : class
    {
        var representation = representations.Create(await load(cancellationToken));
        var keepFor = options.CurrentValue.ServeStaleFor;
        if (keepFor <= TimeSpan.Zero)
        {
            return representation;
        }

        // The instant it was loaded, then its JSON: a copy read back is served with exactly the bytes (and ETag) it had.
        var copy = new byte[sizeof(long) + representation.Body.Length];
        BinaryPrimitives.WriteInt64BigEndian(copy, time.GetUtcNow().ToUnixTimeMilliseconds());
        representation.Body.CopyTo(copy.AsSpan(sizeof(long)));
        try
        {
            await cache.SetAsync(LastKnownKey(key), copy, new HybridCacheEntryOptions { Expiration = keepFor, LocalCacheExpiration = keepFor }, tags, cancellationToken);
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // The read is answered all the same; only a later outage of Odoo finds no copy of it in Redis.
            LogCopyFailed(logger, exception.GetType().Name);
        }

        return representation;
    }

    /// <summary>The last known copy, if one younger than <see cref="CachingOptions.ServeStaleFor"/> exists; marks the request stale.</summary>
    private async ValueTask<T?> LastKnownAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        byte[]? copy;
        try
        {
            copy = await cache.GetOrCreateAsync(
                LastKnownKey(key),
                static _ => ValueTask.FromResult<byte[]?>(null),
                new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableUnderlyingData },
                cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            LogCopyFailed(logger, exception.GetType().Name);
            return null;
        }

        if (copy is not { Length: > sizeof(long) })
        {
            return null;
        }

        var asOf = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(copy));
        if (time.GetUtcNow() - asOf > options.CurrentValue.ServeStaleFor)
        {
            return null;
        }

        var context = http.HttpContext!;
        context.Features.Set(new StaleAnswer(asOf).OlderOf(context.Features.Get<StaleAnswer>()));
        return representations.Read<T>(copy[sizeof(long)..]).Value;
    }

    /// <summary>A lookup answered by a <see cref="ResponseSnapshot"/>: a hit of the kind it was made from.</summary>
    public void CountHit(CacheKind kind) => Count(kind, "hit");

    private void Count(CacheKind kind, string result) =>
        _lookups.Add(1, new KeyValuePair<string, object?>("cache.kind", KindName(kind)), new KeyValuePair<string, object?>("cache.result", result));

    /// <summary>The request's <see cref="SnapshotCandidate"/>: every entry a GET reads is part of its answer.</summary>
    private SnapshotCandidate? Candidate() => http.HttpContext?.Features.Get<SnapshotCandidate>();

    /// <summary>Only a GET marked <see cref="ServesStaleAttribute"/> may be answered from a copy; writes and background work never are.</summary>
    private bool ServesStaleHere() =>
        options.CurrentValue.ServeStaleFor > TimeSpan.Zero
        && http.HttpContext is { } context
        && HttpMethods.IsGet(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<ServesStaleAttribute>() is not null;

    private static string LastKnownKey(string key) => $"lastknown:{key}";

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
    private sealed class Lookup<T>(ResourceCache cache, string key, IReadOnlyList<string> tags, Activity? caller, Func<CancellationToken, ValueTask<T>> load)
        where T : class
    {
        public ResourceCache Cache { get; } = cache;

        public string Key { get; } = key;

        public IReadOnlyList<string> Tags { get; } = tags;

        public Activity? Caller { get; } = caller;

        public Func<CancellationToken, ValueTask<T>> Load { get; } = load;

        public bool Loaded { get; set; }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Cache invalidation could not reach Redis ({Failure})")]
    private static partial void LogPublishFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "A last known copy could not be kept or read ({Failure}); stale reads of it fall back to 503")]
    private static partial void LogCopyFailed(ILogger logger, string failure);
}

internal static class ResourceCacheSetup
{
    /// <summary>HybridCache, with cached resources stored as the JSON they are served as.</summary>
    public static IServiceCollection AddResourceCache(this IServiceCollection services)
    {
        services.AddHybridCache();
        services.AddHttpContextAccessor();
        services.AddSingleton<Representations>();
        services.AddSingleton<ResponseSnapshots>();
        services.AddSingleton<LocalInvalidation>();
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
