using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

public sealed class InvoiceMappingTests
{
    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 27, InvoiceKind.Invoice)]
    [InlineData(Recording.Odoo17JsonRpc, 14, InvoiceKind.CreditNote)]
    [InlineData(Recording.Odoo19Json2, 57, InvoiceKind.Invoice)]
    [InlineData(Recording.Odoo19Json2, 16, InvoiceKind.CreditNote)]
    public void ToInvoice_FromRecordedList_TakesKindFromMoveType(string file, long id, InvoiceKind expected)
    {
        Assert.Equal(expected, InvoiceMapping.ToInvoice(Invoice(file, id), null).Kind);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 27, PaymentStatus.NotPaid)]
    [InlineData(Recording.Odoo17JsonRpc, 25, PaymentStatus.Paid)]
    [InlineData(Recording.Odoo19Json2, 57, PaymentStatus.NotPaid)]
    public void ToInvoice_FromRecordedList_IsPostedWithItsPaymentStatus(string file, long id, PaymentStatus expected)
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(file, id), null);

        Assert.Equal(InvoiceState.Posted, invoice.Status);
        Assert.Equal(expected, invoice.PaymentStatus);
    }

    [Fact]
    public void ToInvoice_FromRecordedOdoo17Invoice_KeepsNumberCustomerAmountsAndWriteDate()
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(Recording.Odoo17JsonRpc, 27), null);

        Assert.Equal("27", invoice.InvoiceId);
        Assert.Equal("INV/2026/00006", invoice.InvoiceNumber);
        Assert.Equal("43", invoice.CustomerId);
        Assert.Equal("USD", invoice.CurrencyCode);
        Assert.Equal(316m, invoice.AmountUntaxed);
        Assert.Equal(14.25m, invoice.AmountTax);
        Assert.Equal(330.25m, invoice.AmountTotal);
        Assert.Equal(330.25m, invoice.AmountResidual);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 11, 5, 20, TimeSpan.Zero), invoice.UpdatedAt);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 25, 345, 0)]
    [InlineData(Recording.Odoo19Json2, 57, 345, 345)]
    public void ToInvoice_FromRecordedList_ShowsWhatIsLeftToPay(string file, long id, double total, double residual)
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(file, id), null);

        Assert.Equal((decimal)total, invoice.AmountTotal);
        Assert.Equal((decimal)residual, invoice.AmountResidual);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 14, "2026-11-25", "2026-11-27")]
    [InlineData(Recording.Odoo19Json2, 15, "2026-11-17", "2026-11-27")]
    public void ToInvoice_FromRecordedList_ReadsDatesAsCalendarDates(string file, long id, string invoiceDate, string dueDate)
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(file, id), null);

        Assert.Equal(DateOnly.Parse(invoiceDate, CultureInfo.InvariantCulture), invoice.InvoiceDate);
        Assert.Equal(DateOnly.Parse(dueDate, CultureInfo.InvariantCulture), invoice.DueDate);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 14)]
    [InlineData(Recording.Odoo19Json2, 16)]
    public void ToInvoice_WithoutOrigin_HasNoOrder(string file, long id)
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(file, id), null);

        Assert.Null(invoice.OrderNumber);
        Assert.Null(invoice.OrderId);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 27, "S00027")]
    [InlineData(Recording.Odoo19Json2, 57, "S00025")]
    public void ToInvoice_WithOriginButNoOrderFound_KeepsTheOrderNumberOnly(string file, long id, string orderNumber)
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(file, id), null);

        Assert.Equal(orderNumber, invoice.OrderNumber);
        Assert.Null(invoice.OrderId);
    }

    [Fact]
    public void ToInvoice_WithOriginOrder_LinksTheOrder()
    {
        var invoice = InvoiceMapping.ToInvoice(Invoice(Recording.Odoo17JsonRpc, 27), new SaleOrderRef(27, "S00027"));

        Assert.Equal("27", invoice.OrderId);
        Assert.Equal("S00027", invoice.OrderNumber);
    }

    [Theory]
    [InlineData("S00027", "S00027")]
    [InlineData("S00027, S00030", "S00027")]
    [InlineData(" ", null)]
    [InlineData(null, null)]
    public void FirstOrigin_OfInvoiceOrigin_IsTheFirstOrderNumber(string? invoiceOrigin, string? expected)
    {
        Assert.Equal(expected, InvoiceMapping.FirstOrigin(invoiceOrigin));
    }

    [Fact]
    public void ToInvoice_ForDraftNamedSlash_HasNoInvoiceNumber()
    {
        var draft = Invoice(Recording.Odoo17JsonRpc, 27, i =>
        {
            i["state"] = "draft";
            i["name"] = "/";
        });

        var invoice = InvoiceMapping.ToInvoice(draft, null);

        Assert.Equal(InvoiceState.Draft, invoice.Status);
        Assert.Null(invoice.InvoiceNumber);
    }

    [Theory]
    [InlineData("state", "archived")]
    [InlineData("move_type", "in_invoice")]
    [InlineData("payment_state", "written_off")]
    public void ToInvoice_WithUnknownSelectionValue_FailsAsProtocolMismatch(string field, string value)
    {
        var odd = Invoice(Recording.Odoo17JsonRpc, 27, i => i[field] = value);

        var exception = Assert.Throws<OdooException>(() => InvoiceMapping.ToInvoice(odd, null));

        Assert.Equal(OdooFailure.ProtocolMismatch, exception.Failure);
        Assert.Contains(value, exception.Message, StringComparison.Ordinal);
    }

    private static InvoiceRecord Invoice(string file, long id, Action<JsonObject>? edit = null) =>
        RecordedRecords.ReadOne<InvoiceRecord>(file, "invoices_list", id, edit);
}
