using System.Text.Json;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.V2;
using JsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace RetailGateway.Api.Operations;

/// <summary>
/// The writes the queue records, and how each is sent again: through the same service the action
/// used, so that the Salesforce-id natural key and its lock make a replay idempotent.
/// </summary>
internal sealed class ExceptionReplayer(IServiceProvider services, IOptions<JsonOptions> json, BodyValidator validator)
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
        var v2 = entry.ApiVersion >= 2;
        switch (entry.Operation)
        {
            case SubmitOrder when v2:
            {
                var (order, outcome) = await Orders.SubmitV2Async(Body<OrderSubmissionV2>(entry), cancellationToken);
                return (order.OrderId, Outcome(outcome));
            }

            case SubmitOrder:
            {
                var (order, outcome) = await Orders.SubmitAsync(Body<OrderSubmission>(entry), cancellationToken);
                return (order.OrderId, Outcome(outcome));
            }

            case CreateCustomer when v2:
            {
                var (customer, created) = await Customers.CreateV2Async(Body<CustomerInputV2>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case CreateCustomer:
            {
                var (customer, created) = await Customers.CreateAsync(Body<CustomerInput>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case UpsertCustomer when v2:
            {
                var (customer, created) = await Customers.UpsertV2Async(entry.SalesforceId!, Body<CustomerInputV2>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            case UpsertCustomer:
            {
                var (customer, created) = await Customers.UpsertAsync(entry.SalesforceId!, Body<CustomerInput>(entry), cancellationToken);
                return (customer.CustomerId, created ? ReplayOutcome.Created : ReplayOutcome.Existing);
            }

            // The original If-Match is not checked again: the operator replays after fixing the data, which changes the ETag.
            case UpdateCustomer when v2:
                return ((await Customers.UpdateV2Async(Target(entry), Body<CustomerPatchV2>(entry), cancellationToken)).CustomerId, ReplayOutcome.Updated);

            case UpdateCustomer:
                return ((await Customers.UpdateAsync(Target(entry), Body<CustomerPatch>(entry), cancellationToken)).CustomerId, ReplayOutcome.Updated);

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

    private OrderService Orders => services.GetRequiredService<OrderService>();

    private CustomerService Customers => services.GetRequiredService<CustomerService>();

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
