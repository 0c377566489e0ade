using System.Globalization;
using System.Text;
using RetailGateway.Api.Requests;
using RetailGateway.Api.Versions;

namespace RetailGateway.Api.Caching;

/// <summary>
/// Marks a GET whose reads <see cref="ResourceCache"/> may answer from their last known copy while Odoo is unavailable.
/// Only GETs carry it: a write is never answered from a copy.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ServesStaleAttribute : Attribute;

/// <summary>
/// The request was answered from a last known copy loaded from Odoo at <see cref="AsOf"/> (a request feature set by
/// <see cref="ResourceCache"/>, read by <see cref="ETagFilter"/>).
/// </summary>
internal sealed record StaleAnswer(DateTimeOffset AsOf)
{
    /// <summary>RFC 9111 <c>Age</c>: seconds since the copy was loaded. Sent only on stale answers.</summary>
    public const string AgeHeader = "Age";

    /// <summary>When the copy was loaded from Odoo, ISO 8601 UTC: the same instant as the body's <c>asOf</c>.</summary>
    public const string StaleHeader = "X-RetailGateway-Stale";

    /// <summary>Of two copies in one answer, the older one says how stale the answer is.</summary>
    public StaleAnswer OlderOf(StaleAnswer? other) => other is not null && other.AsOf < AsOf ? other : this;

    /// <summary>The marker headers, on every API version.</summary>
    public void WriteHeaders(HttpResponse response, DateTimeOffset now)
    {
        response.Headers[AgeHeader] = Math.Max(0, (long)(now - AsOf).TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers[StaleHeader] = AsOfText;
    }

    /// <summary>
    /// The body with <c>"stale":true</c> and <c>asOf</c> as its last members, for a version that shows them (Flow
    /// reads no headers); a frozen version's body stays as it is.
    /// </summary>
    public byte[] MarkBody(HttpContext context, byte[] body)
    {
        if (context.Facts().ApiVersion is not { } version || !ApiVersions.For(version).MarksStaleInBody || body is not [(byte)'{', .., (byte)'}'])
        {
            return body;
        }

        var members = Encoding.UTF8.GetBytes($"{(body.Length > 2 ? "," : string.Empty)}\"stale\":true,\"asOf\":\"{AsOfText}\"}}");
        return [.. body.AsSpan(0, body.Length - 1), .. members];
    }

    private string AsOfText => AsOf.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
