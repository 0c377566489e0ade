using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using RetailGateway.Api.Requests;
using RetailGateway.Api.Scopes;

namespace RetailGateway.Api.Caching;

/// <summary>
/// A GET answered wholly from read-cache entries, kept as the response it was: status 200, the JSON bytes, and the
/// headers the action added (<c>ETag</c>, <c>Content-Type</c>, the API-version headers). The same request from the
/// same client under the same data scope is answered from it without running MVC again.
/// </summary>
internal sealed class ResponseSnapshot(byte[] body, string etag, KeyValuePair<string, StringValues>[] headers, CacheKind kind, DateTimeOffset expires, long asOf, string[] names)
{
    public byte[] Body { get; } = body;

    public string ETag { get; } = etag;

    /// <summary>The headers the action added, <c>Content-Length</c> aside; the ones set before it (rate limits) are the request's own.</summary>
    public KeyValuePair<string, StringValues>[] Headers { get; } = headers;

    /// <summary>The kind of the first entry it was made from, for the cache lookups metric.</summary>
    public CacheKind Kind { get; } = kind;

    /// <summary>When the first of its entries leaves the in-process cache: the snapshot goes with it.</summary>
    public DateTimeOffset Expires { get; } = expires;

    /// <summary>The <see cref="Representation.Stamp"/> of its oldest entry: forgetting any of <see cref="Names"/> after it ends the snapshot.</summary>
    public long AsOf { get; } = asOf;

    /// <summary>The cache keys and tags of the entries it was made from.</summary>
    public string[] Names { get; } = names;

    /// <summary>Answers the request as the action did: 200 with the body, or 304 when <c>If-None-Match</c> names the ETag.</summary>
    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        var notModified = ETags.Matches(context.Request.Headers.IfNoneMatch, ETag);
        foreach (var (name, value) in Headers)
        {
            if (!notModified || !string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }

        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, context.RequestAborted).AsTask();
    }
}

/// <summary>
/// What a GET read from the read cache while it ran (<see cref="ResourceCache"/> adds each entry), and the body the
/// ETag filter wrote: whether the answer can become a <see cref="ResponseSnapshot"/>.
/// </summary>
internal sealed class SnapshotCandidate
{
    private readonly List<string> _names = [];
    private DateTimeOffset _expires = DateTimeOffset.MaxValue;
    private long _asOf = long.MaxValue;
    private CacheKind? _kind;
    private bool _refused;
    private byte[]? _body;
    private string? _etag;

    /// <summary>An entry served from (or just loaded into) the read cache, living <paramref name="ttl"/> from when it was made.</summary>
    public void Add(CacheKind kind, string key, IReadOnlyList<string> tags, Representation entry, TimeSpan ttl)
    {
        lock (_names)
        {
            _kind ??= kind;
            _names.Add(key);
            _names.AddRange(tags);
            _expires = entry.Made + ttl < _expires ? entry.Made + ttl : _expires;
            _asOf = Math.Min(_asOf, entry.Stamp);
        }
    }

    /// <summary>Something in the answer did not come from the read cache (an uncached read, a stale copy): no snapshot.</summary>
    public void Refuse() => _refused = true;

    /// <summary>The body and ETag sent, as the ETag filter wrote them.</summary>
    public void Wrote(byte[] body, string etag) => (_body, _etag) = (body, etag);

    /// <summary>The snapshot of a finished 200 whose every part came from the read cache; null otherwise.</summary>
    public ResponseSnapshot? Complete(HttpResponse response, HashSet<string> headersBefore)
    {
        lock (_names)
        {
            if (_refused || _kind is not { } kind || _body is null || _etag is null || response.StatusCode != StatusCodes.Status200OK
                || response.Headers.ETag != _etag)
            {
                return null;
            }

            var added = response.Headers
                .Where(h => !headersBefore.Contains(h.Key) && !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                .ToArray();
            return new ResponseSnapshot(_body, _etag, added, kind, _expires, _asOf, [.. _names.Distinct(StringComparer.Ordinal)]);
        }
    }
}

/// <summary>
/// The snapshots of this instance, bounded in bytes. A snapshot ends when the first entry it was made from would leave
/// the in-process cache, and as soon as any of them is forgotten (<see cref="LocalInvalidation"/>, for a write on this
/// instance or one the bus brings from another), so that it is never staler than the entries themselves.
/// </summary>
internal sealed class ResponseSnapshots(TimeProvider time) : IDisposable
{
    /// <summary>Bodies kept at most; most are the cached representation's own bytes, kept anyway while its entry lives.</summary>
    public const long MaxBytes = 32 * 1024 * 1024;

