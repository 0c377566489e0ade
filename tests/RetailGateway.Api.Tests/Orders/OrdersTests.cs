using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Orders;

/// <summary>Order endpoints through the real host, against the sandbox over each Odoo protocol.</summary>
public abstract class OrdersTests(GatewayFixture gateway)
{
    // A past date, never the day a test runs: Odoo's action_confirm replaces date_order with the confirmation time.
    private const string OrderDate = "2026-11-01";

    private readonly HttpClient _client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write", "Customers.Read", "Invoices.Read");

    private async Task<string> NewCustomerAsync()
    {
        var salesforceId = TestApi.Unique("001");
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { salesforceId, name = "Order Co " + salesforceId }))
            .ExpectAsync(HttpStatusCode.Created);
        return created["customerId"]!.GetValue<string>();
    }

    private static object OneLine(string salesforceId, string customerId, string sku) =>
        new { salesforceId, customerId, lines = new object[] { new { sku, quantity = 1 } } };

    private static object Submission(string salesforceId, string customerId) => new
    {
        salesforceId,
        customerId,
        orderDate = OrderDate,
        notes = "Deliver to the loading dock.",
        lines = new object[]
        {
            new { sku = "DESK0005", quantity = 2 },
            new { sku = "DESK0006", quantity = 1, unitPrice = 95.0m, discountPercent = 10m },
        },
    };

    [Fact]
    public async Task Submit_CreatesAConfirmedOrder_ThatReadsBackWithLinesTotalsAndShipment()
    {
        var customerId = await NewCustomerAsync();
        var salesforceId = TestApi.Unique("801");
        var response = await _client.SubmitOrderAsync(Submission(salesforceId, customerId));
        var submitted = await response.ExpectAsync(HttpStatusCode.Created);
        var orderId = submitted["orderId"]!.GetValue<string>();
        Assert.Equal($"/api/v1/orders/{orderId}", response.Headers.Location?.OriginalString);

        var order = await (await _client.GetAsync($"/api/v1/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(salesforceId, order["salesforceId"]!.GetValue<string>());
        Assert.Equal(customerId, order["customerId"]!.GetValue<string>());
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        Assert.Equal("pending", order["deliveryStatus"]!.GetValue<string>());
        Assert.Equal("notInvoiced", order["paymentStatus"]!.GetValue<string>());
        Assert.Equal(OrderDate, order["orderDate"]!.GetValue<string>());
        Assert.Equal("USD", order["currencyCode"]!.GetValue<string>());
        Assert.StartsWith("S", order["orderNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Deliver to the loading dock.", order["notes"]!.GetValue<string>());

        var lines = order["lines"]!.AsArray();
        Assert.Equal(["DESK0005", "DESK0006"], lines.Select(l => l!["sku"]!.GetValue<string>()));
        Assert.Equal(2m, lines[0]!["quantity"]!.GetValue<decimal>());
        Assert.Equal(95m, lines[1]!["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(10m, lines[1]!["discountPercent"]!.GetValue<decimal>());
        Assert.Equal(85.5m, lines[1]!["amountUntaxed"]!.GetValue<decimal>());
        var untaxed = lines.Sum(l => l!["amountUntaxed"]!.GetValue<decimal>());
        Assert.Equal(untaxed, order["amountUntaxed"]!.GetValue<decimal>());
        Assert.Equal(order["amountUntaxed"]!.GetValue<decimal>() + order["amountTax"]!.GetValue<decimal>(), order["amountTotal"]!.GetValue<decimal>());

        var shipment = Assert.Single(order["shipments"]!.AsArray());
        Assert.Contains("/OUT/", shipment!["shipmentNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(shipment["status"]!.GetValue<string>(), new[] { "ready", "waiting" });
        Assert.Null(shipment["shippedAt"]);
        Assert.Empty(order["invoiceIds"]!.AsArray());
    }

    [Fact]
    public async Task Submit_TheSameSalesforceOrderTwice_CreatesOneOrder()
    {
        var customerId = await NewCustomerAsync();
        var salesforceId = TestApi.Unique("801");
        var first = await (await _client.SubmitOrderAsync(Submission(salesforceId, customerId))).ExpectAsync(HttpStatusCode.Created);
        var creates = gateway.Sandbox.Calls.Creates("sale.order");

        var retry = await (await _client.SubmitOrderAsync(Submission(salesforceId, customerId))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first["orderId"]!.GetValue<string>(), retry["orderId"]!.GetValue<string>());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
        var listed = await (await _client.GetAsync($"/api/v1/orders?salesforceId={salesforceId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task Submit_WithUnknownSkus_Is422PerLineAndCreatesNothing()
    {
        var customerId = await NewCustomerAsync();
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        var response = await _client.SubmitOrderAsync(new
        {
            salesforceId = TestApi.Unique("801"),
            customerId,
            lines = new object[] { new { sku = "DESK0005", quantity = 1 }, new { sku = "NO-SUCH-SKU", quantity = 1 } },
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
        Assert.Equal(["lines[1].sku"], problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
    }

    [Fact]
    public async Task Submit_SkuArchivedSinceTheLastOrder_Is422AndLeavesNoOrder()
    {
        var customerId = await NewCustomerAsync();
        // The first order makes the gateway remember the SKU's product.
        await (await _client.SubmitOrderAsync(OneLine(TestApi.Unique("801"), customerId, "FURN_0002"))).ExpectAsync(HttpStatusCode.Created);
        gateway.Sandbox.Data.SetProductActive("FURN_0002", false);
        try
        {
            var salesforceId = TestApi.Unique("801");
            var response = await _client.SubmitOrderAsync(OneLine(salesforceId, customerId, "FURN_0002"));

            var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
            Assert.Equal(["lines[0].sku"], problem.ErrorFields());
            Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        }
        finally
        {
            gateway.Sandbox.Data.SetProductActive("FURN_0002", true);
        }
    }

    [Fact]
    public async Task Submit_WithAnUnknownSkuForAnUnknownCustomer_ReportsTheSku()
    {
        // The look-ups run concurrently; whichever Odoo answers first, the SKU problem is the one reported.
        var problem = await (await _client.SubmitOrderAsync(OneLine(TestApi.Unique("801"), "99999999", "NO-SUCH-SKU")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
        Assert.Equal(["lines[0].sku"], problem.ErrorFields());
    }

    [Fact]
    public async Task Submit_ForAnUnknownCustomer_Is422AndCreatesNothing()
    {
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        var problem = await (await _client.SubmitOrderAsync(Submission(TestApi.Unique("801"), "99999999")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");
        Assert.Equal(["customerId"], problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Submit_WithANonPositiveQuantity_Is400AndCallsNoOdooWrite(decimal quantity)
    {
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        var problem = await (await _client.SubmitOrderAsync(new
        {
            salesforceId = TestApi.Unique("801"),
            customerId = "1",
            lines = new object[] { new { sku = "DESK0005", quantity } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["lines[0].quantity"], problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
    }

    [Theory]
    [InlineData(1, "[null]", "lines[0]")]
    [InlineData(2, "[null]", "lines[0]")]
    [InlineData(2, "[{\"sku\":\"DESK0005\",\"quantity\":1},null]", "lines[1]")]
    public async Task Submit_WithANullLine_Is400NamingTheLineAndCallsNoOdooWrite(int version, string lines, string field)
    {
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        var body = $$"""{"salesforceId":"{{TestApi.Unique("801")}}","customerId":"1","lines":{{lines}}}""";
        var problem = await (await _client.PostRawAsync($"/api/v{version}/orders", body, idempotencyKey: Guid.NewGuid().ToString()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
    }

    [Fact]
    public async Task Submit_WithoutLinesOrSalesforceId_ListsBothFields()
    {
        var problem = await (await _client.SubmitOrderAsync(new { customerId = "1", lines = Array.Empty<object>() }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("salesforceId", problem.ErrorFields());
        Assert.Contains("lines", problem.ErrorFields());
    }

    [Fact]
    public async Task Submit_WithAQuantityOfTheWrongType_IsAMalformedRequest()
    {
        var problem = await (await _client.PostRawAsync("/api/v1/orders", """{"salesforceId":"801X","customerId":"1","lines":[{"sku":"DESK0005","quantity":"two"}]}""", idempotencyKey: "k-two"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Contains("lines[0].quantity", problem.ErrorFields());
    }

    [Fact]
    public async Task Cancel_CancelsTheOrderAndItsShipment_AndIsSafeToRepeat()
    {
        var customerId = await NewCustomerAsync();
        var submitted = await (await _client.SubmitOrderAsync(Submission(TestApi.Unique("801"), customerId))).ExpectAsync(HttpStatusCode.Created);
        var orderId = submitted["orderId"]!.GetValue<string>();

        var cancelled = await (await _client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.All(cancelled["shipments"]!.AsArray(), s => Assert.Equal("cancelled", s!["status"]!.GetValue<string>()));

        var again = await (await _client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", again["status"]!.GetValue<string>());
    }

    /// <summary>Odoo 16-19 would cancel it (the delivery staying done); the gateway refuses before it asks Odoo to change anything.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cancel_AnOrderWithAShippedDelivery_Is422OrderShipped_AndOdooIsNotAskedToCancel(int version)
    {
        var customerId = await NewCustomerAsync();
        var submitted = await (await _client.SubmitOrderAsync(Submission(TestApi.Unique("801"), customerId))).ExpectAsync(HttpStatusCode.Created);
        var orderId = submitted["orderId"]!.GetValue<string>();
        gateway.Sandbox.Data.ShipOrder(int.Parse(orderId, CultureInfo.InvariantCulture));
        var cancels = gateway.Sandbox.Calls.Count("sale.order", "action_cancel");
        var unlocks = gateway.Sandbox.Calls.Count("sale.order", "action_unlock");

        var problem = await (await _client.PostAsync($"/api/v{version}/orders/{orderId}/cancel", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "order_shipped");

        Assert.Contains("shipped", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(cancels, gateway.Sandbox.Calls.Count("sale.order", "action_cancel"));
        Assert.Equal(unlocks, gateway.Sandbox.Calls.Count("sale.order", "action_unlock"));
        var order = await (await _client.GetAsync($"/api/v{version}/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        Assert.All(order["shipments"]!.AsArray(), s => Assert.Equal("shipped", s!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancel_UnknownOrder_Is404()
    {
        await (await _client.PostAsync("/api/v1/orders/99999999/cancel", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task List_ByCustomerAndStatus_ReturnsThatCustomersOrders()
    {
        var customerId = await NewCustomerAsync();
        var kept = await (await _client.SubmitOrderAsync(Submission(TestApi.Unique("801"), customerId))).ExpectAsync(HttpStatusCode.Created);
        var dropped = await (await _client.SubmitOrderAsync(Submission(TestApi.Unique("801"), customerId))).ExpectAsync(HttpStatusCode.Created);
        await (await _client.PostAsync($"/api/v1/orders/{dropped["orderId"]}/cancel", null)).ExpectAsync(HttpStatusCode.OK);

        var all = await (await _client.GetAsync($"/api/v1/orders?customerId={customerId}")).ExpectAsync(HttpStatusCode.OK);
        var confirmed = await (await _client.GetAsync($"/api/v1/orders?customerId={customerId}&status=confirmed")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, all["items"]!.AsArray().Count);
        var only = Assert.Single(confirmed["items"]!.AsArray());
        Assert.Equal(kept["orderId"]!.GetValue<string>(), only!["orderId"]!.GetValue<string>());
        Assert.NotEmpty(only["lines"]!.AsArray());
    }

    [Fact]
    public async Task List_WithAnUnknownStatus_Is400()
    {
        await (await _client.GetAsync("/api/v1/orders?status=shipped")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task List_PagesWithCursor_VisitsEveryOrderOnce()
    {
        var seen = await _client.ReadAllPagesAsync("/api/v1/orders", 3, "orderId");
        Assert.True(seen.Count >= 3, "The seeded sandbox has several orders.");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var onePage = await (await _client.GetAsync("/api/v1/orders?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(onePage["items"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>()), seen);
    }

    [Fact]
    public async Task Get_ASeededShippedOrder_ShowsTrackingAndInvoices()
    {
        var orders = (await (await _client.GetAsync("/api/v1/orders?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var shipped = orders.Select(o => o!).FirstOrDefault(o => o["shipments"]!.AsArray().Any(s => s!["trackingReference"] is JsonValue));
        Assert.NotNull(shipped);
        var shipment = shipped!["shipments"]!.AsArray().First(s => s!["trackingReference"] is JsonValue)!;
        Assert.Equal("shipped", shipment["status"]!.GetValue<string>());
        Assert.NotNull(shipment["shippedAt"]);

        var invoiced = orders.Select(o => o!).First(o => o["invoiceIds"]!.AsArray().Count > 0);
        Assert.NotEqual("notInvoiced", invoiced["paymentStatus"]!.GetValue<string>());
        var invoiceId = invoiced["invoiceIds"]![0]!.GetValue<string>();
        var invoice = await (await _client.GetAsync($"/api/v1/invoices/{invoiceId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(invoiced["orderId"]!.GetValue<string>(), invoice["orderId"]!.GetValue<string>());
    }
}

public sealed class OrdersOverJsonRpc(JsonRpcGateway gateway) : OrdersTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class OrdersOverJson2(Json2Gateway gateway) : OrdersTests(gateway), IClassFixture<Json2Gateway>;
