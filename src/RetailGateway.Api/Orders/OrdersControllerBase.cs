using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Orders;

/// <summary>
/// The order operations, the same in every API version: a version's controller derives from this
/// with its records and its mapping (<see cref="IOrderVersion{TOrder, TSubmission}"/>), and adds only its
/// version and route.
/// </summary>
// The 200 responses name no type (an attribute cannot name a type parameter): ApiExplorer takes it from the declared return type.
// Submission is declared by each version's controller: v1 also queues with Prefer: respond-async, v2 has an operation of its own for that.
internal abstract class OrdersControllerBase<TOrder, TSubmission>(OrderService orders, IOrderVersion<TOrder, TSubmission> version) : ApiControllerBase
    where TOrder : class
{
    /// <summary>The mapping of the controller's API version.</summary>
    protected IOrderVersion<TOrder, TSubmission> Version { get; } = version;

    /// <summary>Creates and confirms the order in Odoo: 201 with its URL, or 200 with the order already submitted under its <c>salesforceId</c>.</summary>
    protected async Task<ActionResult<TOrder>> SubmitNowAsync(TSubmission order, CancellationToken cancellationToken)
    {
        var (submitted, outcome) = await orders.SubmitAsync(Version.ToNewOrder(order), cancellationToken);
        var resource = Version.ToResource(submitted);
        return outcome == SubmitOutcome.Created ? CreatedAt("orders", submitted.Order.OrderId, resource) : Ok(resource);
    }

    /// <summary>Orders whose status, delivery or invoicing changed in Odoo since the cursor, oldest change first.</summary>
    /// <remarks>
    /// For polling from Salesforce: start without a cursor, store <c>nextCursor</c>, and pass it back on
    /// the next poll; while <c>hasMore</c> is true, poll again at once. An order changed again later
    /// appears again. Changes show up after a settle window of a few seconds. Payments change invoices:
    /// follow them through the invoice changes.
    /// </remarks>
    /// <param name="cursor">The <c>nextCursor</c> of the previous poll; none to start from the oldest change.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cancellationToken">Aborted request.</param>
    // Order = -1: the literal segment wins over {orderId} by precedence already; this says so explicitly.
    [HttpGet("changes", Order = -1)]
    [Authorize(Policy = Permissions.OrdersRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<ChangePage<TOrder>> GetOrderChanges([FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        orders.ChangesAsync(cursor, limit, Version, cancellationToken);

    /// <summary>Get an order with its lines, totals, shipments and invoices.</summary>
    [HttpGet("{orderId}")]
    [ServesStale]
    [Authorize(Policy = Permissions.OrdersRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<TOrder> GetOrder(string orderId, CancellationToken cancellationToken) =>
        orders.GetAsync(orderId, Version, cancellationToken);

    /// <summary>List orders, oldest first.</summary>
    /// <param name="customerId">Only this customer's orders.</param>
    /// <param name="salesforceId">Only the order submitted with this Salesforce Order id.</param>
    /// <param name="status">Only orders in this status.</param>
    /// <param name="updatedSince">Only orders changed at or after this UTC time.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.OrdersRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<Page<TOrder>> ListOrders(
        [FromQuery] string? customerId,
        [FromQuery, RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string? salesforceId,
        [FromQuery] OrderStatus? status,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        orders.ListAsync(new OrderSearch(customerId, salesforceId, status, updatedSince, limit, cursor), Version, cancellationToken);

    /// <summary>Cancel an order.</summary>
    /// <remarks>
    /// Cancelling a cancelled order returns it unchanged. An order with a shipped delivery cannot be cancelled:
    /// 422 with the errorCode <c>order_shipped</c>, and nothing changes in Odoo.
    /// </remarks>
    [HttpPost("{orderId}/cancel")]
    [Authorize(Policy = Permissions.OrdersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public Task<TOrder> CancelOrder(string orderId, CancellationToken cancellationToken) =>
        orders.CancelAsync(orderId, Version, cancellationToken);
}
