using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Security;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Operations;

/// <summary>The exception work queue: writes Odoo refused, for operators to replay or resolve.</summary>
[ApiVersion(1.0)]
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/exceptions")]
internal sealed class ExceptionsController(ExceptionQueue queue) : ApiControllerBase
{
    /// <summary>List exceptions, oldest first.</summary>
    /// <param name="status">Only exceptions in this status.</param>
    /// <param name="reason">Only exceptions with this error code, e.g. <c>unknown_sku</c>.</param>
    /// <param name="clientId">Only exceptions of this client (Salesforce org).</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.GatewayOperate)]
    [ProducesResponseType<Page<QueuedException>>(StatusCodes.Status200OK)]
    public Task<Page<QueuedException>> ListExceptions(
        [FromQuery] ExceptionStatus? status,
        [FromQuery] string? reason,
        [FromQuery] string? clientId,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        queue.ListAsync(status, reason, clientId, limit, cursor, cancellationToken);

    /// <summary>Get an exception with its full request.</summary>
    [HttpGet("{exceptionId}")]
    [Authorize(Policy = Permissions.GatewayOperate)]
    [ProducesResponseType<QueuedException>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<QueuedException> GetException(string exceptionId, CancellationToken cancellationToken) =>
        queue.GetAsync(exceptionId, cancellationToken);

    /// <summary>Send the recorded request again, after the data was fixed in Odoo or Salesforce.</summary>
    /// <remarks>
    /// Idempotent: the write goes through the same natural key (Salesforce id) as the original, so a
    /// replay never creates a second order or customer. On success the exception is <c>replayed</c>;
    /// if Odoo refuses again it stays <c>open</c> with the new reason and one more attempt.
    /// </remarks>
    [HttpPost("{exceptionId}/replay")]
    [Authorize(Policy = Permissions.GatewayOperate)]
    [ProducesResponseType<ReplayResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    public Task<ReplayResult> ReplayException(string exceptionId, CancellationToken cancellationToken) =>
        queue.ReplayAsync(exceptionId, cancellationToken);

    /// <summary>Close an exception without replaying it, with the operator's reason.</summary>
    /// <remarks>Resolving a resolved exception is a 409.</remarks>
    [HttpPost("{exceptionId}/resolve")]
    [Authorize(Policy = Permissions.GatewayOperate)]
    [Consumes("application/json")]
    [ProducesResponseType<QueuedException>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    public Task<QueuedException> ResolveException(string exceptionId, [FromBody] ResolveRequest resolution, CancellationToken cancellationToken) =>
        queue.ResolveAsync(exceptionId, resolution.Reason!, cancellationToken);
}
