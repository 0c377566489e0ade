using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.Orders;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Orders ⇄ <c>sale.order</c>, <c>sale.order.line</c>, <c>stock.picking</c> and <c>account.move</c>.</summary>
public static class OrderMapping
{
    public const string Model = "sale.order";
    public const string LineModel = "sale.order.line";
    public const string PickingModel = "stock.picking";

    /// <summary>Values of a new order. Lines use Odoo's <c>(0, 0, values)</c> create command.</summary>
    public static JsonObject ToCreateValues(OrderSubmission submission, long partnerId, IReadOnlyDictionary<string, long> productIdBySku, DateTimeOffset orderDate)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(productIdBySku);
        var lines = new JsonArray();
        foreach (var line in submission.Lines ?? [])
        {
            var values = new JsonObject
            {
                ["product_id"] = productIdBySku[line.Sku!],
                ["product_uom_qty"] = line.Quantity,
            };
            if (line.UnitPrice is { } price)
            {
                values["price_unit"] = price;
            }

            if (line.DiscountPercent is { } discount)
            {
                values["discount"] = discount;
            }

            lines.Add(new JsonArray(0, 0, values));
        }

        var order = new JsonObject
        {
            ["partner_id"] = partnerId,
            ["client_order_ref"] = submission.SalesforceId,
            ["date_order"] = OdooTime.ToOdoo(orderDate),
            ["order_line"] = lines,
        };
        if (!string.IsNullOrEmpty(submission.Notes))
        {
            order["note"] = submission.Notes;
        }

