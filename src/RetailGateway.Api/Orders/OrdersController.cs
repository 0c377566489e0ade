using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.Orders;

namespace RetailGateway.Api.Orders;

/// <summary>Sales orders: submit, read, list, cancel.</summary>
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/orders")]
internal sealed class OrdersController(OrderService orders) : OrdersControllerBase<Order, OrderSubmission>(orders, V1Mapping.Instance)
{
    /// <summary>Submit an order: create it in Odoo and confirm it.</summary>
    /// <remarks>
    /// Lines name products by SKU. If an order with the same <c>salesforceId</c> exists for the
    /// customer, it is returned with 200 and nothing is created. With <c>Prefer: respond-async</c> the
    /// order is validated and queued, and the answer is 202 with the status URL in <c>Location</c>
    /// and in <c>statusUrl</c>.
    /// </remarks>
    [HttpPost]
    [Authorize(Policy = Permissions.OrdersWrite)]
    [Idempotent(Required = true)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<OrderSubmissionStatus>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<Order>> SubmitOrder([FromBody] OrderSubmission order, [FromServices] OrderIntake intake, CancellationToken cancellationToken)
    {
        if (OrderIntake.RespondAsync(Request))
        {
            return await intake.EnqueueAsync(order, Version, Request, cancellationToken);
        }

        // Not queued, so no priority applies; a malformed one is refused all the same.
        _ = OrderIntake.RequestedPriority(Request);
        return await SubmitNowAsync(order, cancellationToken);
    }
}
