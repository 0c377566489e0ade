using System.Buffers.Text;
using System.Globalization;
using System.Text;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Paging;

/// <summary>
/// Keyset paging on Odoo ids: a page asks for the records after the last id, in id order, so pages never
/// overlap or skip, whatever changes between calls. The cursor is opaque to callers.
/// </summary>
internal static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const string Prefix = "v1:";

    public static string Encode(long lastId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The last id of the previous page, 0 without a cursor; a cursor the gateway did not issue is a 400.</summary>
    public static long Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && id > 0)
            {
                return id;
            }
        }
        catch (FormatException)
        {
            // Falls through to the problem below.
        }

        throw ApiProblemException.Invalid("cursor", "The cursor is not one the gateway issued. Start again without a cursor.", ErrorCodes.InvalidCursor);
    }

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw ApiProblemException.Invalid("limit", $"Must be between 1 and {MaxLimit}."),
    };

    /// <summary>Cuts the one extra record asked for and turns its presence into the next cursor.</summary>
    public static (IReadOnlyList<T> Items, string? NextCursor) Cut<T>(IReadOnlyList<T> fetched, int limit, Func<T, long> id)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        ArgumentNullException.ThrowIfNull(id);
        if (fetched.Count <= limit)
        {
            return (fetched, null);
        }

        var items = fetched.Take(limit).ToList();
        return (items, Encode(id(items[^1])));
    }
}

/// <summary>Parses the gateway's opaque resource ids (Odoo ids, as strings).</summary>
internal static class ResourceId
{
    /// <summary>What <see cref="Parse"/> takes, as a regular expression for the OpenAPI documents (a value past <see cref="long.MaxValue"/> is refused too).</summary>
    public const string Pattern = "^0*[1-9][0-9]*$";

    public static long Parse(string? value, string field) =>
        // Digits only: long.TryParse also takes trailing NUL characters ("4\0" is 4).
        value is { Length: > 0 } && value.All(char.IsAsciiDigit) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw ApiProblemException.Invalid(field, $"'{value}' is not a valid id: ids are positive whole numbers as strings.");

    public static long? ParseOptional(string? value, string field) => value is null ? null : Parse(value, field);
}
