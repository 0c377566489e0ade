using Asp.Versioning;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Quotes;

/// <summary>Quotes (v2): Odoo's quotations, priced by Odoo, accepted into orders.</summary>
[ApiVersion(2.0)]
// Named without the version suffix, as the order controllers are: the resource's name in its tags and metadata.
[ControllerName("Quotes")]
[Route("api/v{version:apiVersion}/quotes")]
internal sealed class QuotesV2Controller(QuoteService quotes) : ApiControllerBase
{
    /// <summary>Create a quote: Odoo prices its lines for the customer (pricelist, discounts, taxes).</summary>
    /// <remarks>
    /// Lines name products by SKU and quantity; the prices are Odoo's. If a quote with the same <c>salesforceId</c>
    /// exists for the customer, it is returned with 200 and nothing is created.
    /// </remarks>
    [HttpPost]
    [Authorize(Policy = Permissions.QuotesWrite)]
    [Idempotent(Required = true)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<QuoteV2>> CreateQuote([FromBody] QuoteSubmissionV2 quote, CancellationToken cancellationToken)
    {
        var (created, isNew) = await quotes.CreateAsync(quote, cancellationToken);
        return isNew ? CreatedAt("quotes", created.QuoteId, created) : Ok(created);
    }

    /// <summary>Get a quote with Odoo's prices.</summary>
    [HttpGet("{quoteId}")]
    [Authorize(Policy = Permissions.QuotesRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<QuoteV2> GetQuote(string quoteId, CancellationToken cancellationToken) =>
        quotes.GetAsync(quoteId, cancellationToken);

    /// <summary>List quotes, oldest first.</summary>
    /// <param name="customerId">Only this customer's quotes.</param>
    /// <param name="salesforceId">Only the quote created with this Salesforce Quote id.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.QuotesRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<Page<QuoteV2>> ListQuotes(
        [FromQuery] string? customerId,
        [FromQuery, RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string? salesforceId,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        quotes.ListAsync(customerId, salesforceId, limit, cursor, cancellationToken);

    /// <summary>Accept a quote: confirm it in Odoo and answer the order it became.</summary>
    /// <remarks>
    /// The answer is the order, as <c>GET /api/v2/orders/{orderId}</c> gives it. Accepting an accepted quote answers
    /// the same order and confirms nothing. An expired quote is 422 <c>quote_expired</c>, a cancelled one 422
    /// <c>quote_cancelled</c>; nothing changes in Odoo.
    /// </remarks>
    [HttpPost("{quoteId}/accept")]
    [Authorize(Policy = Permissions.QuotesWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<OrderV2> AcceptQuote(string quoteId, CancellationToken cancellationToken) =>
        V2Mapping.Instance.ToResource((await quotes.AcceptAsync(quoteId, cancellationToken)).Order);

    /// <summary>Cancel a quote.</summary>
    /// <remarks>
    /// Cancelling a cancelled quote returns it unchanged. An accepted quote is 409 <c>quote_accepted</c>: cancel its
    /// order instead.
    /// </remarks>
    [HttpPost("{quoteId}/cancel")]
    [Authorize(Policy = Permissions.QuotesWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public Task<QuoteV2> CancelQuote(string quoteId, CancellationToken cancellationToken) =>
        quotes.CancelAsync(quoteId, cancellationToken);
}