    /// <summary>Forgettings older than this are dropped: every snapshot made before them has expired by then.</summary>
    private static readonly TimeSpan ForgetHorizon = TimeSpan.FromDays(1);

    private readonly MemoryCache _snapshots = new(new MemoryCacheOptions { SizeLimit = MaxBytes });
    private readonly ConcurrentDictionary<string, (long Stamp, DateTimeOffset At)> _forgotten = new(StringComparer.Ordinal);

    public bool TryGet(SnapshotKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResponseSnapshot? snapshot)
    {
        if (!_snapshots.TryGetValue(key, out snapshot) || snapshot is null)
        {
            return false;
        }

        if (time.GetUtcNow() < snapshot.Expires && !IsForgotten(snapshot))
        {
            return true;
        }

        _snapshots.Remove(key);
        snapshot = null;
        return false;
    }

    public void Keep(SnapshotKey key, ResponseSnapshot snapshot)
    {
        var now = time.GetUtcNow();
        if (snapshot.Expires <= now || IsForgotten(snapshot))
        {
            return;
        }

        _snapshots.Set(key, snapshot, new MemoryCacheEntryOptions
        {
            AbsoluteExpiration = snapshot.Expires,
            Size = snapshot.Body.Length + 512,
        });
    }

    /// <summary>Ends every snapshot made from an entry with one of these keys or tags.</summary>
    public void Forget(IEnumerable<string> names)
    {
        var now = time.GetUtcNow();
        var stamp = Representation.NextStamp();
        foreach (var name in names)
        {
            _forgotten[name] = (stamp, now);
        }

        if (_forgotten.Count > 10_000)
        {
            foreach (var (name, (_, at)) in _forgotten)
            {
                if (now - at > ForgetHorizon)
                {
                    _forgotten.TryRemove(name, out _);
                }
            }
        }
    }

    public void Dispose() => _snapshots.Dispose();

    private bool IsForgotten(ResponseSnapshot snapshot)
    {
        foreach (var name in snapshot.Names)
        {
            if (_forgotten.TryGetValue(name, out var forgotten) && forgotten.Stamp > snapshot.AsOf)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a snapshot answers: the path and query, for this client within this data scope (its parts compared, not joined into one string).</summary>
internal readonly record struct SnapshotKey(string? Path, string? Query, string ClientId, string Scope);

internal static class ResponseSnapshotSetup
{
    /// <summary>
    /// Answers a GET from its snapshot when one is current; otherwise runs the action and keeps a snapshot of its
    /// answer when it qualifies. After authentication, authorization, data scopes and rate limiting, which every
    /// answer passes; before MVC, which a snapshot answer skips.
    /// </summary>
    public static IApplicationBuilder UseResponseSnapshots(this IApplicationBuilder app)
    {
        var snapshots = app.ApplicationServices.GetRequiredService<ResponseSnapshots>();
        var cache = app.ApplicationServices.GetRequiredService<ResourceCache>();
        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method)
                || context.User.Identity?.IsAuthenticated != true
                || context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is null)
            {
                await next(context);
                return;
            }

            // The caller's client and data scope are part of the key: a partner never receives an answer made for another.
            var key = new SnapshotKey(
                context.Request.Path.Value,
                context.Request.QueryString.Value,
                context.Facts().ClientId,
                context.RequestServices.GetRequiredService<CallerScope>().Describe());
            if (snapshots.TryGet(key, out var snapshot))
            {
                cache.CountHit(snapshot.Kind);
                await snapshot.WriteAsync(context);
                return;
            }

            var candidate = new SnapshotCandidate();
            context.Features.Set(candidate);
            var headersBefore = new HashSet<string>(context.Response.Headers.Keys, StringComparer.OrdinalIgnoreCase);
            context.Response.OnStarting(() =>
            {
                if (candidate.Complete(context.Response, headersBefore) is { } made)
                {
                    snapshots.Keep(key, made);
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
