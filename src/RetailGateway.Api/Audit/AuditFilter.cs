using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Requests;
using RetailGateway.Api.Scopes;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Audit;

/// <summary>
/// One audit event for every write (<see cref="RequestFacts.KindOf"/>) on category
/// <see cref="Category"/>: who (client id), what (operation and resource ids), under which
/// <c>Idempotency-Key</c>, under which data scope, with which outcome (final status) and trace id. Never the payload, the
/// token or personal data: resource ids are taken from the route and from an allow-list of id members.
/// </summary>
internal sealed partial class AuditFilter(ILoggerFactory loggers) : IAsyncResourceFilter, IOrderedFilter
{
    public const string Category = "RetailGateway.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>Outside every other resource filter, so that idempotent replays are audited too.</summary>
    public int Order => int.MinValue;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var facts = http.Facts();
        if (facts.Kind == RequestKind.Read)
        {
            await next();
            return;
        }

        var operation = facts.OperationId ?? "unknown";
        // Every value below that a caller chose (route ids, the token's client id) is escaped: the audit line is a log line an attacker would like to forge.
        var clientId = LogText.Escape(facts.ClientId);
        var scope = http.RequestServices.GetRequiredService<CallerScope>().Describe() switch
        {
            "" => "none",
            var described => LogText.Escape(described),
        };
        var idempotencyKey = facts.IdempotencyKey switch
        {
            { State: IdempotencyKeyState.Valid, Key: { } key } => LogText.Escape(key),
            { State: IdempotencyKeyState.Invalid } => "invalid",
            _ => "none",
        };
        // The id problem responses carry, so that an audit line and a caller's error report meet.
        var traceId = Activity.Current?.Id ?? http.TraceIdentifier;
        var resources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.RouteData.Values)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && value is string id)
            {
                resources[name] = id;
            }
        }

        // Registered before the action runs; the outcome is read once the exception handler has had its say.
        http.Response.OnCompleted(() =>
        {
            if (!_logger.IsEnabled(LogLevel.Information))
            {
                return Task.CompletedTask;
            }

            var replayed = http.Response.Headers[IdempotencyFilter.ReplayedHeader] == "true";
            var resourceIds = string.Join(' ', resources.Select(r => $"{r.Key}={LogText.Escape(r.Value)}"));
            LogWrite(_logger, operation, clientId, scope, http.Response.StatusCode, resourceIds, idempotencyKey, replayed, traceId);
            return Task.CompletedTask;
        });

        var executed = await next();
        foreach (var (name, id) in ResourceIds((executed.Result as ObjectResult)?.Value))
        {
            resources[name] = id;
        }
    }

    /// <summary>The ids of a written resource; an allow-list, because every other member may be personal data.</summary>
    private static IEnumerable<(string Name, string Id)> ResourceIds(object? resource)
    {
        switch (resource)
        {
            case Customer customer:
                yield return ("customerId", customer.CustomerId);
                if (customer.SalesforceId is { } customerSalesforceId)
                {
                    yield return ("salesforceId", customerSalesforceId);
                }

                break;
            case Order order:
                yield return ("orderId", order.OrderId);
                yield return ("customerId", order.CustomerId);
                if (order.SalesforceId is { } orderSalesforceId)
                {
                    yield return ("salesforceId", orderSalesforceId);
                }

                break;
            case ReturnV2 returned:
                yield return ("returnId", returned.ReturnId);
                yield return ("orderId", returned.OrderId);
                if (returned.SalesforceId is { } caseId)
                {
                    yield return ("salesforceId", caseId);
                }

                break;
            case InvoiceV2 { Kind: InvoiceKind.CreditNote } creditNote:
                yield return ("creditNoteId", creditNote.InvoiceId);
                if (creditNote.ReversesInvoiceId is { } reversed)
                {
                    yield return ("invoiceId", reversed);
                }

                if (creditNote.SalesforceId is { } creditCaseId)
                {
                    yield return ("salesforceId", creditCaseId);
                }

                break;
            case QuoteV2 quote:
                yield return ("quoteId", quote.QuoteId);
                yield return ("customerId", quote.CustomerId);
                if (quote.SalesforceId is { } quoteSalesforceId)
                {
                    yield return ("salesforceId", quoteSalesforceId);
                }

                break;
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Write {Operation} by {ClientId} (scope={Scope}): {Status}; resources {ResourceIds}; idempotency key {IdempotencyKey}; replayed {Replayed}; trace {TraceId}")]
    private static partial void LogWrite(ILogger logger, string operation, string clientId, string scope, int status, string resourceIds, string idempotencyKey, bool replayed, string traceId);
}

internal static class AuditSetup
{
    /// <summary>Audits every write action of every controller.</summary>
    public static IServiceCollection AddGatewayAudit(this IServiceCollection services) =>
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add<AuditFilter>());
}
