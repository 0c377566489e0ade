using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Security;

namespace RetailGateway.Api.Intake;

/// <summary>Orders accepted with <c>Prefer: respond-async</c>: where each stands.</summary>
[ApiVersion(1.0)]
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/order-submissions")]
internal sealed class OrderSubmissionsController(OrderIntake intake) : ApiControllerBase
{
    /// <summary>Get an asynchronously accepted order: queued, submitted (with its orderId) or rejected (with the errorCode).</summary>
    /// <remarks>Poll the <c>Location</c> of the 202 answer until the status is no longer <c>queued</c>.</remarks>
    [HttpGet("{submissionId}")]
    [Authorize(Policy = Permissions.OrdersRead)]
    [ProducesResponseType<OrderSubmissionStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<OrderSubmissionStatus> GetOrderSubmission(string submissionId, CancellationToken cancellationToken) =>
        intake.GetAsync(submissionId, cancellationToken);
}
