using System.Buffers.Text;
using System.Globalization;
using System.Text;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Changes;

/// <summary>
/// A place in a change feed: after record <see cref="Id"/> of the <c>write_date</c> second
/// <see cref="Second"/>. Feeds run in (second, id) order; Odoo returns <c>write_date</c> cut to whole
/// seconds, so a second — never a finer instant — is the unit the feed can compare on.
/// </summary>
/// <param name="Second">A whole UTC second, or null before the first change.</param>
/// <param name="Id">The last Odoo id handed out in that second (0: none yet).</param>
internal readonly record struct ChangePosition(DateTimeOffset? Second, long Id)
{
    private const string Prefix = "c1:";
    private const string StartText = "start";

    /// <summary>The last whole second a date can hold: a feed at it has no next second to read from, so no cursor names it.</summary>
    private static readonly long LastSecond = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static ChangePosition Start => new(null, 0);

    public string Encode()
    {
        var text = Second is { } second
            ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}{second.ToUnixTimeSeconds()}:{Id}")
            : Prefix + StartText;
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The position a cursor names; no cursor is the start; a cursor the gateway did not issue is a 400.</summary>
    public static ChangePosition Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return Start;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text == Prefix + StartText)
            {
                return Start;
            }

            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':') : [];
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds < LastSecond
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return new ChangePosition(DateTimeOffset.FromUnixTimeSeconds(seconds), id);
            }
        }
        catch (FormatException)
        {
            // Falls through to the problem below.
        }

        throw ApiProblemException.Invalid("cursor", "The cursor is not one the gateway issued. Start again without a cursor.", ErrorCodes.InvalidCursor);
    }
}
