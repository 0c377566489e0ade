using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Invoices;

/// <summary>Customer invoices and credit notes (v2): with their lines and what reverses what, and credit notes created for a Case.</summary>
// The reads are v1's over the same service; only the record differs. Kept apart rather than in a shared base so that the
// v1 document stays exactly as it was published.
[ApiVersion(2.0)]
[ControllerName("Invoices")]
[Route("api/v{version:apiVersion}/invoices")]
internal sealed class InvoicesV2Controller(InvoiceService invoices, CreditNoteService creditNotes) : ApiControllerBase
{
    /// <summary>Customer invoices and credit notes whose state or payment changed in Odoo since the cursor, oldest change first.</summary>
    /// <remarks>
    /// For polling from Salesforce: start without a cursor, store <c>nextCursor</c>, and pass it back on
    /// the next poll; while <c>hasMore</c> is true, poll again at once. An invoice changed again later
    /// appears again, and so does an invoice a new credit note reverses. Changes show up after a settle window of a few seconds.
    /// </remarks>
    /// <param name="cursor">The <c>nextCursor</c> of the previous poll; none to start from the oldest change.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cancellationToken">Aborted request.</param>
    // Order = -1: the literal segment wins over {invoiceId} by precedence already; this says so explicitly.
    [HttpGet("changes", Order = -1)]
    [Authorize(Policy = Permissions.InvoicesRead)]
    [ProducesResponseType<ChangePage<InvoiceV2>>(StatusCodes.Status200OK)]
    public Task<ChangePage<InvoiceV2>> GetInvoiceChanges([FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        invoices.ChangesAsync(cursor, limit, InvoiceVersions.V2, cancellationToken);

    /// <summary>Get an invoice or credit note with its lines.</summary>
    [HttpGet("{invoiceId}")]
    [ServesStale]
    [Authorize(Policy = Permissions.InvoicesRead)]
    [ProducesResponseType<InvoiceV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<InvoiceV2> GetInvoice(string invoiceId, CancellationToken cancellationToken) =>
        invoices.GetAsync(invoiceId, InvoiceVersions.V2, cancellationToken);

    /// <summary>List invoices and credit notes with their lines, oldest first.</summary>
    /// <param name="customerId">Only this customer's invoices.</param>
    /// <param name="orderId">Only the invoices and credit notes of this order.</param>
    /// <param name="status">Only invoices in this accounting state.</param>
    /// <param name="updatedSince">Only invoices changed at or after this UTC time.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.InvoicesRead)]
    [ProducesResponseType<Page<InvoiceV2>>(StatusCodes.Status200OK)]
    public Task<Page<InvoiceV2>> ListInvoices(
        [FromQuery] string? customerId,
        [FromQuery] string? orderId,
        [FromQuery] InvoiceState? status,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        invoices.ListAsync(new InvoiceSearch(customerId, orderId, status, updatedSince, limit, cursor), InvoiceVersions.V2, cancellationToken);

    /// <summary>Create a credit note for a posted invoice: all of it, or some of its products.</summary>
    /// <remarks>
    /// Odoo's credit-note wizard reverses the invoice, so Odoo links the credit note to the invoice and its order and computes
    /// every amount. Give <c>full: true</c> or <c>lines</c> (products of the invoice by SKU, with the quantity to credit). The
    /// credit note stays a draft for finance unless <c>post</c> is true. If a credit note with the same <c>salesforceId</c>
    /// (the Case) reverses the invoice, it is returned with 200 and nothing is created (it is posted if <c>post</c> is true and
    /// it is still a draft). A quantity beyond what is invoiced, less what credit notes that are not cancelled credit already,
    /// is 422 <c>refund_exceeds_invoiced</c>; <c>full</c> once anything is credited is refused the same way. A draft or
    /// cancelled invoice is 422 <c>invoice_not_posted</c>, a credit note 422 <c>not_an_invoice</c>, a SKU not on the invoice
    /// 422 <c>unknown_sku</c>; nothing changes in Odoo.
    /// </remarks>
    /// <param name="invoiceId">The invoice to credit.</param>
    /// <param name="creditNote">What to credit, and why.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpPost("{invoiceId}/credit-notes")]
    [Authorize(Policy = Permissions.InvoicesWrite)]
    [Idempotent(Required = true)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<InvoiceV2>> CreateCreditNote(string invoiceId, [FromBody] CreditNoteSubmissionV2 creditNote, CancellationToken cancellationToken)
    {
        var (created, isNew) = await creditNotes.CreateAsync(invoiceId, creditNote, cancellationToken);
        return isNew ? CreatedAt("invoices", created.InvoiceId, created) : Ok(created);
    }
}
