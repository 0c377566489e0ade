using System.Globalization;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Api.Invoices;

/// <summary>
/// What an API version answers for an invoice: its record, whether that needs the lines and credit notes read from Odoo,
/// and where the shared cache keeps it.
/// </summary>
/// <param name="cachePrefix">The cache key of an invoice is this and its id.</param>
/// <param name="withLines">The record shows lines, reversals and credit notes, so Odoo is asked for them.</param>
/// <param name="map">The move, its origin order and the ids of the credit notes reversing it, as the version's record.</param>
internal sealed class InvoiceVersion<T>(string cachePrefix, bool withLines, Func<InvoiceRecord, SaleOrderRef?, IReadOnlyList<long>, T> map)
{
    public bool WithLines { get; } = withLines;

    public string CacheKey(long id) => cachePrefix + id.ToString(CultureInfo.InvariantCulture);

    public T ToResource(InvoiceRecord invoice, SaleOrderRef? originOrder, IReadOnlyList<long> creditNoteIds) => map(invoice, originOrder, creditNoteIds);
}

/// <summary>The invoice records of every API version.</summary>
internal static class InvoiceVersions
{
    /// <summary>v1: the invoice alone; its cache key is the one v1 always used.</summary>
    public static readonly InvoiceVersion<Invoice> V1 = new("invoice:", false, (invoice, order, _) => InvoiceMapping.ToInvoice(invoice, order));

    public static readonly InvoiceVersion<InvoiceV2> V2 = new("invoice:v2:", true, InvoiceMapping.ToInvoiceV2);

    /// <summary>Every version's cache key of one invoice: what a change to it must forget.</summary>
    public static string[] CacheKeys(long id) => [V1.CacheKey(id), V2.CacheKey(id)];
}
