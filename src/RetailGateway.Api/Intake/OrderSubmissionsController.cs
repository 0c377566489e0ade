using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Intake;

/// <summary>Orders queued for submission to Odoo: queue one (v2), and see where each stands.</summary>
[ApiVersion(1.0)]
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/order-submissions")]
internal sealed class OrderSubmissionsController(OrderIntake intake) : ApiControllerBase
{
    /// <summary>Queue an order for submission to Odoo and answer at once.</summary>
    /// <remarks>
    /// The order is checked as <c>submitOrder</c> checks it before it calls Odoo (a malformed body or id is a 400 and queues
    /// nothing), queued, and submitted by the gateway's workers in the background. The answer is 202 with the submission's
    /// <c>submissionId</c> and <c>statusUrl</c> (also in <c>Location</c>): poll it until the status is no longer <c>queued</c>.
    /// </remarks>
    [HttpPost]
    [MapToApiVersion(2.0)]
    [Authorize(Policy = Permissions.OrdersWrite)]
    [Idempotent(Required = true)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderSubmissionStatus>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public Task<AcceptedResult> QueueOrder([FromBody] OrderSubmissionV2 order, CancellationToken cancellationToken) =>
        intake.EnqueueAsync(order, V2Mapping.Instance, Request, cancellationToken);

    /// <summary>Get a queued order: queued, submitted (with its orderId) or rejected (with the errorCode).</summary>
    /// <remarks>
    /// Poll the <c>statusUrl</c> of the 202 answer until the status is no longer <c>queued</c>. Only the client that queued the
    /// order sees it: for any other it is a 404.
    /// </remarks>
    [HttpGet("{submissionId}")]
    [Authorize(Policy = Permissions.OrdersRead)]
    [ProducesResponseType<OrderSubmissionStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<OrderSubmissionStatus> GetOrderSubmission(string submissionId, CancellationToken cancellationToken) =>
        intake.GetAsync(submissionId, User, cancellationToken);
}
