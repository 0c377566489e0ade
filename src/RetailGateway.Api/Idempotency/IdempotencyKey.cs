using System.Globalization;

namespace RetailGateway.Api.Idempotency;

/// <summary>The <c>Idempotency-Key</c> header: 1 to 255 printable characters, bare or as an RFC 8941 quoted string.</summary>
internal static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>
    /// The key as the stores know it: one client's, never another's. The client id (whatever the token's
    /// <c>azp</c>/<c>appid</c> says) may hold any character, so it goes in with its length: joined with a
    /// bare separator, client <c>orgC:x</c> with key <c>K</c> would be client <c>orgC</c> with key <c>x:K</c>.
    /// </summary>
    public static string Scoped(string clientId, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{clientId.Length}:{clientId}:{key}");

    public static bool TryParse(string? header, out string key)
    {
        key = string.Empty;
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var value = header;
        if (value[0] == '"')
        {
            // A value that opens a quoted string must be one.
            if (value.Length < 2 || value[^1] != '"')
            {
                return false;
            }

            value = value[1..^1];
            // An RFC 8941 string escapes only backslash and double quote.
            if (value.Replace("\\\\", string.Empty, StringComparison.Ordinal).Replace("\\\"", string.Empty, StringComparison.Ordinal).Contains('"', StringComparison.Ordinal))
            {
                return false;
            }

            value = value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        if (value.Length is 0 or > MaxLength || value.Any(c => c is < ' ' or > '~'))
        {
            return false;
        }

        key = value;
        return true;
    }
}

/// <summary>The <c>Idempotency-Key</c> a request sent, parsed once: absent, valid (with the key) or invalid.</summary>
internal readonly record struct IdempotencyKeyHeader(IdempotencyKeyState State, string? Key)
{
    public static IdempotencyKeyHeader Absent { get; } = new(IdempotencyKeyState.Absent, null);

    /// <summary>A header sent empty is a malformed key, not a request without one.</summary>
    public static IdempotencyKeyHeader Read(IHeaderDictionary headers) =>
        !headers.TryGetValue(IdempotencyKey.Header, out var values) ? Absent
        : IdempotencyKey.TryParse(values.ToString(), out var key) ? new(IdempotencyKeyState.Valid, key)
        : new(IdempotencyKeyState.Invalid, null);
}

internal enum IdempotencyKeyState
{
    Absent,
    Valid,
    Invalid,
}
