using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Orders;

/// <summary>Sales orders (v2): as v1, and an order may name one of the customer's shipping addresses.</summary>
[ApiVersion(2.0)]
// One resource in two classes: the shared name groups them, so both versions report every version of it (api-supported-versions).
[ControllerName("Orders")]
[Route("api/v{version:apiVersion}/orders")]
internal sealed class OrdersV2Controller(OrderService orders) : OrdersControllerBase<OrderV2, OrderSubmissionV2>(orders, V2Mapping.Instance)
{
    /// <summary>Submit an order: create it in Odoo and confirm it, and answer when Odoo has.</summary>
    /// <remarks>
    /// Lines name products by SKU. If an order with the same <c>salesforceId</c> exists for the
    /// customer, it is returned with 200 and nothing is created. To queue the order and be answered at
    /// once, use <c>POST /api/v2/order-submissions</c>; this operation does not honour
    /// <c>Prefer: respond-async</c> and, as RFC 7240 has servers do with a preference they do not
    /// support, ignores it and answers synchronously.
    /// </remarks>
    [HttpPost]
    [Authorize(Policy = Permissions.OrdersWrite)]
    [Idempotent(Required = true)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public Task<ActionResult<OrderV2>> SubmitOrder([FromBody] OrderSubmissionV2 order, CancellationToken cancellationToken) =>
        SubmitNowAsync(order, cancellationToken);
}
