using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Security;

/// <summary>
/// The validated-token cache (section <c>ValidatedTokenCache</c>). Salesforce sends one access token
/// for up to an hour; validating its signature on every request is most of an authenticated cache hit.
/// </summary>
internal sealed class ValidatedTokenCacheOptions
{
    public const string SectionName = "ValidatedTokenCache";

    /// <summary>Default true. Off: every request validates its token in full.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a validated token is trusted without validating it again, at most; never past the
    /// token's own <c>exp</c>. This bounds how long a token signed with a key the issuer has since
    /// withdrawn keeps working here. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxEntryLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Distinct tokens remembered; beyond it, new tokens are validated in full and not remembered. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxEntries { get; set; } = 10_000;
}

/// <summary>
/// Principals of bearer tokens that passed validation, keyed by the SHA-256 of the whole token (header,
/// payload and signature: a token altered in any byte is a different key and is validated in full).
/// Only successes are remembered, each until the token's <c>exp</c> or <see cref="ValidatedTokenCacheOptions.MaxEntryLifetime"/>,
/// whichever is first, checked against <see cref="TimeProvider"/> on every lookup.
/// </summary>
internal sealed class ValidatedTokenCache : IDisposable
{
    public const string MeterName = "RetailGateway.Api.Authentication";

    private readonly MemoryCache _entries;
    private readonly ValidatedTokenCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly Counter<long> _lookups;

    // An Entra ID access token is 1–2 KB; longer ones hash from a pooled buffer.
    private const int StackBytes = 4096;

    [ThreadStatic]
    private static HashedToken? lastHashed;

    public ValidatedTokenCache(IOptions<ValidatedTokenCacheOptions> options, TimeProvider time, IMeterFactory meters)
    {
        _options = options.Value;
        _time = time;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxEntries });
        _lookups = meters.Create(MeterName).CreateCounter<long>("retailgateway.auth.token_cache.lookups", description: "Bearer token lookups in the validated-token cache, by result (hit, miss).");
    }

    public bool Enabled => _options.Enabled;

    /// <summary>
    /// The SHA-256 of the token's UTF-8 bytes. Each thread remembers the last token it hashed and its hash: a client sends
    /// the same token for up to an hour, and comparing it in full is a small fraction of hashing it (which was a twelfth of
    /// a cache hit). A token differing in any character is hashed anew.
    /// </summary>
    public static TokenHash Key(ReadOnlySpan<char> token)
    {
        if (lastHashed is { } last && token.SequenceEqual(last.Token))
        {
            return last.Key;
        }

        var key = Hash(token);
        lastHashed = new HashedToken(token.ToString(), key);
        return key;
    }

    private static TokenHash Hash(ReadOnlySpan<char> token)
    {
        var length = Encoding.UTF8.GetByteCount(token);
        var rented = length > StackBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            // Exactly the token's length: a stack buffer is zeroed first, and a fixed 4 KB one cost more than the hash.
            Span<byte> utf8 = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            Encoding.UTF8.GetBytes(token, utf8);
            SHA256.HashData(utf8, hash);
            return new TokenHash(BinaryPrimitives.ReadUInt128LittleEndian(hash), BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The principal a still-valid cached token stands for, the same instance for every request that sends the token.
    /// Nothing in the gateway changes a principal after validation (no claims transformation, no handler adds claims), so
    /// one principal is shared rather than copied per request: copying its identities was a tenth of a cache hit.
    /// </summary>
    public bool TryGet(TokenHash key, out CachedToken token)
    {
        if (_entries.TryGetValue(key, out CachedToken? entry) && entry is not null)
        {
            if (_time.GetUtcNow() < entry.TrustedUntil)
            {
                _lookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));
                token = entry;
                return true;
            }

            _entries.Remove(key);
        }

        _lookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));
        token = null!;
        return false;
    }

    /// <summary>Remembers a token that has just passed validation (and the events that follow it).</summary>
    public void Remember(TokenHash key, ClaimsPrincipal principal, DateTime validFromUtc, DateTime validToUtc)
    {
        // A token without exp is never remembered: nothing would bound it but the entry lifetime.
        if (validToUtc == DateTime.MinValue)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validToUtc, DateTimeKind.Utc));
        var trustedUntil = Min(expires, now + _options.MaxEntryLifetime);
        if (trustedUntil <= now)
        {
            return;
        }

        DateTimeOffset? issued = validFromUtc == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(validFromUtc, DateTimeKind.Utc));
        _entries.Set(key, new CachedToken(Copy(principal), trustedUntil, issued, expires), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = trustedUntil });
    }

    public void Dispose() => _entries.Dispose();

    // The cache keeps identities of its own, apart from the first request's, which later events of that request may still see.
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(i => i.Clone()));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>A token's SHA-256, the cache's key: two 128-bit halves, compared by value.</summary>
internal readonly record struct TokenHash(UInt128 First, UInt128 Second);

/// <summary>A token and its hash, as a thread last computed it.</summary>
internal sealed record HashedToken(string Token, TokenHash Key);

/// <summary>A remembered token: its principal, how long it is trusted here, and its own validity.</summary>
internal sealed record CachedToken(ClaimsPrincipal Principal, DateTimeOffset TrustedUntil, DateTimeOffset? IssuedUtc, DateTimeOffset ExpiresUtc);

/// <summary>
/// Puts the cache in front of the JWT bearer handler through its events, so that it serves the
/// development handler and Microsoft.Identity.Web alike (both are the <c>Bearer</c> scheme's
/// <see cref="JwtBearerHandler"/>). A hit skips validation and the events that follow it; they ran,
/// with the same outcome, when the token was first validated.
/// </summary>
internal sealed class ValidatedTokenCacheEvents(ValidatedTokenCache cache) : IPostConfigureOptions<JwtBearerOptions>
{
    private static readonly object KeyItem = new();

    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme || !cache.Enabled)
        {
            return;
        }

        options.Events ??= new JwtBearerEvents();
        var messageReceived = options.Events.OnMessageReceived;
        var tokenValidated = options.Events.OnTokenValidated;
        options.Events.OnMessageReceived = async context =>
        {
            await messageReceived(context);
            var token = context.Token is { } set ? set.AsSpan() : BearerToken(context.Request);
            if (context.Result is not null || token.IsEmpty)
            {
                return;
            }

            var key = ValidatedTokenCache.Key(token);
            if (!cache.TryGet(key, out var cached))
            {
                context.HttpContext.Items[KeyItem] = key;
                return;
            }

            // What the handler itself records on success.
            context.Principal = cached.Principal;
            context.Properties.IssuedUtc = cached.IssuedUtc;
            context.Properties.ExpiresUtc = cached.ExpiresUtc;
            if (context.Options.SaveToken)
            {
                context.Properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token.ToString() }]);
            }

            context.Success();
        };
        options.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            // An event may still refuse the token (Fail, NoResult): only an accepted one is remembered.
            if (context.Result is { Succeeded: false } || context.Principal is null
                || context.HttpContext.Items[KeyItem] is not TokenHash key)
            {
                return;
            }

            cache.Remember(key, context.Principal, context.SecurityToken.ValidFrom, context.SecurityToken.ValidTo);
        };
    }

    /// <summary>The token the handler would read: <c>Authorization: Bearer ...</c>.</summary>
    private static ReadOnlySpan<char> BearerToken(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization.AsSpan("Bearer ".Length).Trim()
            : default;
    }
}

/// <summary>Checks <see cref="ValidatedTokenCacheOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class ValidatedTokenCacheOptionsValidator : IValidateOptions<ValidatedTokenCacheOptions>;
