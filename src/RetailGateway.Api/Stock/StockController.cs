using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Security;
using RetailGateway.Canonical.Stock;

namespace RetailGateway.Api.Stock;

/// <summary>Stock availability per SKU, across warehouses or in one.</summary>
[ApiVersion(1.0)]
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/stock")]
internal sealed class StockController(StockService stock) : ApiControllerBase
{
    /// <summary>Stock of one SKU.</summary>
    /// <param name="sku">The SKU (Odoo internal reference).</param>
    /// <param name="warehouse">Warehouse code, e.g. <c>WH</c>; all warehouses when omitted.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet("{sku}")]
    [ServesStale]
    [Authorize(Policy = Permissions.StockRead)]
    [ProducesResponseType<StockLevel>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<StockLevel> GetStock(string sku, [FromQuery] string? warehouse, CancellationToken cancellationToken) =>
        stock.GetAsync(sku, warehouse, cancellationToken);

    /// <summary>Stock of up to 100 SKUs in one call, or of every stocked SKU page by page.</summary>
    /// <param name="skus">Comma-separated SKUs, at most 100. Unknown ones are listed in <c>unknownSkus</c>.</param>
    /// <param name="warehouse">Warehouse code, e.g. <c>WH</c>; all warehouses when omitted.</param>
    /// <param name="limit">Without <c>skus</c>: page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">Without <c>skus</c>: the <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [ServesStale]
    [Authorize(Policy = Permissions.StockRead)]
    [ProducesResponseType<StockPage>(StatusCodes.Status200OK)]
    public Task<StockPage> ListStock([FromQuery] string? skus, [FromQuery] string? warehouse, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        stock.ListAsync(skus, warehouse, limit, cursor, cancellationToken);
}
