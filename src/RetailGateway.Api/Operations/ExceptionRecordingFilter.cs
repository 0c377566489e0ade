using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Requests;
using RetailGateway.Api.SharedState;
using RetailGateway.Odoo.Client;
using JsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace RetailGateway.Api.Operations;

/// <summary>
/// Records every replayable write that Odoo refused for a business reason in the exception queue,
/// then lets the refusal go on to become the caller's 422 as before. An action filter, because only
/// here are both the bound request body and the action's outcome at hand.
/// </summary>
internal sealed partial class ExceptionRecordingFilter(
    IExceptionStore store,
    ExceptionNotifier notifier,
    TimeProvider time,
    IOptions<JsonOptions> json,
    ILogger<ExceptionRecordingFilter> logger) : IAsyncActionFilter
{
    /// <summary>The refusals an operator can act on: the data was wrong or missing, not the gateway or Odoo down.</summary>
    private static readonly HashSet<string> BusinessReasons =
        [
            ErrorCodes.OdooRejected, ErrorCodes.UnknownSku, ErrorCodes.AmbiguousSku, ErrorCodes.UnknownCustomer, ErrorCodes.UnknownShippingAddress,
            ErrorCodes.NothingDelivered, ErrorCodes.ReturnExceedsDelivered, ErrorCodes.ReturnSpansShipments, ErrorCodes.UnknownShipment, ErrorCodes.ReturnCancelled,
            ErrorCodes.InvoiceNotPosted, ErrorCodes.NotAnInvoice, ErrorCodes.RefundExceedsInvoiced,
        ];

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var executed = await next();
        if (executed.ExceptionHandled || context.ActionDescriptor is not ControllerActionDescriptor action)
        {
            return;
        }

        var refusal = executed.Exception switch
        {
            ApiProblemException { Status: StatusCodes.Status422UnprocessableEntity } refused when BusinessReasons.Contains(refused.ErrorCode) =>
                (Reason: refused.ErrorCode, Detail: refused.Message, refused.Errors),
            OdooException { Failure: OdooFailure.BusinessRule } odoo => (Reason: ErrorCodes.OdooRejected, Detail: odoo.Message, Errors: (IReadOnlyList<FieldError>)[]),
            _ => default,
        };
        var http = context.HttpContext;
        var facts = http.Facts();
        if (refusal.Reason is null || facts.OperationId is not { } operation || !ExceptionReplayer.IsReplayable(operation))
        {
            return;
        }

        var body = action.Parameters.FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body) is { } parameter
            && context.ActionArguments.TryGetValue(parameter.Name, out var value)
            ? JsonSerializer.SerializeToElement(value, parameter.ParameterType, json.Value.JsonSerializerOptions)
            // An action without a body (a quote's acceptance) is recorded with null: an undefined element cannot be stored.
            : JsonSerializer.SerializeToElement<object?>(null, json.Value.JsonSerializerOptions);
        var now = time.GetUtcNow();
        var entry = new QueuedException
        {
            ExceptionId = Guid.CreateVersion7(now).ToString("N"),
            Operation = operation,
            ApiVersion = facts.ApiVersion ?? 1,
            ClientId = facts.ClientId,
            IdempotencyKey = facts.IdempotencyKey.Key,
            SalesforceId = SalesforceId(context, body),
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "",
            Body = body,
            Reason = refusal.Reason,
            Detail = refusal.Detail,
            Errors = refusal.Errors,
            OccurredAt = now,
            UpdatedAt = now,
            Attempts = 1,
            Status = ExceptionStatus.Open,
            TargetId = Target(context),
        };
        try
        {
            // Not the request's token: the caller going away must not lose the record of its refusal.
            await store.AddAsync(entry, CancellationToken.None);
            LogRecorded(logger, entry.ExceptionId, operation, entry.Reason);
            notifier.Notify(entry);
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // The caller still gets its 422; the refusal is then only in the audit trail.
            LogNotRecorded(logger, operation, entry.Reason, exception.GetType().Name);
        }
    }

    /// <summary>
    /// The record a replay writes to again: the customer an update names, the quote an acceptance names, the order a
    /// return is created for, the return a receipt names, the invoice a credit note reverses.
    /// </summary>
    private static string? Target(ActionExecutingContext context) =>
        TargetRouteValues.Select(name => context.RouteData.Values.GetValueOrDefault(name) as string).FirstOrDefault(id => id is not null);

    private static readonly string[] TargetRouteValues = ["customerId", "quoteId", "orderId", "returnId", "invoiceId"];

    private static string? SalesforceId(ActionExecutingContext context, JsonElement body)
    {
        if (context.RouteData.Values.TryGetValue("salesforceId", out var routed) && routed is string fromRoute)
        {
            return fromRoute;
        }

        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("salesforceId", out var member) && member.ValueKind == JsonValueKind.String
            ? member.GetString()
            : null;
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Exception {ExceptionId} queued: {Operation} refused ({Reason})")]
    private static partial void LogRecorded(ILogger logger, string exceptionId, string operation, string reason);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Exception queue unavailable ({Failure}); {Operation} refusal ({Reason}) not queued")]
    private static partial void LogNotRecorded(ILogger logger, string operation, string reason, string failure);
}
