using System.ComponentModel.DataAnnotations;
using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Security;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Orders;

/// <summary>Sales orders (v2): as v1, and an order may name one of the customer's shipping addresses.</summary>
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/orders")]
internal sealed class OrdersV2Controller(OrderService orders) : ApiControllerBase
{
    /// <summary>Submit an order: create it in Odoo and confirm it.</summary>
    /// <remarks>
    /// Lines name products by SKU. If an order with the same <c>salesforceId</c> exists for the
    /// customer, it is returned with 200 and nothing is created. With <c>Prefer: respond-async</c> the
    /// order is validated and queued, and the answer is 202 with the status URL in <c>Location</c>.
    /// </remarks>
    [HttpPost]
    [Authorize(Policy = Permissions.OrdersWrite)]
    [Idempotent(Required = true)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    [Consumes("application/json")]
    [ProducesResponseType<OrderV2>(StatusCodes.Status201Created)]
    [ProducesResponseType<OrderV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<OrderSubmissionStatus>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<OrderV2>> SubmitOrder([FromBody] OrderSubmissionV2 order, [FromServices] OrderIntake intake, CancellationToken cancellationToken)
    {
        if (OrderIntake.RespondAsync(Request))
        {
            return await intake.EnqueueAsync(order, 2, order.SalesforceId!, Request, cancellationToken);
        }

        var (submitted, outcome) = await orders.SubmitV2Async(order, cancellationToken);
        return outcome == SubmitOutcome.Created ? CreatedAt("orders", submitted.OrderId, submitted) : Ok(submitted);
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
    [ProducesResponseType<ChangePage<OrderV2>>(StatusCodes.Status200OK)]
    public Task<ChangePage<OrderV2>> GetOrderChanges([FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        orders.ChangesV2Async(cursor, limit, cancellationToken);

    /// <summary>Get an order with its lines, totals, shipments and invoices.</summary>
    [HttpGet("{orderId}")]
    [Authorize(Policy = Permissions.OrdersRead)]
    [ProducesResponseType<OrderV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<OrderV2> GetOrder(string orderId, CancellationToken cancellationToken) =>
        orders.GetV2Async(orderId, cancellationToken);

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
    [ProducesResponseType<Page<OrderV2>>(StatusCodes.Status200OK)]
    public Task<Page<OrderV2>> ListOrders(
        [FromQuery] string? customerId,
        [FromQuery, RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string? salesforceId,
        [FromQuery] OrderStatus? status,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        orders.ListV2Async(new OrderSearch(customerId, salesforceId, status, updatedSince, limit, cursor), cancellationToken);

    /// <summary>Cancel an order.</summary>
    /// <remarks>Cancelling a cancelled order returns it unchanged. A shipped order cannot be cancelled (422).</remarks>
    [HttpPost("{orderId}/cancel")]
    [Authorize(Policy = Permissions.OrdersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<OrderV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public Task<OrderV2> CancelOrder(string orderId, CancellationToken cancellationToken) =>
        orders.CancelV2Async(orderId, cancellationToken);
}
