using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Filters;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Requests;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Idempotency;

/// <summary>
/// Honours <c>Idempotency-Key</c> on a write (IETF draft, Stripe's practice): the first request with
/// a key runs and its successful response is kept; a retry with the same key and payload gets that
/// response replayed with <c>Idempotent-Replayed: true</c>; the same key with another payload is a
/// 422; while the first still runs, a 409 with <c>Retry-After</c>. Keys are scoped by client.
/// Failed requests (4xx, 5xx) are not kept, so the caller can fix and retry.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class IdempotentAttribute : Attribute, IFilterFactory
{
    /// <summary>When true, a request without a key is refused (400).</summary>
    public bool Required { get; init; }

    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => new IdempotencyFilter(
        Required,
        serviceProvider.GetRequiredService<IIdempotencyStore>(),
        serviceProvider.GetRequiredService<ILogger<IdempotentAttribute>>());
}

internal sealed partial class IdempotencyFilter(bool required, IIdempotencyStore store, ILogger logger) : IAsyncResourceFilter
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var facts = http.Facts();
        if (facts.IdempotencyKey.State == IdempotencyKeyState.Absent)
        {
            if (required)
            {
                context.Result = ProblemSetup.Refusal(ApiProblemException.Invalid(IdempotencyKey.Header, "This operation needs an Idempotency-Key header, unique per logical request.", ErrorCodes.IdempotencyKeyRequired));
                return;
            }

            await next();
            return;
        }

        if (facts.IdempotencyKey is not { State: IdempotencyKeyState.Valid, Key: { } key })
        {
            context.Result = ProblemSetup.Refusal(ApiProblemException.Invalid(IdempotencyKey.Header, $"Must be 1 to {IdempotencyKey.MaxLength} printable ASCII characters, bare or as a quoted string.", ErrorCodes.InvalidIdempotencyKey));
            return;
        }

        var scopedKey = IdempotencyKey.Scoped(facts.ClientId, key);
        var fingerprint = await FingerprintAsync(http.Request, http.RequestAborted);
        IdempotencyClaim claim;
        try
        {
            claim = await store.ClaimAsync(scopedKey, fingerprint, http.RequestAborted);
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // Without the store, Odoo's natural keys (Salesforce ids) still stop duplicates.
            LogStoreUnavailable(logger, exception.GetType().Name);
            await next();
            return;
        }

        // Refusals are answered here, not thrown: a retry while the first request runs is everyday traffic under load.
        switch (claim.Outcome)
        {
            case ClaimOutcome.Replay:
                await ReplayAsync(http, claim.Record.Response!);
                return;
            case ClaimOutcome.Mismatch:
                context.Result = ProblemSetup.Refusal(ApiProblemException.Unprocessable(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used with a different request. Use a new key for a new request."));
                return;
            case ClaimOutcome.InFlight:
                context.Result = ProblemSetup.Refusal(new ApiProblemException(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyInFlight, "Request in progress", "A request with this Idempotency-Key is still running. Retry after the time in Retry-After.")
                {
                    RetryAfter = TimeSpan.FromSeconds(1),
                });
                return;
        }

        await RunAndKeepAsync(context, next, claim);
    }

    private async Task RunAndKeepAsync(ResourceExecutingContext context, ResourceExecutionDelegate next, IdempotencyClaim claim)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        ResourceExecutedContext executed;
        try
        {
            executed = await next();
        }
        finally
        {
            http.Response.Body = original;
        }

        var succeeded = executed.Exception is null || executed.ExceptionHandled;
        var status = http.Response.StatusCode;
        try
        {
            if (succeeded && status is >= 200 and < 300)
            {
                var response = new StoredResponse(status, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, buffer.ToArray());
                // Not cancellable: the work is done in Odoo, so its response must be kept even if the caller went away.
                await store.CompleteAsync(claim, response, CancellationToken.None);
            }
            else
            {
                await store.ReleaseAsync(claim, CancellationToken.None);
            }
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            LogStoreUnavailable(logger, exception.GetType().Name);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext http, StoredResponse response)
    {
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        if (response.Location is not null)
        {
            http.Response.Headers.Location = response.Location;
        }

        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
    }

    /// <summary>What makes two requests "the same": method, path and the exact body bytes.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        // Pooled: a fresh 16 KB buffer per write was a third of what an order submission allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Idempotency store unavailable ({Failure}); relying on Odoo natural keys")]
    private static partial void LogStoreUnavailable(ILogger logger, string failure);
}
