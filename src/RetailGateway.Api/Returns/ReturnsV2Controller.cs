using Asp.Versioning;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Returns;

/// <summary>Returns (v2): goods of a delivered order coming back, as Odoo's return transfers.</summary>
[ApiVersion(2.0)]
// Named without the version suffix, as the order controllers are: the resource's name in its tags and metadata.
[ControllerName("Returns")]
[Route("api/v{version:apiVersion}/returns")]
internal sealed class ReturnsV2Controller(ReturnService returns) : ApiControllerBase
{
    /// <summary>Create a return of goods an order's delivery shipped.</summary>
    /// <remarks>
    /// Lines name products by SKU and quantity. The goods come back from <c>shipmentId</c>, or from the latest shipped
    /// delivery of the order that holds every line. At most what the delivery shipped minus what its returns (received or
    /// not) take back can come back: more is 422 <c>return_exceeds_delivered</c> and nothing is created. If a return with
    /// the same <c>salesforceId</c> (the Case id) exists for the order, it is returned with 200 and nothing is created.
    /// </remarks>
    [HttpPost("~/api/v{version:apiVersion}/orders/{orderId}/returns")]
    [Authorize(Policy = Permissions.ReturnsWrite)]
    [Idempotent(Required = true)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<ReturnV2>> CreateReturn(string orderId, [FromBody] ReturnSubmissionV2 submission, CancellationToken cancellationToken)
    {
        var (created, isNew) = await returns.CreateAsync(orderId, submission, cancellationToken);
        return isNew ? CreatedAt("returns", created.ReturnId, created) : Ok(created);
    }

    /// <summary>Returns whose transfer changed in Odoo since the cursor (created, received, cancelled), oldest change first.</summary>
    /// <remarks>
    /// Polled as the order changes are: start without a cursor, store <c>nextCursor</c>, pass it back; while
    /// <c>hasMore</c> is true, poll again at once. Changes show up after a settle window of a few seconds.
    /// </remarks>
    /// <param name="cursor">The <c>nextCursor</c> of the previous poll; none to start from the oldest change.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet("changes", Order = -1)]
    [Authorize(Policy = Permissions.ReturnsRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<ChangePage<ReturnV2>> GetReturnChanges([FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        returns.ChangesAsync(cursor, limit, cancellationToken);

    /// <summary>Get a return with its lines and what was received.</summary>
    [HttpGet("{returnId}")]
    [Authorize(Policy = Permissions.ReturnsRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<ReturnV2> GetReturn(string returnId, CancellationToken cancellationToken) =>
        returns.GetAsync(returnId, cancellationToken);

    /// <summary>List returns, oldest first.</summary>
    /// <param name="orderId">Only this order's returns.</param>
    /// <param name="salesforceId">Only the return created with this Salesforce Case id.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.ReturnsRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<Page<ReturnV2>> ListReturns(
        [FromQuery] string? orderId,
        [FromQuery, RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string? salesforceId,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        returns.ListAsync(orderId, salesforceId, limit, cursor, cancellationToken);

    /// <summary>Receive a return: the goods are back in the store.</summary>
    /// <remarks>
    /// Validates the return in Odoo. A received return is answered as it is; a cancelled one is 422 <c>return_cancelled</c>.
    /// When Odoo asks for a decision instead of validating (a backorder, say), the answer is 409 <c>receipt_needs_decision</c>
    /// and the return is not received: decide in Odoo.
    /// </remarks>
    [HttpPost("{returnId}/receive")]
    [Authorize(Policy = Permissions.ReturnsWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ReturnV2> ReceiveReturn(string returnId, CancellationToken cancellationToken) =>
        (await returns.ReceiveAsync(returnId, cancellationToken)).Return;
}
