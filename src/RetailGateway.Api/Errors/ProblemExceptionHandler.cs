using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;
using RetailGateway.Api.SharedState;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Errors;

/// <summary>
/// The one place where exceptions become problem responses: the gateway's own refusals, Odoo's
/// classified failures, Redis away where a request needs it, and request bodies Kestrel refused. Anything else is a bug: it is logged
/// and answered with a bare 500 problem that reveals nothing.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Known(httpContext, exception);
        if (problem is null)
        {
            LogUnhandled(logger, exception);
            problem = Problem(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "Internal error", "The gateway failed unexpectedly. Quote the trace id to the operators.");
        }

        return await WriteAsync(httpContext, exception, problem);
    }

    /// <summary>
    /// Answers an exception the gateway knows (its own refusals, Odoo's failures, Redis away, a refused body); false, with
    /// nothing written, for any other. For <see cref="ProblemExceptionFilter"/>, which answers an action's exceptions where
    /// they surface instead of unwinding them through every middleware to this handler.
    /// </summary>
    public async ValueTask<bool> TryAnswerKnownAsync(HttpContext httpContext, Exception exception) =>
        Known(httpContext, exception) is { } problem && await WriteAsync(httpContext, exception, problem);

    private ApiProblem? Known(HttpContext httpContext, Exception exception) => exception switch
    {
        ApiProblemException refused => refused.ToProblem(),
        OdooException odoo => FromOdoo(httpContext, odoo),
        _ when SharedStateSetup.IsOutage(exception) => StateUnavailable(httpContext, exception),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Payload too large", "The request body is larger than the gateway accepts."),
        BadHttpRequestException bad => Problem(bad.StatusCode, ErrorCodes.MalformedRequest, "Malformed request", "The request could not be read."),
        OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
            Problem(499, ErrorCodes.MalformedRequest, "Client closed request", "The caller went away."),
        _ => null,
    };

    private async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, ApiProblem problem)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is ApiProblemException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = ProblemSetup.DelaySeconds(retryAfter);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private ApiProblem FromOdoo(HttpContext httpContext, OdooException odoo)
    {
        LogOdooFailure(logger, odoo.Failure, odoo.OdooErrorName);
        return odoo.Failure switch
        {
            OdooFailure.BusinessRule => Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.OdooRejected, "Odoo refused the request", odoo.Message),
            OdooFailure.NotFound => Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", "The record does not exist in Odoo."),
            OdooFailure.Authentication or OdooFailure.Authorization =>
                Problem(StatusCodes.Status502BadGateway, ErrorCodes.OdooCredentials, "Odoo refused the gateway", "Odoo refused the gateway's own credentials or rights. The operators have to fix the gateway's Odoo user."),
            OdooFailure.ProtocolMismatch =>
                Problem(StatusCodes.Status502BadGateway, ErrorCodes.OdooIncompatible, "Odoo answered unexpectedly", "Odoo did not understand the gateway's call or answered in an unexpected shape."),
            OdooFailure.Timeout => Problem(StatusCodes.Status504GatewayTimeout, ErrorCodes.OdooTimeout, "Odoo too slow", "Odoo did not answer in time. Retry later."),
            _ => Unavailable(httpContext, odoo),
        };
    }

    /// <summary>
    /// Redis away where the gateway cannot go on without it (an order to queue has nowhere to wait): "not now", like
    /// Odoo shedding, so that Salesforce retries the same request once Redis is back.
    /// </summary>
    private ApiProblem StateUnavailable(HttpContext httpContext, Exception exception)
    {
        LogStateUnavailable(logger, exception.GetType().Name);
        httpContext.Response.Headers.RetryAfter = ProblemSetup.DelaySeconds(TimeSpan.FromSeconds(5));
        return Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.StateUnavailable, "Shared state unavailable",
            "The gateway's shared store is not answering. Retry after the time in Retry-After.");
    }

    private static ApiProblem Unavailable(HttpContext httpContext, OdooException odoo)
    {
        var retryAfter = odoo.RetryAfter is { } after && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(5);
        httpContext.Response.Headers.RetryAfter = ProblemSetup.DelaySeconds(retryAfter);
        return Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.OdooUnavailable, "Odoo unavailable", "Odoo is unavailable or overloaded. Retry after the time in Retry-After.");
    }

    private static ApiProblem Problem(int status, string errorCode, string title, string detail) => new()
    {
        Status = status,
        ErrorCode = errorCode,
        Title = title,
        Detail = detail,
    };

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Odoo call failed: {Failure} ({OdooErrorName})")]
    private static partial void LogOdooFailure(ILogger logger, OdooFailure failure, string? odooErrorName);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Shared state unavailable for a request that needs it: {ExceptionType}")]
    private static partial void LogStateUnavailable(ILogger logger, string exceptionType);
}

/// <summary>
/// Answers the exceptions the gateway knows as they leave an action (or its action filters, which see them first: the
/// exception queue records Odoo's refusals there), with the same problem as <see cref="ProblemExceptionHandler"/>.
/// Under load a 503 from a shed Odoo call is everyday traffic, and rethrowing it through every middleware's async layer
/// cost CPU and memory; an unknown exception still goes on to the handler, which logs it and answers 500. Headers set
/// before the action (the client's <c>RateLimit</c>) stay, as they do on a 429.
/// </summary>
internal sealed class ProblemExceptionFilter(ProblemExceptionHandler handler) : IAsyncExceptionFilter
{
    public async Task OnExceptionAsync(ExceptionContext context)
    {
        if (!context.HttpContext.Response.HasStarted)
        {
            context.ExceptionHandled = await handler.TryAnswerKnownAsync(context.HttpContext, context.Exception);
        }
    }
}

