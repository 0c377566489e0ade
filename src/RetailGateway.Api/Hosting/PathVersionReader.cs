using System.Globalization;
using Asp.Versioning;
using Asp.Versioning.ApiExplorer;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// The URL-segment API version (<c>/api/v{version}/…</c>), read from the path's second segment.
/// </summary>
/// <remarks>
/// Asp.Versioning's own URL-segment reading builds a route template matcher for the versioned routes on every request
/// to find the version in the path (a tenth of a cache hit's time in a profile). This reader tells routing that the
/// version is not a route-template value, so routing asks it instead, and tells the API explorer that it is in the
/// path, so the OpenAPI documents substitute it exactly as before. The <c>{version:apiVersion}</c> route constraint still
/// checks the segment when a route matches.
/// </remarks>
internal sealed class PathVersionReader : UrlSegmentApiVersionReader
{
    private const string Prefix = "/api/v";

    // The answer for each one-digit version, made once: routing asks on every request.
    private static readonly string[][] OneDigit = [.. Enumerable.Range(0, 10).Select(d => new[] { d.ToString(CultureInfo.InvariantCulture) })];

    public override IReadOnlyList<string> Read(HttpRequest request)
    {
        var version = Segment(request.Path.Value);
        return version switch
        {
            [] => [],
            [var digit] when char.IsAsciiDigit(digit) => OneDigit[digit - '0'],
            _ => [version.ToString()],
        };
    }

    /// <summary>The version as the path names it: what follows <c>/api/v</c> up to the next <c>/</c>; empty if the path has none.</summary>
    public static ReadOnlySpan<char> Segment(string? path)
    {
        if (path is null || !path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        var rest = path.AsSpan(Prefix.Length);
        var end = rest.IndexOf('/');
        return end < 0 ? rest : rest[..end];
    }

    public override void AddParameters(IApiVersionParameterDescriptionContext context)
    {
        if (context is ApiVersionParameterDescriptionContext)
        {
            base.AddParameters(context);
        }
    }
}
