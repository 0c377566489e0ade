using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Security;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Invoices;

/// <summary>Customer invoices and credit notes (v1).</summary>
[ApiVersion(1.0)]
// One resource in two classes: the shared name groups them, so both versions report every version of it (api-supported-versions).
[ControllerName("Invoices")]
[Route("api/v{version:apiVersion}/invoices")]
internal sealed class InvoicesController(InvoiceService invoices) : ApiControllerBase
{
    /// <summary>Customer invoices and credit notes whose state or payment changed in Odoo since the cursor, oldest change first.</summary>
    /// <remarks>
    /// For polling from Salesforce: start without a cursor, store <c>nextCursor</c>, and pass it back on
    /// the next poll; while <c>hasMore</c> is true, poll again at once. An invoice changed again later
    /// appears again. Changes show up after a settle window of a few seconds.
    /// </remarks>
    /// <param name="cursor">The <c>nextCursor</c> of the previous poll; none to start from the oldest change.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cancellationToken">Aborted request.</param>
    // Order = -1: the literal segment wins over {invoiceId} by precedence already; this says so explicitly.
    [HttpGet("changes", Order = -1)]
    [Authorize(Policy = Permissions.InvoicesRead)]
    [ProducesResponseType<ChangePage<Invoice>>(StatusCodes.Status200OK)]
    public Task<ChangePage<Invoice>> GetInvoiceChanges([FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        invoices.ChangesAsync(cursor, limit, InvoiceVersions.V1, cancellationToken);

    /// <summary>Get an invoice or credit note.</summary>
    [HttpGet("{invoiceId}")]
    [ServesStale]
    [Authorize(Policy = Permissions.InvoicesRead)]
    [ProducesResponseType<Invoice>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<Invoice> GetInvoice(string invoiceId, CancellationToken cancellationToken) =>
        invoices.GetAsync(invoiceId, InvoiceVersions.V1, cancellationToken);

    /// <summary>List invoices and credit notes, oldest first.</summary>
    /// <param name="customerId">Only this customer's invoices.</param>
    /// <param name="orderId">Only the invoices of this order.</param>
    /// <param name="status">Only invoices in this accounting state.</param>
    /// <param name="updatedSince">Only invoices changed at or after this UTC time.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.InvoicesRead)]
    [ProducesResponseType<Page<Invoice>>(StatusCodes.Status200OK)]
    public Task<Page<Invoice>> ListInvoices(
        [FromQuery] string? customerId,
        [FromQuery] string? orderId,
        [FromQuery] InvoiceState? status,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        invoices.ListAsync(new InvoiceSearch(customerId, orderId, status, updatedSince, limit, cursor), InvoiceVersions.V1, cancellationToken);
}
