using System.Net;
using System.Net.Http.Headers;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Transports;

/// <summary>
/// Sends one request to Odoo through the factory's named client and hands back the buffered answer.
/// Transport faults (resets, timeouts) and the resilience pipeline's refusals are classified here; HTTP answers are left to the transports,
/// which know their protocol's error shapes.
/// </summary>
internal sealed class OdooHttp(IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>The address of <paramref name="relativePath"/> under the configured Odoo URL (which may sit below a path prefix).</summary>
    public static Uri Endpoint(OdooOptions options, string relativePath)
    {
        var baseUrl = options.Url ?? throw new InvalidOperationException("Odoo:Url is not configured.");
        var text = baseUrl.AbsoluteUri;
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), relativePath);
    }

    public static ByteArrayContent JsonContent(byte[] body)
    {
        // Odoo's JSON-2 answers anything but application/json with a 415; no charset parameter needed.
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    public async Task<OdooHttpResponse> SendAsync(HttpRequestMessage request, bool safeToRetry, CancellationToken cancellationToken)
    {
        request.Options.Set(OdooRequest.IsSafeToRetry, safeToRetry);
        request.Options.Set(OdooRequest.ServesWrite, !safeToRetry || OdooWorkload.IsWrite);
        if (OdooWorkload.Deadline is { } deadline)
        {
            request.Options.Set(OdooRequest.Deadline, deadline);
        }

        // A client per call is how IHttpClientFactory is meant to be used from a singleton: handlers are pooled and rotated.
        var client = httpClientFactory.CreateClient(OdooServiceCollectionExtensions.HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new OdooHttpResponse(response.StatusCode, body, RetryAfter(response));
        }
        catch (Exception exception) when (OdooErrorClassifier.TryClassifyTransportFault(exception, cancellationToken, out var classified))
        {
            throw classified;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}

/// <summary>An HTTP answer from Odoo, fully read.</summary>
internal sealed record OdooHttpResponse(HttpStatusCode Status, ReadOnlyMemory<byte> Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}
