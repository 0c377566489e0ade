using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Api.SharedState;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Invoices;

/// <summary>
/// Credit notes for posted invoices, through Odoo's own credit-note wizard, so that Odoo links the credit note to the
/// invoice and its order and computes every amount. The gateway checks what Odoo does not: that no product is refunded
/// beyond what was invoiced, counting what earlier credit notes refund.
/// </summary>
internal sealed class CreditNoteService(OdooInvoices invoices, InvoiceService invoiceService, ResourceCache cache, IResourceLocks locks)
{
    /// <summary>
    /// Creates the credit note (a draft, or posted when asked) and answers it. A credit note made for the same Salesforce Case on
    /// the same invoice is never created twice: it is answered instead (false), and posted first when asked and still a draft.
    /// </summary>
    public async Task<(InvoiceV2 CreditNote, bool Created)> CreateAsync(string invoiceId, CreditNoteSubmissionV2 submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var id = await invoiceService.RequireInScopeAsync(invoiceId, cancellationToken);
        var asked = AskedLines(submission);
        var caseId = submission.SalesforceId!;

        // Check-then-reverse is several calls: one credit note of an invoice at a time, on every instance.
        await using var claim = await locks.AcquireAsync($"invoice:{id}:credit-notes", cancellationToken);
        var family = await invoices.WithCreditNotesAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("invoice", invoiceId);
        var invoice = family.Invoice;
        if (!InvoiceMapping.IsInvoice(invoice))
        {
            throw ApiProblemException.Unprocessable(ErrorCodes.NotAnInvoice, "This is a credit note; only an invoice can be credited.");
        }

        if (family.CreditNotes.FirstOrDefault(n => InvoiceMapping.IsCreditNoteFor(n, caseId)) is { } existing)
        {
            if (InvoiceMapping.IsDraft(existing))
            {
                // A retry after Odoo refused a write half-way: the draft is there, what was asked of it still to do.
                await FinishAsync(id, invoice, family with { CreditNotes = [.. family.CreditNotes.Where(n => n.Id != existing.Id)] }, existing, asked, submission.Post, cancellationToken);
            }

            return (await invoiceService.ReadFromOdooAsync(existing.Id, InvoiceVersions.V2, cancellationToken), false);
        }

        if (!InvoiceMapping.IsPosted(invoice))
        {
            throw ApiProblemException.Unprocessable(ErrorCodes.InvoiceNotPosted, "Only a posted invoice can be credited; this one is a draft or cancelled.");
        }

        var refundable = InvoiceMapping.Refundable(family);
        var quantities = asked is null ? null : Check(asked, refundable);
        if (asked is null && InvoiceMapping.IsPartlyRefunded(family))
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.RefundExceedsInvoiced,
                "The invoice is credited in part already; credit what is left line by line.",
                [new FieldError("full", "Credit notes reverse part of this invoice already: give lines with what is left to credit.")]);
        }

        var journal = invoice.JournalId ?? throw new OdooException(OdooFailure.ProtocolMismatch, "Odoo answered an invoice without a journal.");
        long creditNoteId;
        try
        {
            creditNoteId = await invoices.ReverseAsync(id, journal.Id, InvoiceMapping.ReversalReason(caseId, submission.Reason!), cancellationToken);
            // The action names a move; only a draft credit note of this invoice is what was asked for, whatever else Odoo opened.
            var draft = await invoices.FindWithLinesAsync(creditNoteId, cancellationToken);
            if (draft is null || draft.MoveType != InvoiceMapping.CreditNoteType || draft.ReversedEntryId?.Id != id || !InvoiceMapping.IsDraft(draft))
            {
                throw new OdooException(OdooFailure.ProtocolMismatch, "Odoo's credit-note wizard opened a move that is not a draft credit note of the invoice.");
            }

            if (quantities is not null)
            {
                var (kept, removed) = InvoiceMapping.PartialLines(draft, quantities);
                await invoices.KeepLinesAsync(creditNoteId, kept, removed, cancellationToken);
            }

            if (submission.Post)
            {
                await invoices.PostAsync(creditNoteId, cancellationToken);
            }
        }
        finally
        {
            // The invoice lists its credit notes, and its order its invoices: forget both, even after a refusal half-way.
            await ForgetAsync(id, invoice);
        }

        return (await invoiceService.ReadFromOdooAsync(creditNoteId, InvoiceVersions.V2, cancellationToken), true);
    }

    /// <summary>
    /// Finishes a draft credit note a first attempt left (Odoo refused trimming its lines or posting it): its lines cut to
    /// the asked quantities, checked against what the other credit notes leave, and the posting when asked.
    /// </summary>
    private async Task FinishAsync(long invoiceId, InvoiceRecord invoice, InvoiceWithCreditNotes others, InvoiceRecord draft, IReadOnlyList<(string Sku, decimal Quantity)>? asked, bool post, CancellationToken cancellationToken)
    {
        try
        {
            if (asked is not null)
            {
                var (kept, removed) = InvoiceMapping.PartialLines(draft, Check(asked, InvoiceMapping.Refundable(others)));
                if (removed.Count > 0 || draft.Lines.Records.Any(l => kept.TryGetValue(l.Id, out var quantity) && quantity != l.Quantity))
                {
                    await invoices.KeepLinesAsync(draft.Id, kept, removed, cancellationToken);
                }
            }

            if (post)
            {
                await invoices.PostAsync(draft.Id, cancellationToken);
            }
        }
        finally
        {
            await cache.InvalidateAsync(InvoiceVersions.CacheKeys(draft.Id), []);
            await ForgetAsync(invoiceId, invoice);
        }
    }

    /// <summary>Forgets the invoice and its order in every version. Not under the request's token: a caller gone away must not leave them stale.</summary>
    private async Task ForgetAsync(long invoiceId, InvoiceRecord invoice)
    {
        var orders = await invoices.OriginOrdersAsync([invoice], CancellationToken.None);
        await cache.InvalidateAsync([.. InvoiceVersions.CacheKeys(invoiceId), .. orders.Values.SelectMany(o => OrderService.CacheKeys(o.Id))], []);
    }

    /// <summary>The asked quantity per SKU, or null for the whole invoice; 400 unless exactly one of the two is given, each SKU once.</summary>
    private static IReadOnlyList<(string Sku, decimal Quantity)>? AskedLines(CreditNoteSubmissionV2 submission)
    {
        var full = submission.Full == true;
        var lines = submission.Lines;
        if (full == lines is not null)
        {
            throw ApiProblemException.Invalid("full", "Give either full: true or lines, not both and not neither.");
        }

        if (lines is null)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!seen.Add(lines[i].Sku!))
            {
                throw ApiProblemException.Invalid($"lines[{i}].sku", $"SKU '{lines[i].Sku}' is given more than once; give each product once with its whole quantity.");
            }
        }

        return [.. lines.Select(l => (l.Sku!, l.Quantity!.Value))];
    }

    /// <summary>The quantity to credit per product id; 422 for a SKU not on the invoice or beyond what is left to credit of it.</summary>
    private static Dictionary<long, decimal> Check(IReadOnlyList<(string Sku, decimal Quantity)> asked, IReadOnlyList<RefundableProduct> refundable)
    {
        var bySku = refundable.Where(p => p.Sku is not null).GroupBy(p => p.Sku!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var unknown = asked.Select((line, i) => (line.Sku, i)).Where(x => !bySku.ContainsKey(x.Sku)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.UnknownSku,
                "Some SKUs are not on the invoice.",
                [.. unknown.Select(x => new FieldError($"lines[{x.i}].sku", $"SKU '{x.Sku}' is not on the invoice."))]);
        }

        var exceeding = asked.Select((line, i) => (line, i, product: bySku[line.Sku])).Where(x => x.line.Quantity > x.product.Remaining).ToList();
        if (exceeding.Count > 0)
        {
            throw ApiProblemException.Unprocessable(
                ErrorCodes.RefundExceedsInvoiced,
                "Some quantities are more than is left to credit on the invoice.",
                [.. exceeding.Select(x => new FieldError(
                    $"lines[{x.i}].quantity",
                    string.Create(CultureInfo.InvariantCulture, $"At most {x.product.Remaining} of '{x.line.Sku}' is left to credit ({x.product.Invoiced} invoiced, {x.product.Refunded} credited already).")))]);
        }

        return asked.ToDictionary(l => bySku[l.Sku].ProductId, l => l.Quantity);
    }
}
