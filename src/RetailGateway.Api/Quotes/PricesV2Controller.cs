using Asp.Versioning;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Security;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Quotes;

/// <summary>Customer prices (v2): what a quote for the customer would cost now, without creating one.</summary>
[ApiVersion(2.0)]
// Named without the version suffix, as the order controllers are: the resource's name in its tags and metadata.
[ControllerName("Prices")]
[Route("api/v{version:apiVersion}/prices")]
internal sealed class PricesV2Controller(QuoteService quotes) : ApiControllerBase
{
    /// <summary>Get Odoo's prices for a customer.</summary>
    /// <remarks>
    /// Odoo prices the products as it would on a new quote for the customer (pricelist, discounts, taxes), without
    /// saving anything. Unknown SKUs are 422 <c>unknown_sku</c>, each named.
    /// </remarks>
    /// <param name="customerId">The customer the prices are for.</param>
    /// <param name="skus">1 to 100 SKUs, separated by commas.</param>
    /// <param name="quantity">The quantity of each product (default 1): pricelist rules may depend on it.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.QuotesRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public Task<CustomerPricesV2> GetCustomerPrices(
        [FromQuery, Required] string? customerId,
        [FromQuery, Required] string? skus,
        [FromQuery] decimal? quantity,
        CancellationToken cancellationToken) =>
        quotes.PricesAsync(customerId, skus, quantity, cancellationToken);
}
