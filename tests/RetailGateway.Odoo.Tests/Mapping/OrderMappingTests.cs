using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.Orders;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

public sealed class OrderMappingTests
{
    // The recorded order is id 28 in both databases.
    private const long OrderId = 28;

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, "S00028", "44", "801FIX110916AAA", "2026-11-27T11:09:16Z")]
    [InlineData(Recording.Odoo19Json2, "S00030", "46", "801F19112129AAA", "2026-11-27T11:21:29Z")]
    public void ToOrder_FromRecordedDraft_KeepsNumberCustomerAndAmounts(string file, string number, string customerId, string salesforceId, string writeDate)
    {
        var order = ToOrder(file, "order_read_draft");

        Assert.Equal("28", order.OrderId);
        Assert.Equal(number, order.OrderNumber);
        Assert.Equal(customerId, order.CustomerId);
        Assert.Equal(salesforceId, order.SalesforceId);
        Assert.Equal("USD", order.CurrencyCode);
        Assert.Equal(1585.5m, order.AmountUntaxed);
        Assert.Equal(0m, order.AmountTax);
        Assert.Equal(1585.5m, order.AmountTotal);
        Assert.Equal(new DateOnly(2026, 11, 27), order.OrderDate);
        Assert.Equal(Utc(writeDate), order.UpdatedAt);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc)]
    [InlineData(Recording.Odoo19Json2)]
    public void ToOrder_FromRecordedDraft_IsAnUnlockedDraftNotYetDeliveredOrInvoiced(string file)
    {
        var order = ToOrder(file, "order_read_draft");

        Assert.Equal(OrderStatus.Draft, order.Status);
        Assert.False(order.IsLocked);
        Assert.Equal(DeliveryStatus.NotStarted, order.DeliveryStatus);
        Assert.Equal(InvoiceStatus.Nothing, order.InvoiceStatus);
        Assert.Equal(OrderPaymentStatus.NotInvoiced, order.PaymentStatus);
        Assert.Empty(order.Shipments);
        Assert.Empty(order.InvoiceIds);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, "54", "55")]
    [InlineData(Recording.Odoo19Json2, "53", "54")]
    public void ToOrder_FromRecordedLines_ReadsSkusFromProductNamesAndKeepsLineAmounts(string file, string firstLineId, string secondLineId)
    {
        var order = ToOrder(file, "order_read_draft");

        Assert.Collection(
            order.Lines,
            desk =>
            {
                Assert.Equal(firstLineId, desk.LineId);
                Assert.Equal("DESK0005", desk.Sku);
                Assert.Equal(2m, desk.Quantity);
                Assert.Equal(750m, desk.UnitPrice);
                Assert.Equal(0m, desk.DiscountPercent);
                Assert.Equal(1500m, desk.AmountTotal);
            },
            discounted =>
            {
                Assert.Equal(secondLineId, discounted.LineId);
                Assert.Equal("DESK0006", discounted.Sku);
                Assert.Equal(1m, discounted.Quantity);
                Assert.Equal(95m, discounted.UnitPrice);
                Assert.Equal(10m, discounted.DiscountPercent);
                Assert.Equal(85.5m, discounted.AmountUntaxed);
                Assert.Equal(85.5m, discounted.AmountTotal);
            });
        Assert.Equal(order.AmountTotal, order.Lines.Sum(l => l.AmountTotal));
    }

    [Fact]
    public void ToOrder_FromRecordedOdoo17Lines_DescribesLinesWithTheirOwnText()
    {
        var order = ToOrder(Recording.Odoo17JsonRpc, "order_read_draft");

        Assert.Equal("[DESK0005] Customizable Desk (Custom, White)\n160x80cm, with large legs.", order.Lines[0].Description);
    }

    [Fact]
    public void ToOrder_WithLineTextNotRead_DescribesLinesWithTheProductName()
    {
        // The Odoo 19 recording did not ask for the line's name.
        var order = ToOrder(Recording.Odoo19Json2, "order_read_draft");

        Assert.Equal("[DESK0005] Customizable Desk (White, Custom)", order.Lines[0].Description);
    }

    [Fact]
    public void ToOrder_WithLinesOfAnotherOrder_LeavesThemOut()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo17JsonRpc, "order_read_draft", OrderId);
        var otherOrderLines = Lines(Recording.Odoo17JsonRpc, orderId: 29);

        var mapped = OrderMapping.ToOrder(order, otherOrderLines, [], []);

        Assert.Empty(mapped.Lines);
    }

    [Theory]
    [InlineData("[DESK0005] Customizable Desk (Custom, White)", "DESK0005")]
    [InlineData("[E-COM07] Large Cabinet", "E-COM07")]
    [InlineData("Large Desk", null)]
    [InlineData("[] Unnamed", null)]
    public void SkuFromDisplayName_ReadsTheBracketedReference(string displayName, string? expected)
    {
        Assert.Equal(expected, OrderMapping.SkuFromDisplayName(displayName));
    }

    [Fact]
    public void ToOrder_WithProductWithoutReference_HasLineWithoutSku()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo19Json2, "order_read_draft", OrderId);
        var lines = Lines(Recording.Odoo19Json2, OrderId, line => line["product_id"] = new JsonArray(23, "Large Desk"));

        var mapped = OrderMapping.ToOrder(order, lines, [], []);

        Assert.All(mapped.Lines, line => Assert.Null(line.Sku));
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc)]
    [InlineData(Recording.Odoo19Json2)]
    public void ToOrder_FromRecordedConfirmation_IsConfirmedWithDeliveryPending(string file)
    {
        var order = ToOrder(file, "order_read_confirmed");

        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(DeliveryStatus.Pending, order.DeliveryStatus);
        Assert.Equal(InvoiceStatus.Nothing, order.InvoiceStatus);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, "27", "2026-11-27T11:09:16Z")]
    [InlineData(Recording.Odoo19Json2, "19", "2026-11-27T11:21:29Z")]
    public void ToOrder_FromRecordedPickings_ShowsAssignedDeliveryAsReadyAndNotShipped(string file, string shipmentId, string scheduled)
    {
        var order = ToOrder(file, "order_read_confirmed");

        var shipment = Assert.Single(order.Shipments);
        Assert.Equal(shipmentId, shipment.ShipmentId);
        Assert.Equal("WH/OUT/00014", shipment.ShipmentNumber);
        Assert.Equal(ShipmentStatus.Ready, shipment.Status);
        Assert.Equal(Utc(scheduled), shipment.ScheduledAt);
        Assert.Null(shipment.ShippedAt);
        Assert.Null(shipment.TrackingReference);
    }

    [Fact]
    public void ToOrder_WithReceiptPicking_LeavesItOutOfShipments()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo17JsonRpc, "order_read_confirmed", OrderId);
        var receipts = RecordedRecords.Read<PickingRecord>(Recording.Odoo17JsonRpc, "order_pickings_read", p => p["picking_type_code"] = "incoming");

        var mapped = OrderMapping.ToOrder(order, [], receipts, []);

        Assert.Empty(mapped.Shipments);
    }

    [Fact]
    public void ToOrder_WithDoneDeliveryAndTracking_ShowsShippedAtAndTracking()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo17JsonRpc, "order_read_confirmed", OrderId);
        var shipped = RecordedRecords.Read<PickingRecord>(Recording.Odoo17JsonRpc, "order_pickings_read", p =>
        {
            p["state"] = "done";
            p["date_done"] = "2026-11-28 09:30:00";
            p[PickingRecord.TrackingField] = "1Z999AA10123456784";
        });

        var shipment = Assert.Single(OrderMapping.ToOrder(order, [], shipped, []).Shipments);

        Assert.Equal(ShipmentStatus.Shipped, shipment.Status);
        Assert.Equal(Utc("2026-11-28T09:30:00Z"), shipment.ShippedAt);
        Assert.Equal("1Z999AA10123456784", shipment.TrackingReference);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, "2026-11-27T11:09:17Z")]
    [InlineData(Recording.Odoo19Json2, "2026-11-27T11:21:30Z")]
    public void ToOrder_FromRecordedCancel_IsCancelled(string file, string writeDate)
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(file, "order_read_after_cancel", OrderId);

        var mapped = OrderMapping.ToOrder(order, [], [], []);

        Assert.Equal(OrderStatus.Cancelled, mapped.Status);
        Assert.Equal(Utc(writeDate), mapped.UpdatedAt);
    }

    [Fact]
    public void ToOrder_FromRecordedOdoo17Cancel_ShowsTheDeliveryCancelled()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo17JsonRpc, "order_read_after_cancel", OrderId);
        var pickings = RecordedRecords.Read<PickingRecord>(Recording.Odoo17JsonRpc, "pickings_after_cancel");

        var shipment = Assert.Single(OrderMapping.ToOrder(order, [], pickings, []).Shipments);

        Assert.Equal(ShipmentStatus.Cancelled, shipment.Status);
    }

    [Fact]
    public void ToOrder_WithUnknownState_FailsAsProtocolMismatch()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo17JsonRpc, "order_read_draft", OrderId, o => o["state"] = "archived");

        var exception = Assert.Throws<OdooException>(() => OrderMapping.ToOrder(order, [], [], []));

        Assert.Equal(OdooFailure.ProtocolMismatch, exception.Failure);
    }

    [Fact]
    public void ToOrder_WithHtmlNote_GivesPlainText()
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(
            Recording.Odoo17JsonRpc, "order_read_draft", OrderId, o => o["note"] = "<p>Deliver to the loading dock &amp; call ahead.</p>");

        Assert.Equal("Deliver to the loading dock & call ahead.", OrderMapping.ToOrder(order, [], [], []).Notes);
    }

    [Fact]
    public void ToOrder_WithRecordedInvoices_ListsTheOrdersInvoiceIds()
    {
        var mapped = ToOrderWithInvoices(27, 25);

        Assert.Equal(["27", "25"], mapped.InvoiceIds);
    }

    [Theory]
    [InlineData(new long[0], OrderPaymentStatus.NotInvoiced)]
    [InlineData(new long[] { 27 }, OrderPaymentStatus.NotPaid)]
    [InlineData(new long[] { 25 }, OrderPaymentStatus.Paid)]
    [InlineData(new long[] { 27, 25 }, OrderPaymentStatus.PartiallyPaid)]
    [InlineData(new long[] { 14 }, OrderPaymentStatus.NotInvoiced)]
    public void ToOrder_WithRecordedInvoices_SummarisesPaymentOverPostedInvoices(long[] invoiceIds, OrderPaymentStatus expected)
    {
        // In the Odoo 17 recording, invoice 27 is posted and not paid, 25 posted and paid, 14 a credit note.
        Assert.Equal(expected, ToOrderWithInvoices(invoiceIds).PaymentStatus);
    }

    [Fact]
    public void ToOrder_WithUnpaidDraftInvoice_IgnoresItInPaymentStatus()
    {
        var mapped = ToOrderWithInvoices([27, 25], invoice =>
        {
            if ((long)invoice["id"]! == 27)
            {
                invoice["state"] = "draft";
            }
        });

        Assert.Equal(OrderPaymentStatus.Paid, mapped.PaymentStatus);
    }

    [Fact]
    public void ToOrder_WithPaymentInProgress_IsInPayment()
    {
        var mapped = ToOrderWithInvoices([27, 25], invoice =>
        {
            if ((long)invoice["id"]! == 27)
            {
                invoice["payment_state"] = "in_payment";
            }
        });

        Assert.Equal(OrderPaymentStatus.InPayment, mapped.PaymentStatus);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 44, 37, 38)]
    [InlineData(Recording.Odoo19Json2, 46, 15, 18)]
    public void ToCreateValues_ForRecordedSubmission_SendsRecordedOrderLinesAndReference(string file, long partnerId, long desk5, long desk6)
    {
        var recorded = file == Recording.Odoo17JsonRpc
            ? RecordedRecords.JsonRpcPositional("order_create", 0)
            : Recording.Get(file, "order_create").RequestBody!["vals_list"]![0]!;
        var salesforceId = (string)recorded["client_order_ref"]!;
        var submission = new OrderSubmission
        {
            SalesforceId = salesforceId,
            CustomerId = partnerId.ToString(CultureInfo.InvariantCulture),
            Lines =
            [
                new OrderLineSubmission { Sku = "DESK0005", Quantity = 2 },
                new OrderLineSubmission { Sku = "DESK0006", Quantity = 1, UnitPrice = 95m, DiscountPercent = 10m },
            ],
        };
        var productIds = new Dictionary<string, long> { ["DESK0005"] = desk5, ["DESK0006"] = desk6 };

        var values = OrderMapping.ToCreateValues(submission, partnerId, productIds, Utc("2026-11-27T00:00:00Z"));

        Assert.Equal(partnerId, (long)values["partner_id"]!);
        Assert.Equal(salesforceId, (string?)values["client_order_ref"]);
        JsonAssert.Equal(recorded["order_line"], values["order_line"]);
    }

    [Fact]
    public void ToCreateValues_WithOrderDateInAnotherZone_SendsItAsOdooUtcText()
    {
        var orderDate = new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.FromHours(2));

        var values = OrderMapping.ToCreateValues(Submission(notes: null), 44, new Dictionary<string, long> { ["DESK0005"] = 37 }, orderDate);

        Assert.Equal("2026-11-26 23:30:00", (string?)values["date_order"]);
    }

    [Fact]
    public void ToCreateValues_WithNotes_SendsNoteAndWithoutNotesLeavesItOut()
    {
        var productIds = new Dictionary<string, long> { ["DESK0005"] = 37 };

        var withNotes = OrderMapping.ToCreateValues(Submission("Deliver to the loading dock."), 44, productIds, DateTimeOffset.UnixEpoch);
        var withoutNotes = OrderMapping.ToCreateValues(Submission(notes: string.Empty), 44, productIds, DateTimeOffset.UnixEpoch);

        Assert.Equal("Deliver to the loading dock.", (string?)withNotes["note"]);
        Assert.False(withoutNotes.ContainsKey("note"));
    }

    [Theory]
    [InlineData(OrderStatus.Draft, "draft")]
    [InlineData(OrderStatus.QuotationSent, "sent")]
    [InlineData(OrderStatus.Confirmed, "sale")]
    [InlineData(OrderStatus.Done, "done")]
    [InlineData(OrderStatus.Cancelled, "cancel")]
    public void ToOdooStates_ForEachStatus_NamesTheStateThatMapsBackToIt(OrderStatus status, string state)
    {
        Assert.Equal([state], OrderMapping.ToOdooStates(status));

        var order = RecordedRecords.ReadOne<SaleOrderRecord>(Recording.Odoo17JsonRpc, "order_read_draft", OrderId, o => o["state"] = state);
        Assert.Equal(status, OrderMapping.ToOrder(order, [], [], []).Status);
    }

    /// <summary>The recorded order read with its recorded lines and pickings, the way the gateway loads an order.</summary>
    private static Order ToOrder(string file, string orderRead)
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(file, orderRead, OrderId);
        var pickings = RecordedRecords.Read<PickingRecord>(file, "order_pickings_read");
        return OrderMapping.ToOrder(order, Lines(file, OrderId), pickings, []);
    }

    /// <summary>
    /// The recorded lines as the gateway reads them. The recordings fetched one order's lines by domain and so
    /// did not ask for <c>order_id</c>; the gateway reads the lines of a page of orders at once and asks for it.
    /// </summary>
    private static IReadOnlyList<SaleOrderLineRecord> Lines(string file, long orderId, Action<JsonObject>? edit = null) =>
        RecordedRecords.Read<SaleOrderLineRecord>(file, "order_lines_read", line =>
        {
            line["order_id"] = new JsonArray(orderId, "S000" + orderId.ToString(CultureInfo.InvariantCulture));
            edit?.Invoke(line);
        });

    private static Order ToOrderWithInvoices(params long[] invoiceIds) => ToOrderWithInvoices(invoiceIds, null);

    /// <summary>The recorded Odoo 17 draft, as if it had the given invoices from the recorded invoice list.</summary>
    private static Order ToOrderWithInvoices(long[] invoiceIds, Action<JsonObject>? editInvoice)
    {
        var order = RecordedRecords.ReadOne<SaleOrderRecord>(
            Recording.Odoo17JsonRpc, "order_read_draft", OrderId, o => o["invoice_ids"] = new JsonArray([.. invoiceIds.Select(id => JsonValue.Create(id))]));
        var invoices = RecordedRecords.Read<InvoiceRecord>(Recording.Odoo17JsonRpc, "invoices_list", editInvoice);
        return OrderMapping.ToOrder(order, [], [], invoices);
    }

    private static OrderSubmission Submission(string? notes) => new()
    {
        SalesforceId = "801FIX110916AAA",
        CustomerId = "44",
        Lines = [new OrderLineSubmission { Sku = "DESK0005", Quantity = 1 }],
        Notes = notes,
    };

    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
}
