using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;

namespace RetailGateway.Api.Requests;

/// <summary>
/// What the gateway's filters need to know about a request, decided once by <see cref="RequestFactsSetup.UseRequestFacts"/>
/// (right after authentication) and read by rate limiting, the Odoo workload, data scopes, audit, idempotency,
/// intake and the exception recorder, so that they cannot disagree about the same request.
/// </summary>
internal sealed record RequestFacts
{
    /// <summary>The operation's <c>operationId</c> in the OpenAPI document (<c>submitOrder</c>); null when no operation matched.</summary>
    public required string? OperationId { get; init; }

    /// <summary>The caller's client id from the token; <c>unknown</c> without one.</summary>
    public required string ClientId { get; init; }

    /// <summary>The <c>Idempotency-Key</c> header, parsed once, with whether it was sent and valid.</summary>
    public required IdempotencyKeyHeader IdempotencyKey { get; init; }

    /// <summary>Read or write, by method (see <see cref="KindOf"/>).</summary>
    public required RequestKind Kind { get; init; }

    /// <summary>The major API version the caller asked for; null outside the versioned API.</summary>
    public required int? ApiVersion { get; init; }

    /// <summary>
    /// The one read/write rule: the methods RFC 9110 (section 9.2.1) calls safe (GET, HEAD, OPTIONS, TRACE) are reads;
    /// every other method is a write. OPTIONS and HEAD change nothing and cost no Odoo write, so they spend the read
    /// budget, use no write capacity in Odoo and are not audited as writes.
    /// </summary>
    public static RequestKind KindOf(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            ? RequestKind.Read
            : RequestKind.Write;

    /// <summary>The <c>operationId</c> the OpenAPI document gives an action: its name in lower camel case (Apex-safe).</summary>
    public static string? OperationIdOf(ActionDescriptor action) =>
        action is ControllerActionDescriptor controllerAction
            ? char.ToLowerInvariant(controllerAction.ActionName[0]) + controllerAction.ActionName[1..]
            : null;

    /// <summary>Decides the facts of a request whose endpoint is matched and whose caller is authenticated (or not).</summary>
    public static RequestFacts Of(HttpContext context) => new()
    {
        OperationId = context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is { } action ? OperationIdOf(action) : null,
        ClientId = context.User.ClientId(),
        IdempotencyKey = IdempotencyKeyHeader.Read(context.Request.Headers),
        Kind = KindOf(context.Request.Method),
        ApiVersion = context.RequestedApiVersion?.MajorVersion,
    };
}

/// <summary>Whether a request is a read or a write; rate limits keep a budget for each.</summary>
internal enum RequestKind
{
    Read,
    Write,
}

internal static class RequestFactsSetup
{
    /// <summary>Decides the request's <see cref="RequestFacts"/>; after authentication, before everything that reads them.</summary>
    public static IApplicationBuilder UseRequestFacts(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Features.Set(RequestFacts.Of(context));
            return next(context);
        });

    /// <summary>The facts <see cref="UseRequestFacts"/> decided; a filter that runs without them is wired wrongly, not a request to guess for.</summary>
    public static RequestFacts Facts(this HttpContext context) =>
        context.Features.Get<RequestFacts>() ?? throw new InvalidOperationException("RequestFacts are decided by UseRequestFacts, which did not run for this request.");
}
