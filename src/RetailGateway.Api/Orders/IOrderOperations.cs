using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Orders;

/// <summary>What an API version reads and writes for the order operations: its records, over <see cref="OrderService"/>.</summary>
internal interface IOrderOperations<TOrder, in TSubmission>
{
    /// <summary>The major API version, for the status URL of a queued submission.</summary>
    int Version { get; }

    Task<(TOrder Order, SubmitOutcome Outcome)> SubmitAsync(TSubmission submission, CancellationToken cancellationToken);

    Task<ChangePage<TOrder>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken);

    Task<TOrder> GetAsync(string orderId, CancellationToken cancellationToken);

    Task<Page<TOrder>> ListAsync(OrderSearch search, CancellationToken cancellationToken);

    Task<TOrder> CancelAsync(string orderId, CancellationToken cancellationToken);
}

/// <summary>v1: orders ship to the customer's address.</summary>
internal sealed class OrderOperationsV1(OrderService orders) : IOrderOperations<Order, OrderSubmission>
{
    public int Version => 1;

    public Task<(Order Order, SubmitOutcome Outcome)> SubmitAsync(OrderSubmission submission, CancellationToken cancellationToken) =>
        orders.SubmitAsync(submission, cancellationToken);

    public Task<ChangePage<Order>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken) =>
        orders.ChangesAsync(cursor, limit, cancellationToken);

    public Task<Order> GetAsync(string orderId, CancellationToken cancellationToken) => orders.GetAsync(orderId, cancellationToken);

    public Task<Page<Order>> ListAsync(OrderSearch search, CancellationToken cancellationToken) => orders.ListAsync(search, cancellationToken);

    public Task<Order> CancelAsync(string orderId, CancellationToken cancellationToken) => orders.CancelAsync(orderId, cancellationToken);
}

/// <summary>v2: an order may name one of the customer's shipping addresses.</summary>
internal sealed class OrderOperationsV2(OrderService orders) : IOrderOperations<OrderV2, OrderSubmissionV2>
{
    public int Version => 2;

    public Task<(OrderV2 Order, SubmitOutcome Outcome)> SubmitAsync(OrderSubmissionV2 submission, CancellationToken cancellationToken) =>
        orders.SubmitV2Async(submission, cancellationToken);

    public Task<ChangePage<OrderV2>> ChangesAsync(string? cursor, int? limit, CancellationToken cancellationToken) =>
        orders.ChangesV2Async(cursor, limit, cancellationToken);

    public Task<OrderV2> GetAsync(string orderId, CancellationToken cancellationToken) => orders.GetV2Async(orderId, cancellationToken);

    public Task<Page<OrderV2>> ListAsync(OrderSearch search, CancellationToken cancellationToken) => orders.ListV2Async(search, cancellationToken);

    public Task<OrderV2> CancelAsync(string orderId, CancellationToken cancellationToken) => orders.CancelV2Async(orderId, cancellationToken);
}
