using System.Text.Json;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Scopes;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Orders;
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

    /// <summary>
    /// The operations the queue records: the creating writes, whose replay a natural key makes safe,
    /// and the customer update, which sets the same values again.
    /// </summary>
    public static bool IsReplayable(string operation) => operation is SubmitOrder or CreateCustomer or UpsertCustomer or UpdateCustomer;

    /// <summary>Sends the original request again; Odoo's refusals propagate as they did the first time.</summary>
    public async Task<(string ResourceId, ReplayOutcome Outcome)> ReplayAsync(QueuedException entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerScope>().Enter(entry.ClientId);
        return await ReplayAsync(entry, scope.ServiceProvider.GetRequiredService<OrderService>(), scope.ServiceProvider.GetRequiredService<CustomerService>(), cancellationToken);
    }

    private async Task<(string ResourceId, ReplayOutcome Outcome)> ReplayAsync(QueuedException entry, OrderService orders, CustomerService customers, CancellationToken cancellationToken)
    {
        var v2 = entry.ApiVersion >= 2;
        switch (entry.Operation)
        {
            case SubmitOrder when v2:
            {
                var (order, outcome) = await orders.SubmitV2Async(Body<OrderSubmissionV2>(entry), cancellationToken);
                return (order.OrderId, Outcome(outcome));
            }

            case SubmitOrder:
            {
                var (order, outcome) = await orders.SubmitAsync(Body<OrderSubmission>(entry), cancellationToken);
                return (order.OrderId, Outcome(outcome));
            }

            case CreateCustomer when v2:
            {
                var (customer, created) = await customers.CreateV2Async(Body<CustomerInputV2>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case CreateCustomer:
            {
                var (customer, created) = await customers.CreateAsync(Body<CustomerInput>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case UpsertCustomer when v2:
            {
                var (customer, created) = await customers.UpsertV2Async(entry.SalesforceId!, Body<CustomerInputV2>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case UpsertCustomer:
            {
                var (customer, created) = await customers.UpsertAsync(entry.SalesforceId!, Body<CustomerInput>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            // The original If-Match is not checked again: the operator replays after fixing the data, which changes the ETag.
            case UpdateCustomer when v2:
                return ((await customers.UpdateV2Async(Target(entry), Body<CustomerPatchV2>(entry), cancellationToken)).CustomerId, ReplayOutcome.Updated);

            case UpdateCustomer:
                return ((await customers.UpdateAsync(Target(entry), Body<CustomerPatch>(entry), cancellationToken)).CustomerId, ReplayOutcome.Updated);

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

    /// <summary>The recorded body, held to today's rules: it may have been recorded by a gateway that checked less.</summary>
    private T Body<T>(QueuedException entry)
        where T : class
    {
        var body = entry.Body.Deserialize<T>(json.Value.JsonSerializerOptions) ?? throw new InvalidDataException("The recorded request has no body.");
        validator.Validate(body);
        return body;
    }
}
