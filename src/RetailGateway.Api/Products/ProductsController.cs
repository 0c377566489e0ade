using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Security;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Products;

/// <summary>The product catalog, read-only: Odoo owns products, prices and taxes.</summary>
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/products")]
internal sealed class ProductsController(ProductService products) : ApiControllerBase
{
    /// <summary>Products that changed in Odoo since the cursor, archived ones included, oldest change first.</summary>
    /// <remarks>
    /// For syncing the catalog in batches: start without a cursor, store <c>nextCursor</c>, and pass it back on
    /// the next poll; while <c>hasMore</c> is true, poll again at once. A product changed again later appears
    /// again; an archived product appears with <c>active</c> false. A change to the product a variant belongs to
    /// (its price, its name) is a change of every variant. Changes show up after a settle window of a few seconds.
    /// </remarks>
    /// <param name="cursor">The <c>nextCursor</c> of the previous poll; none to start from the oldest change.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cancellationToken">Aborted request.</param>
    // Order = -1: the literal segment wins over {sku} by precedence already; this says so explicitly.
    [HttpGet("changes", Order = -1)]
    [Authorize(Policy = Permissions.ProductsRead)]
    [ProducesResponseType<ChangePage<ProductV2>>(StatusCodes.Status200OK)]
    public Task<ChangePage<ProductV2>> GetProductChanges([FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        products.ChangesAsync(cursor, limit, cancellationToken);

    /// <summary>Get a product by SKU, archived or not.</summary>
    /// <remarks>
    /// When an active and an archived product share the SKU, the active one answers. When two active products
    /// (or, with none active, two archived ones) share it, the answer is 409 with the errorCode <c>ambiguous_sku</c>:
    /// correct the SKUs in Odoo.
    /// </remarks>
    /// <param name="sku">The SKU (Odoo internal reference).</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet("{sku}")]
    [Authorize(Policy = Permissions.ProductsRead)]
    [ProducesResponseType<ProductV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    public Task<ProductV2> GetProduct(string sku, CancellationToken cancellationToken) =>
        products.GetAsync(sku, cancellationToken);

    /// <summary>List products, oldest first.</summary>
    /// <param name="sku">Only the products with exactly this SKU (more than one means Odoo holds the SKU twice).</param>
    /// <param name="updatedSince">Only products changed at or after this UTC time.</param>
    /// <param name="active">Active products (the default) or, with <c>false</c>, archived ones.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.ProductsRead)]
    [ProducesResponseType<Page<ProductV2>>(StatusCodes.Status200OK)]
    public Task<Page<ProductV2>> ListProducts(
        [FromQuery] string? sku,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] bool? active,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        products.ListAsync(new ProductSearch(sku, updatedSince, active, limit, cursor), cancellationToken);
}