        return order;
    }

    /// <summary>The key prefix of Salesforce Quote ids: a sales order whose reference starts so was created as a quote.</summary>
    public const string QuoteReferencePrefix = "0Q0";

    /// <summary>Whether the order was created from a Salesforce Quote (its reference is a Quote id).</summary>
    public static bool HasQuoteReference(SaleOrderRecord order) => order?.ClientOrderRef?.StartsWith(QuoteReferencePrefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// A quote that was never accepted, as far as Odoo can tell: created from a Salesforce Quote and still a quotation,
    /// or cancelled without a delivery (Odoo keeps no mark that a cancelled order was once confirmed; a confirmed order
    /// of goods has a delivery). <see cref="NotOpenQuote"/> is the same rule as a domain.
    /// </summary>
    public static bool IsUnacceptedQuote(SaleOrderRecord order) =>
        HasQuoteReference(order) && (IsQuotation(order) || (IsCancelled(order) && order.PickingIds.Count == 0));

    /// <summary>The domain of the sales orders that are not <see cref="IsUnacceptedQuote"/>: what the order lists show.</summary>
    public static JsonArray NotOpenQuote() =>
    [
        "|", "|", "|",
        new JsonArray("state", "in", new JsonArray("sale", "done")),
        new JsonArray("client_order_ref", "=", false),
        "!", new JsonArray("client_order_ref", "=like", QuoteReferencePrefix + "%"),
        new JsonArray("picking_ids", "!=", false),
    ];

    /// <summary>The domain of the sales orders created from a Salesforce Quote: what the quote lists show.</summary>
    public static JsonArray FromQuote() => new("client_order_ref", "=like", QuoteReferencePrefix + "%");

    /// <summary>A quotation (draft or sent) that confirming would turn into an order.</summary>
    public static bool IsQuotation(SaleOrderRecord order) => order?.State is "draft" or "sent";

    public static bool IsCancelled(SaleOrderRecord order) => order?.State == "cancel";

    /// <summary>Locked orders (and, up to 16, done ones) must be unlocked before Odoo cancels them.</summary>
    public static bool IsLocked(SaleOrderRecord order) => order is not null && (order.Locked || order.State == "done");

    /// <summary>Whether any of the pickings is a delivery that was shipped (a validated outgoing transfer).</summary>
    public static bool HasShippedDelivery(IEnumerable<PickingRecord> pickings) => pickings.Any(p => IsDelivery(p) && p.State == "done");

    /// <summary>Outgoing transfers are the order's deliveries; returns and internal steps are not.</summary>
    private static bool IsDelivery(PickingRecord picking) => picking.PickingTypeCode is null or "outgoing";

    /// <summary>The order date alone, to write back after <c>action_confirm</c> has replaced it with the confirmation time.</summary>
    public static JsonObject ToOrderDateValues(DateTimeOffset orderDate) => new() { ["date_order"] = OdooTime.ToOdoo(orderDate) };

    /// <summary>A submitted order date as the datetime Odoo stores: its start, in UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static Order ToOrder(
        SaleOrderRecord order,
        IEnumerable<SaleOrderLineRecord> lines,
        IEnumerable<PickingRecord> pickings,
        IEnumerable<InvoiceRecord> invoices)
    {
        ArgumentNullException.ThrowIfNull(order);
        var orderInvoices = invoices.Where(i => order.InvoiceIds.Contains(i.Id)).ToList();
        return new Order
        {
            OrderId = Id(order.Id),
            OrderNumber = order.Name ?? string.Empty,
            SalesforceId = order.ClientOrderRef,
            CustomerId = order.PartnerId is { } partner ? Id(partner.Id) : string.Empty,
            Status = ToStatus(order.State),
            IsLocked = IsLocked(order),
            DeliveryStatus = ToDeliveryStatus(order.DeliveryStatus),
            InvoiceStatus = ToInvoiceStatus(order.InvoiceStatus),
            PaymentStatus = ToPaymentStatus(orderInvoices),
            OrderDate = DateOnly.FromDateTime((order.DateOrder ?? order.WriteDate ?? DateTimeOffset.UnixEpoch).UtcDateTime),
            CurrencyCode = order.CurrencyId?.DisplayName ?? string.Empty,
            AmountUntaxed = order.AmountUntaxed,
            AmountTax = order.AmountTax,
            AmountTotal = order.AmountTotal,
            Notes = PlainText(order.Note),
            Lines = lines.Where(l => l.OrderId?.Id == order.Id && l.ProductId is not null).OrderBy(l => l.Id).Select(ToLine).ToList(),
            Shipments = pickings
                .Where(p => order.PickingIds.Contains(p.Id) && IsDelivery(p))
                .OrderBy(p => p.Id)
                .Select(ToShipment)
                .ToList(),
            InvoiceIds = order.InvoiceIds.Select(Id).ToList(),
            UpdatedAt = order.WriteDate ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>The gateway id of the contact the order is delivered to, or null when that is the customer itself.</summary>
    public static string? ShippingAddressId(SaleOrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.PartnerShippingId is { } shipping && shipping.Id != order.PartnerId?.Id ? Id(shipping.Id) : null;
    }

    /// <summary>The SKU of a product as Odoo displays it: <c>[SKU] Name</c>.</summary>
    /// <remarks>
    /// Reading it from the display name saves one <c>product.product</c> call per order read; Odoo
    /// renders every product with an internal reference this way in 16 to 19.
    /// </remarks>
    public static string? SkuFromDisplayName(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        if (!displayName.StartsWith('['))
        {
            return null;
        }

        var end = displayName.IndexOf(']', StringComparison.Ordinal);
        return end > 1 ? displayName[1..end] : null;
    }

    /// <summary>Odoo states an API caller may filter by.</summary>
    public static IReadOnlyList<string> ToOdooStates(OrderStatus status) => status switch
    {
        OrderStatus.Draft => ["draft"],
        OrderStatus.QuotationSent => ["sent"],
        OrderStatus.Confirmed => ["sale"],
        OrderStatus.Done => ["done"],
        OrderStatus.Cancelled => ["cancel"],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static OrderLine ToLine(SaleOrderLineRecord line) => new()
    {
        LineId = Id(line.Id),
        Sku = line.ProductId is { } product ? SkuFromDisplayName(product.DisplayName) : null,
        Description = line.Name ?? line.ProductId?.DisplayName ?? string.Empty,
        Quantity = line.ProductUomQty,
        QuantityDelivered = line.QtyDelivered,
        QuantityInvoiced = line.QtyInvoiced,
        UnitPrice = line.PriceUnit,
        DiscountPercent = line.Discount,
        AmountUntaxed = line.PriceSubtotal,
        AmountTax = line.PriceTax,
        AmountTotal = line.PriceTotal,
    };

    private static Shipment ToShipment(PickingRecord picking) => new()
    {
        ShipmentId = Id(picking.Id),
        ShipmentNumber = picking.Name ?? string.Empty,
        Status = picking.State switch
        {
            "draft" => ShipmentStatus.Draft,
            "waiting" or "confirmed" => ShipmentStatus.Waiting,
            "assigned" => ShipmentStatus.Ready,
            "done" => ShipmentStatus.Shipped,
            "cancel" => ShipmentStatus.Cancelled,
            _ => throw Unknown("stock.picking state", picking.State),
        },
        TrackingReference = picking.CarrierTrackingRef,
        ScheduledAt = picking.ScheduledDate,
        ShippedAt = picking.DateDone,
    };

    private static OrderStatus ToStatus(string? state) => state switch
    {
        "draft" => OrderStatus.Draft,
        "sent" => OrderStatus.QuotationSent,
        "sale" => OrderStatus.Confirmed,
        "done" => OrderStatus.Done,
        "cancel" => OrderStatus.Cancelled,
        _ => throw Unknown("sale.order state", state),
    };

    private static DeliveryStatus ToDeliveryStatus(string? status) => status switch
    {
        null => DeliveryStatus.NotStarted,
        "pending" => DeliveryStatus.Pending,
        "started" => DeliveryStatus.Started,
        "partial" => DeliveryStatus.Partial,
        "full" => DeliveryStatus.Full,
        _ => throw Unknown("sale.order delivery_status", status),
    };

    private static InvoiceStatus ToInvoiceStatus(string? status) => status switch
    {
        null or "no" => InvoiceStatus.Nothing,
        "to invoice" => InvoiceStatus.ToInvoice,
        "invoiced" => InvoiceStatus.Invoiced,
        "upselling" => InvoiceStatus.Upselling,
        _ => throw Unknown("sale.order invoice_status", status),
    };

    /// <summary>Summarises the payment state of the order's posted customer invoices.</summary>
    private static OrderPaymentStatus ToPaymentStatus(IReadOnlyList<InvoiceRecord> invoices)
    {
        var posted = invoices.Where(i => i.MoveType == "out_invoice" && i.State == "posted").ToList();
        if (posted.Count == 0)
        {
            return OrderPaymentStatus.NotInvoiced;
        }

        static bool Settled(InvoiceRecord i) => i.PaymentState is "paid" or "reversed";
        if (posted.All(Settled))
        {
            return OrderPaymentStatus.Paid;
        }

        if (posted.All(i => Settled(i) || i.PaymentState == "in_payment"))
        {
            return OrderPaymentStatus.InPayment;
        }

        return posted.Any(i => Settled(i) || i.PaymentState is "partial" or "in_payment")
            ? OrderPaymentStatus.PartiallyPaid
            : OrderPaymentStatus.NotPaid;
    }

    // Odoo stores notes as HTML; Salesforce wants the text.
    private static string? PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", string.Empty, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        text = System.Net.WebUtility.HtmlDecode(text).Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static OdooException Unknown(string what, string? value) =>
        new(OdooFailure.ProtocolMismatch, $"Odoo returned an unknown {what} '{value}'.");
}
