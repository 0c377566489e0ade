using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// The documented limits on a request's line and headers, answered as problems (414, 431). Kestrel refuses an
/// oversized request line or header block before any middleware runs, with an empty body and no way to add one;
/// so Kestrel's own limits are raised to a hard ceiling (<see cref="Configure"/>) and the documented ones are
/// enforced here, first in the pipeline. Beyond the ceiling Kestrel still answers, bare: that is the memory bound.
/// </summary>
internal static class RequestLimits
{
    /// <summary>The longest request line (<c>METHOD target HTTP/1.1</c> and CRLF) served: Kestrel's default.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>The largest header block served (each line <c>Name: value</c> and CRLF): Kestrel's default.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>The most header lines served: Kestrel's default.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>
    /// Kestrel's own limits, 4 times the documented ones: a connection may buffer this much before Kestrel refuses it
    /// without the gateway seeing it. Generous enough that a careless client meets the documented limit as a problem.
    /// </summary>
    public const int CeilingFactor = 4;

    public static void Configure(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxRequestLineSize = MaxRequestLineBytes * CeilingFactor;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes * CeilingFactor;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount * CeilingFactor;
    }

    /// <summary>Refuses a request over the documented limits with 414 or 431 problems. Call first.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        // "METHOD SP target SP version CRLF", as Kestrel counts it against MaxRequestLineSize.
        var requestLine = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2;
        if (requestLine > MaxRequestLineBytes)
        {
            return ProblemSetup.WriteAsync(context, new ApiProblem
            {
                Status = StatusCodes.Status414UriTooLong,
                ErrorCode = ErrorCodes.UrlTooLong,
                Title = "URL too long",
                Detail = string.Create(CultureInfo.InvariantCulture, $"The request line is {requestLine} bytes; the gateway accepts at most {MaxRequestLineBytes}. Send long lists in several requests."),
            });
        }

        var (lines, bytes) = (0, 0);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                lines++;
                // "Name: value CRLF", as Kestrel counts it against MaxRequestHeadersTotalSize.
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        if (lines > MaxRequestHeaderCount || bytes > MaxRequestHeadersBytes)
        {
            return ProblemSetup.WriteAsync(context, new ApiProblem
            {
                Status = StatusCodes.Status431RequestHeaderFieldsTooLarge,
                ErrorCode = ErrorCodes.HeadersTooLarge,
                Title = "Request headers too large",
                Detail = string.Create(CultureInfo.InvariantCulture, $"The request has {lines} header lines of {bytes} bytes; the gateway accepts at most {MaxRequestHeaderCount} lines and {MaxRequestHeadersBytes} bytes."),
            });
        }

        return next(context);
    });
}
