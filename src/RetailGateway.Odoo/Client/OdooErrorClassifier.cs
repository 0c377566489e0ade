using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace RetailGateway.Odoo.Client;

/// <summary>
/// The one place where anything that went wrong on the way to Odoo becomes an <see cref="OdooException"/>.
/// Messages are Odoo's user-facing <c>message</c> or a short description of the transport fault;
/// Odoo's traceback (<c>debug</c>) is never read, so it cannot leak.
/// </summary>
internal static class OdooErrorClassifier
{
    /// <summary>
    /// JSON-RPC puts every error in an HTTP 200 body. Treating it as a 500 lets an unknown exception
    /// name fall back the same way a JSON-2 500 does.
    /// </summary>
    public const HttpStatusCode JsonRpcErrorStatus = HttpStatusCode.InternalServerError;

    /// <summary>An error Odoo reported itself: JSON-RPC <c>error.data</c> or a JSON-2 error body.</summary>
    public static OdooException FromOdooError(string? name, string? message, HttpStatusCode status, TimeSpan? retryAfter)
    {
        var failure = ByName(name) ?? ByStatus(status);
        var text = string.IsNullOrWhiteSpace(message) ? $"Odoo answered HTTP {(int)status} ({name ?? "no error name"})." : message;
        return new OdooException(failure, text, name) { RetryAfter = retryAfter };
    }

    /// <summary>A non-success HTTP status whose body is not Odoo's JSON (a proxy page, Odoo's HTML error page).</summary>
    public static OdooException FromHttpStatus(HttpStatusCode status, TimeSpan? retryAfter) =>
        new(ByStatus(status), $"Odoo answered HTTP {(int)status} without an Odoo error body.") { RetryAfter = retryAfter };

    /// <summary>A success status whose body is not the JSON Odoo sends: a truncated answer or a page from something in between.</summary>
    public static OdooException MalformedBody(JsonException? cause) =>
        new(OdooFailure.Unavailable, "Odoo answered with a body that is not valid JSON.", null, cause);

    /// <summary>
    /// Valid JSON that does not read as the result the call expects: an object where a list of records belongs, a record
    /// without its id, text where a quantity belongs. Odoo is not the Odoo the gateway was written against.
    /// </summary>
    public static OdooException UnreadableResult(string model, string method, JsonException? cause = null) =>
        new(OdooFailure.ProtocolMismatch, $"Odoo answered {model}.{method} with a result the gateway cannot read.", null, cause);

    /// <summary>JSON-2 was configured but <c>/web/version</c> does not report Odoo 19 or newer.</summary>
    public static OdooException NoJson2() =>
        new(OdooFailure.ProtocolMismatch, "Odoo:Protocol is Json2 but the server does not report Odoo 19 or newer at /web/version.");

    /// <summary>JSON-RPC login answered <c>false</c>: Odoo's way of saying the username or key is wrong.</summary>
    public static OdooException LoginRefused() =>
        new(OdooFailure.Authentication, "Odoo refused the configured username or API key.");

    /// <summary>
    /// Faults below HTTP, and the resilience pipeline's own refusals (timeouts, an open circuit, a
    /// call shed at the concurrency limit). Returns false for the caller's own cancellation, which
    /// must propagate as an <see cref="OperationCanceledException"/>, and for anything that is a bug
    /// rather than a fault.
    /// </summary>
    public static bool TryClassifyTransportFault(Exception exception, CancellationToken callerToken, [NotNullWhen(true)] out OdooException? classified)
    {
        classified = exception switch
        {
            TimeoutRejectedException =>
                new OdooException(OdooFailure.Timeout, "Odoo did not answer within the gateway's time budget.", null, exception),
            BrokenCircuitException broken =>
                new OdooException(OdooFailure.Unavailable, "Odoo has been failing; the gateway is not calling it for a while.", null, exception) { RetryAfter = broken.RetryAfter },
            RateLimiterRejectedException shed =>
                new OdooException(OdooFailure.Unavailable, "The gateway is at its limit of concurrent Odoo calls; the call was shed.", null, exception) { RetryAfter = shed.RetryAfter },
            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            OperationCanceledException when !callerToken.IsCancellationRequested =>
                new OdooException(OdooFailure.Timeout, "Odoo did not answer in time.", null, exception),
            HttpRequestException or IOException =>
                new OdooException(OdooFailure.Unavailable, "The connection to Odoo failed.", null, exception),
            _ => null,
        };
        return classified is not null;
    }

    private static OdooFailure? ByName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        // Database errors (a lost connection, a serialization conflict, an unknown database) are the server's trouble.
        if (name.StartsWith("psycopg2.", StringComparison.Ordinal))
        {
            return OdooFailure.Unavailable;
        }

        // Match on the class name so the module path (odoo.exceptions, odoo.http, builtins, werkzeug.exceptions) does not matter.
        var className = name[(name.LastIndexOf('.') + 1)..];
        return className switch
        {
            "ValidationError" or "UserError" or "RedirectWarning" => OdooFailure.BusinessRule,
            "MissingError" => OdooFailure.NotFound,
            "AccessDenied" or "Unauthorized" => OdooFailure.Authentication,
            "AccessError" or "Forbidden" => OdooFailure.Authorization,
            "ValueError" or "AttributeError" or "KeyError" or "TypeError"
                or "NotFound" or "BadRequest" or "MethodNotAllowed" or "UnsupportedMediaType" => OdooFailure.ProtocolMismatch,
            "SessionExpiredException" or "SessionExpired" or "ServiceUnavailable" => OdooFailure.Unavailable,
            _ => null,
        };
    }

    private static OdooFailure ByStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => OdooFailure.Authentication,
        HttpStatusCode.Forbidden => OdooFailure.Authorization,
        HttpStatusCode.UnprocessableEntity => OdooFailure.BusinessRule,
        HttpStatusCode.TooManyRequests => OdooFailure.Unavailable,
        // A 504 from a proxy is still "Odoo is not answering": the caller may try again later.
        HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => OdooFailure.Unavailable,
        // Any other 4xx means Odoo did not understand what we sent (a 404 on /json/2 is a server without JSON-2).
        _ => OdooFailure.ProtocolMismatch,
    };
}
