using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Orders;

/// <summary>
/// What an API version reads and writes for the order operations: the <see cref="OrderService"/> methods
/// for its records, and its major version number for the status URL of a queued submission.
/// </summary>
internal sealed record OrderOperations<TOrder, TSubmission>(
    int Version,
    Func<TSubmission, CancellationToken, Task<(TOrder Order, SubmitOutcome Outcome)>> Submit,
    Func<string?, int?, CancellationToken, Task<ChangePage<TOrder>>> Changes,
    Func<string, CancellationToken, Task<TOrder>> Get,
    Func<OrderSearch, CancellationToken, Task<Page<TOrder>>> List,
    Func<string, CancellationToken, Task<TOrder>> Cancel)
    where TOrder : Order;
