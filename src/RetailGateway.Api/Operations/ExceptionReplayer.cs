using Microsoft.Extensions.Options;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Invoices;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Quotes;
using RetailGateway.Api.Returns;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.V2;
using JsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace RetailGateway.Api.Operations;

/// <summary>
/// The writes the queue records, and how each is sent again: through the same service the action
/// used, so that the Salesforce-id natural key and its lock make a replay idempotent. A replay runs under the
/// data scope of the client the entry was recorded for, not the operator's: what it finds and creates is that
/// client's, as it would have been the first time.
/// </summary>
internal sealed class ExceptionReplayer(IServiceScopeFactory scopes, IOptions<JsonOptions> json, BodyValidator validator)
{
    public const string SubmitOrder = "submitOrder";
    public const string CreateCustomer = "createCustomer";
    public const string UpsertCustomer = "upsertCustomerBySalesforceId";
    public const string UpdateCustomer = "updateCustomer";
    public const string CreateQuote = "createQuote";
    public const string AcceptQuote = "acceptQuote";
    public const string CreateReturn = "createReturn";
    public const string ReceiveReturn = "receiveReturn";
    public const string CreateCreditNote = "createCreditNote";

    /// <summary>
    /// The operations the queue records: the creating writes, whose replay a natural key makes safe,
    /// and the customer update, which sets the same values again; a quote's acceptance confirms nothing twice, nor a
    /// return's receipt (a received return is answered as it is).
    /// </summary>
    public static bool IsReplayable(string operation) =>
        operation is SubmitOrder or CreateCustomer or UpsertCustomer or UpdateCustomer or CreateQuote or AcceptQuote or CreateReturn or ReceiveReturn or CreateCreditNote;

    /// <summary>Sends the original request again; Odoo's refusals propagate as they did the first time.</summary>
    public async Task<(string ResourceId, ReplayOutcome Outcome)> ReplayAsync(QueuedException entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerScope>().Enter(entry.ClientId);
        var services = scope.ServiceProvider;
        return await ReplayAsync(entry, services, cancellationToken);
    }

    private async Task<(string ResourceId, ReplayOutcome Outcome)> ReplayAsync(QueuedException entry, IServiceProvider services, CancellationToken cancellationToken)
    {
        var orders = services.GetRequiredService<OrderService>();
        var customers = services.GetRequiredService<CustomerService>();
        var quotes = services.GetRequiredService<QuoteService>();
        var version = ApiVersions.For(entry.ApiVersion);
        var body = new StoredBody(entry.Body, json.Value.JsonSerializerOptions, validator);
        switch (entry.Operation)
        {
            case SubmitOrder:
            {
                var (order, outcome) = await orders.SubmitAsync(version.Orders.ReadSubmission(body), cancellationToken);
                return (order.Order.OrderId, Outcome(outcome));
            }

            case CreateCustomer:
            {
                var (customer, created) = await customers.CreateAsync(version.Customers.ReadInput(body), version.Customers, cancellationToken);
                return (customer.Customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case UpsertCustomer:
            {
                var (customer, created) = await customers.UpsertAsync(entry.SalesforceId!, version.Customers.ReadInput(body), version.Customers, cancellationToken);
                return (customer.Customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            // The original If-Match is not checked again: the operator replays after fixing the data, which changes the ETag.
            case UpdateCustomer:
                return ((await customers.UpdateAsync(Target(entry), version.Customers.ReadPatch(body), version.Customers, cancellationToken)).Customer.CustomerId, ReplayOutcome.Updated);

            case CreateQuote:
            {
                var (quote, created) = await quotes.CreateAsync(body.Read<QuoteSubmissionV2>(), cancellationToken);
                return (quote.QuoteId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case AcceptQuote:
            {
                var (order, accepted) = await quotes.AcceptAsync(Target(entry), cancellationToken);
                return (order.Order.OrderId, accepted ? ReplayOutcome.Confirmed : ReplayOutcome.Existing);
            }

            // The Case id in the return's origin finds one made by the first attempt: nothing is returned twice.
            case CreateReturn:
            {
                var (created, isNew) = await services.GetRequiredService<ReturnService>().CreateAsync(Target(entry), body.Read<ReturnSubmissionV2>(), cancellationToken);
                return (created.ReturnId, isNew ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case ReceiveReturn:
            {
                var (received, validated) = await services.GetRequiredService<ReturnService>().ReceiveAsync(Target(entry), cancellationToken);
                return (received.ReturnId, validated ? ReplayOutcome.Updated : ReplayOutcome.Existing);
            }

            // The Case id in the credit note's reference finds one made by the first attempt: nothing is credited twice.
            case CreateCreditNote:
            {
                var (creditNote, created) = await services.GetRequiredService<CreditNoteService>().CreateAsync(Target(entry), body.Read<CreditNoteSubmissionV2>(), cancellationToken);
                return (creditNote.InvoiceId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            default:
                throw new InvalidOperationException($"Operation '{entry.Operation}' is not replayable.");
        }
    }

    private static ReplayOutcome Outcome(SubmitOutcome submitted) => submitted switch
    {
        SubmitOutcome.Created => ReplayOutcome.Created,
        SubmitOutcome.Confirmed => ReplayOutcome.Confirmed,
        _ => ReplayOutcome.Existing,
    };

    private static string Target(QueuedException entry) =>
        entry.TargetId ?? throw new InvalidDataException("The recorded update names no record.");
}
