using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Caching;

/// <summary>Strong ETags over the JSON a resource is served as: equal bytes, equal tag, on every instance.</summary>
internal static class ETags
{
    public static string Compute(ReadOnlySpan<byte> body) => $"\"{Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16))}\"";

    public static byte[] Serialize(object value, JsonSerializerOptions options) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);

    /// <summary>True when an <c>If-None-Match</c> / <c>If-Match</c> list names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool Matches(StringValues header, string etag) =>
        EntityTagHeaderValue.TryParseList(header, out var tags)
        && tags.Any(t => t.Tag == "*" || t.Tag == etag);

    /// <summary>Refuses a write whose <c>If-Match</c> does not name the current representation (412).</summary>
    public static void RequireMatch(HttpRequest request, object? current, JsonSerializerOptions options)
    {
        var header = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return;
        }

        if (current is null || !Matches(header, Compute(Serialize(current, options))))
        {
            throw new ApiProblemException(
                StatusCodes.Status412PreconditionFailed,
                ErrorCodes.PreconditionFailed,
                "Precondition failed",
                "The resource changed since the ETag in If-Match was read. Read it again and retry.");
        }
    }
}

/// <summary>
/// Every successful GET answers with an <c>ETag</c>; a matching <c>If-None-Match</c> gets 304 with no
/// body. The body is written as bytes: a cached value's were made when it was loaded, any other
/// value is serialized once, here.
/// </summary>
/// <remarks>
/// A <see cref="StaleAnswer"/> carries its marker headers (and, where the version shows it, body members) and is
/// never a 304: Odoo did not confirm that the caller's copy is current, and a 304's missing body would hide the
/// marker from Flow. Its ETag is that of the bytes sent, so a marked body never shares a fresh one's tag.
/// </remarks>
internal sealed class ETagFilter(IOptions<JsonOptions> json, Representations representations, TimeProvider time) : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method)
            || context.Result is not ObjectResult { Value: { } value, StatusCode: null or StatusCodes.Status200OK })
        {
            await next();
            return;
        }

        byte[] body;
        string etag;
        if (representations.TryGet(value, out var representation))
        {
            (body, etag) = (representation!.Body, representation.ETag);
        }
        else
        {
            body = ETags.Serialize(value, json.Value.JsonSerializerOptions);
            etag = ETags.Compute(body);
        }

        var stale = context.HttpContext.Features.Get<StaleAnswer>();
        var candidate = context.HttpContext.Features.Get<SnapshotCandidate>();
        if (stale is not null)
        {
            stale.WriteHeaders(context.HttpContext.Response, time.GetUtcNow());
            var marked = stale.MarkBody(context.HttpContext, body);
            (body, etag) = ReferenceEquals(marked, body) ? (body, etag) : (marked, ETags.Compute(marked));
            candidate?.Refuse();
        }
        else
        {
            candidate?.Wrote(body, etag);
        }

        context.HttpContext.Response.Headers.ETag = etag;
        context.Result = stale is null && ETags.Matches(context.HttpContext.Request.Headers.IfNoneMatch, etag)
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new JsonBytesResult(body);
        await next();
    }

    private sealed class JsonBytesResult(byte[] body) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
        }
    }
}
