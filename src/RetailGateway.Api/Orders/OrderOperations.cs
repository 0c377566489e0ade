using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Orders;

/// <summary>
/// What an API version reads and writes for the order operations: the <see cref="OrderService"/> methods
/// for its records.
/// </summary>
internal sealed record OrderOperations<TOrder, TSubmission>(
    Func<TSubmission, CancellationToken, Task<(TOrder Order, SubmitOutcome Outcome)>> Submit,
    Func<string?, int?, CancellationToken, Task<ChangePage<TOrder>>> Changes,
    Func<string, CancellationToken, Task<TOrder>> Get,
    Func<OrderSearch, CancellationToken, Task<Page<TOrder>>> List,
    Func<string, CancellationToken, Task<TOrder>> Cancel)
    where TOrder : Order;
