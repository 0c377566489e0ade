using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;

namespace RetailGateway.Api.Tests.Returns;

/// <summary>Return endpoints (v2) through the real host, against the sandbox over each Odoo protocol.</summary>
public abstract class ReturnsTests(GatewayFixture gateway)
{
    private const string Desk = "DESK0005";
    private const string Cabinet = "FURN_7800";

    private readonly HttpClient _client = gateway.Client("Returns.Read", "Returns.Write", "Orders.Read", "Orders.Write", "Customers.Write", "Stock.Read");

    private async Task<string> NewCustomerAsync(HttpClient? client = null)
    {
        var salesforceId = TestApi.Unique("001");
        var created = await (await (client ?? _client).PostJsonAsync("/api/v1/customers", new { salesforceId, name = "Return Co " + salesforceId }))
            .ExpectAsync(HttpStatusCode.Created);
        return created["customerId"]!.GetValue<string>();
    }

    /// <summary>A confirmed order of 3 desks and 2 cabinets; shipped in full unless told otherwise.</summary>
    private async Task<JsonNode> NewOrderAsync(bool ship = true, HttpClient? client = null)
    {
        gateway.Sandbox.Data.SetStock(Desk, "WH", 500);
        gateway.Sandbox.Data.SetStock(Cabinet, "WH", 500);
        var customerId = await NewCustomerAsync(client);
        var order = new
        {
            salesforceId = TestApi.Unique("801"),
            customerId,
            lines = new object[] { new { sku = Desk, quantity = 3 }, new { sku = Cabinet, quantity = 2 } },
        };
        var created = await (await (client ?? _client).SubmitOrderAsync(order, path: "/api/v2/orders")).ExpectAsync(HttpStatusCode.Created);
        if (ship)
        {
            gateway.Sandbox.Data.ShipOrder(OdooId(created["orderId"]!));
        }

        return created;
    }

    private static object Return(string salesforceId, params (string Sku, decimal Quantity)[] lines) => new
    {
        salesforceId,
        reason = "Damaged in transit",
        lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray(),
    };

    private Task<HttpResponseMessage> CreateReturnAsync(string orderId, object body, string? idempotencyKey = null, HttpClient? client = null) =>
        (client ?? _client).SubmitOrderAsync(body, idempotencyKey, path: $"/api/v2/orders/{orderId}/returns");

    private static int OdooId(JsonNode id) => int.Parse(id.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Id(JsonNode resource, string member) => resource[member]!.GetValue<string>();

    [Fact]
    public async Task Create_APartialReturnOfADeliveredOrder_Is201_ThenTheSameCaseIs200WithIt()
    {
        var order = await NewOrderAsync();
        var orderId = Id(order, "orderId");
        var caseId = TestApi.Unique("500");
        var creates = gateway.Sandbox.Calls.Creates("stock.return.picking");

        var response = await CreateReturnAsync(orderId, Return(caseId, (Desk, 1)));
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var again = await (await CreateReturnAsync(orderId, Return(caseId, (Desk, 1)))).ExpectAsync(HttpStatusCode.OK);

        var returnId = Id(created, "returnId");
        Assert.Equal($"/api/v2/returns/{returnId}", response.Headers.Location?.OriginalString);
        Assert.Equal(returnId, Id(again, "returnId"));
        Assert.Equal(creates + 1, gateway.Sandbox.Calls.Creates("stock.return.picking"));
        Assert.Equal(1, gateway.Sandbox.Data.ReturnPickings(OdooId(order["orderId"]!)));
        Assert.Equal("awaitingReceipt", Id(created, "status"));
        Assert.Equal(caseId, Id(created, "salesforceId"));
        Assert.Equal("Damaged in transit", Id(created, "reason"));
        Assert.Equal(orderId, Id(created, "orderId"));
        Assert.Equal(Id(order, "orderNumber"), Id(created, "orderNumber"));
        Assert.StartsWith("WH/IN/", Id(created, "returnNumber"), StringComparison.Ordinal);
        Assert.Null(created["receivedAt"]);
        var line = Assert.Single(created["lines"]!.AsArray())!;
        Assert.Equal(Desk, Id(line, "sku"));
        Assert.Equal(1m, line["quantity"]!.GetValue<decimal>());
        Assert.Equal(0m, line["receivedQuantity"]!.GetValue<decimal>());

        // The order shows the return apart from its shipments, and Odoo's delivery status counts it.
        var read = await (await _client.GetAsync($"/api/v2/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        var shipment = Assert.Single(read["shipments"]!.AsArray())!;
        Assert.Equal(Id(shipment, "shipmentId"), Id(created, "shipmentId"));
        Assert.Equal(Id(shipment, "shipmentNumber"), Id(created, "shipmentNumber"));
        var listed = Assert.Single(read["returns"]!.AsArray())!;
        Assert.Equal((returnId, Id(created, "returnNumber"), "awaitingReceipt"), (Id(listed, "returnId"), Id(listed, "returnNumber"), Id(listed, "status")));
        Assert.Equal("partial", Id(read, "deliveryStatus"));
        var v1 = await (await _client.GetAsync($"/api/v1/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(v1["returns"]);
    }

    [Fact]
    public async Task Create_AfterAnAttemptStoppedBeforeMarkingItsReturn_FinishesThatReturn_AndMakesNoOther()
    {
        var order = await NewOrderAsync();
        var orderId = OdooId(order["orderId"]!);
        var caseId = TestApi.Unique("500");
        // What an attempt leaves when it stops between Odoo making the return and the gateway writing the Case id into it.
        int unmarked;
        using (var scope = gateway.Gateway.Services.CreateScope())
        {
            var odooReturns = scope.ServiceProvider.GetRequiredService<OdooReturns>();
            var delivery = (await odooReturns.OrderTransfersAsync(orderId, CancellationToken.None))!.Transfers.Records.Single(ReturnMapping.IsDelivery);
            var made = await odooReturns.CreateAsync(new ReturnDraft(delivery, new Dictionary<string, decimal> { [Desk] = 1 }, caseId, "Damaged in transit"), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IOdooClient>().WriteAsync(ReturnMapping.PickingModel, [made], new JsonObject { ["origin"] = "Return of " + delivery.Name }, CancellationToken.None);
            unmarked = (int)made;
        }

        // The unmarked return counts as returned for another Case (3 shipped, 1 expected back), and is not that Case's.
        var other = await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Desk, 3)))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var finished = await (await CreateReturnAsync(Id(order, "orderId"), Return(caseId, (Desk, 1)))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("return_exceeds_delivered", other["errorCode"]!.GetValue<string>());
        Assert.Equal(unmarked.ToString(CultureInfo.InvariantCulture), Id(finished, "returnId"));
        Assert.Equal(caseId, Id(finished, "salesforceId"));
        Assert.Equal("Damaged in transit", Id(finished, "reason"));
        Assert.Equal(1, gateway.Sandbox.Data.ReturnPickings(orderId));
    }

    [Fact]
    public async Task CreateAndReceive_AreAudited_WithTheReturnOrderAndCaseIds()
    {
        var order = await NewOrderAsync();
        var orderId = Id(order, "orderId");
        var clientId = TestApi.Unique("sf-returns-");
        using var client = gateway.Gateway.ClientFor(clientId, "Returns.Write");
        var caseId = TestApi.Unique("500");

        var created = await (await CreateReturnAsync(orderId, Return(caseId, (Desk, 1)), client: client)).ExpectAsync(HttpStatusCode.Created);
        var returnId = Id(created, "returnId");
        await (await client.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectAsync(HttpStatusCode.OK);

        var create = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == "RetailGateway.Audit" && r["ClientId"] == clientId && r["Operation"] == "createReturn");
        var receive = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == "RetailGateway.Audit" && r["ClientId"] == clientId && r["Operation"] == "receiveReturn");
        Assert.Equal("201", create["Status"]);
        Assert.Equal($"orderId={orderId} returnId={returnId} salesforceId={caseId}", create["ResourceIds"]);
        Assert.Equal("200", receive["Status"]);
        Assert.Equal($"orderId={orderId} returnId={returnId} salesforceId={caseId}", receive["ResourceIds"]);
        Assert.DoesNotContain("Damaged in transit", create.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ConcurrentlyForTheSameCase_MakesOneReturn()
    {
        var order = await NewOrderAsync();
        var caseId = TestApi.Unique("500");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateReturnAsync(Id(order, "orderId"), Return(caseId, (Cabinet, 1)))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var ids = await Task.WhenAll(responses.Select(async r => Id(await r.ReadJsonAsync(), "returnId")));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, gateway.Sandbox.Data.ReturnPickings(OdooId(order["orderId"]!)));
    }

    [Fact]
    public async Task Create_MoreThanDeliveredMinusReturned_Is422WithFieldErrors_AndCreatesNothing()
    {
        var order = await NewOrderAsync();
        var orderId = Id(order, "orderId");
        await (await CreateReturnAsync(orderId, Return(TestApi.Unique("500"), (Desk, 2)))).ExpectAsync(HttpStatusCode.Created);
        var creates = gateway.Sandbox.Calls.Creates("stock.return.picking");

        // 3 delivered, 2 on their way back (a pending return counts): 1 more at most.
        var problem = await (await CreateReturnAsync(orderId, Return(TestApi.Unique("500"), (Cabinet, 1), (Desk, 2)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "return_exceeds_delivered");

        Assert.Equal(["lines[1].quantity"], problem.ErrorFields());
        Assert.Contains("At most 1 ", problem["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("stock.return.picking"));
        Assert.Equal(1, gateway.Sandbox.Data.ReturnPickings(OdooId(order["orderId"]!)));
        await (await CreateReturnAsync(orderId, Return(TestApi.Unique("500"), (Desk, 1)))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_ForAnOrderNotDelivered_Is422NothingDelivered()
    {
        var order = await NewOrderAsync(ship: false);
        var creates = gateway.Sandbox.Calls.Creates("stock.return.picking");

        await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Desk, 1)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "nothing_delivered");

        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("stock.return.picking"));
    }

    [Fact]
    public async Task Create_WithASkuTheDeliveryDidNotShip_Is422UnknownSku()
    {
        var order = await NewOrderAsync();

        var problem = await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Desk, 1), ("NO-SUCH-SKU", 1)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");

        Assert.Equal(["lines[1].sku"], problem.ErrorFields());
        Assert.Equal(0, gateway.Sandbox.Data.ReturnPickings(OdooId(order["orderId"]!)));
    }

    [Fact]
    public async Task Create_NamingAShipmentThatIsNotTheOrders_Is422()
    {
        var order = await NewOrderAsync();
        var body = new { salesforceId = TestApi.Unique("500"), reason = "Wrong colour", shipmentId = "987654", lines = new object[] { new { sku = Desk, quantity = 1 } } };

        var problem = await (await CreateReturnAsync(Id(order, "orderId"), body)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_shipment");

        Assert.Equal(["shipmentId"], problem.ErrorFields());
    }

    [Fact]
    public async Task Create_ForAMissingOrder_Is404()
    {
        await (await CreateReturnAsync("987654321", Return(TestApi.Unique("500"), (Desk, 1)))).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync("/api/v2/returns/987654321")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>A delivery is a transfer too, but not a return: it is not found as one.</summary>
    [Fact]
    public async Task Get_ADeliverysId_Is404()
    {
        var order = await NewOrderAsync();
        var read = await (await _client.GetAsync($"/api/v2/orders/{Id(order, "orderId")}")).ExpectAsync(HttpStatusCode.OK);
        var shipmentId = Id(read["shipments"]![0]!, "shipmentId");

        await (await _client.GetAsync($"/api/v2/returns/{shipmentId}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.PostAsync($"/api/v2/returns/{shipmentId}/receive", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Receive_ValidatesTheReturn_PutsTheGoodsBackInStock_AndTwiceValidatesOnce()
    {
        var order = await NewOrderAsync();
        var created = await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Cabinet, 2)))).ExpectAsync(HttpStatusCode.Created);
        var returnId = Id(created, "returnId");
        // Read (and cached) before the receipt: the receipt must forget it.
        var before = (await (await _client.GetAsync($"/api/v1/stock/{Cabinet}?warehouse=WH")).ExpectAsync(HttpStatusCode.OK))["onHand"]!.GetValue<decimal>();
        var orderBefore = await (await _client.GetAsync($"/api/v2/orders/{Id(order, "orderId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("awaitingReceipt", Id(orderBefore["returns"]![0]!, "status"));

        var received = await (await _client.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectAsync(HttpStatusCode.OK);
        var validations = gateway.Sandbox.Calls.Count("stock.picking", "button_validate");
        var again = await (await _client.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("received", Id(received, "status"));
        Assert.NotNull(received["receivedAt"]);
        Assert.Equal(2m, received["lines"]![0]!["receivedQuantity"]!.GetValue<decimal>());
        Assert.Equal("received", Id(again, "status"));
        Assert.Equal(validations, gateway.Sandbox.Calls.Count("stock.picking", "button_validate"));
        var after = (await (await _client.GetAsync($"/api/v1/stock/{Cabinet}?warehouse=WH")).ExpectAsync(HttpStatusCode.OK))["onHand"]!.GetValue<decimal>();
        Assert.Equal(before + 2, after);
        var orderAfter = await (await _client.GetAsync($"/api/v2/orders/{Id(order, "orderId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("received", Id(orderAfter["returns"]![0]!, "status"));
        var read = await (await _client.GetAsync($"/api/v2/returns/{returnId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("received", Id(read, "status"));
    }

    [Fact]
    public async Task List_FiltersByOrderAndCase_OldestFirst()
    {
        var order = await NewOrderAsync();
        var orderId = Id(order, "orderId");
        var firstCase = TestApi.Unique("500");
        var first = await (await CreateReturnAsync(orderId, Return(firstCase, (Desk, 1)))).ExpectAsync(HttpStatusCode.Created);
        var second = await (await CreateReturnAsync(orderId, Return(TestApi.Unique("500"), (Cabinet, 1)))).ExpectAsync(HttpStatusCode.Created);
        var other = await NewOrderAsync();
        await (await CreateReturnAsync(Id(other, "orderId"), Return(TestApi.Unique("500"), (Desk, 1)))).ExpectAsync(HttpStatusCode.Created);

        var ofOrder = await (await _client.GetAsync($"/api/v2/returns?orderId={orderId}")).ExpectAsync(HttpStatusCode.OK);
        var ofCase = await (await _client.GetAsync($"/api/v2/returns?salesforceId={firstCase}")).ExpectAsync(HttpStatusCode.OK);
        var paged = await _client.ReadAllPagesAsync($"/api/v2/returns?orderId={orderId}", 1, "returnId");

        Assert.Equal([Id(first, "returnId"), Id(second, "returnId")], ofOrder["items"]!.AsArray().Select(r => Id(r!, "returnId")));
        Assert.Equal([Id(first, "returnId")], ofCase["items"]!.AsArray().Select(r => Id(r!, "returnId")));
        Assert.Equal([Id(first, "returnId"), Id(second, "returnId")], paged);
        await (await _client.GetAsync("/api/v2/returns?cursor=nonsense")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Changes_HandOutANewReturn_AndItsReceiptAgain()
    {
        var order = await NewOrderAsync();
        var created = await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Desk, 1)))).ExpectAsync(HttpStatusCode.Created);
        var returnId = Id(created, "returnId");
        Settle(returnId, TimeSpan.FromMinutes(2));

        var (items, cursor) = await ReadFeedAsync(null);
        Assert.Contains(items, r => Id(r, "returnId") == returnId && Id(r, "status") == "awaitingReceipt");

        await (await _client.PostAsync($"/api/v2/returns/{returnId}/receive", null)).ExpectAsync(HttpStatusCode.OK);
        Settle(returnId, TimeSpan.FromMinutes(1));
        var (later, _) = await ReadFeedAsync(cursor);
        var changed = Assert.Single(later, r => Id(r, "returnId") == returnId);
        Assert.Equal("received", Id(changed, "status"));
    }

    /// <summary>Moves the return's last change out of the feed's settle window, to <paramref name="ago"/> before now.</summary>
    private void Settle(string returnId, TimeSpan ago) =>
        gateway.Sandbox.Data.SetWriteDates("stock.picking", new Dictionary<int, DateTimeOffset> { [int.Parse(returnId, CultureInfo.InvariantCulture)] = DateTimeOffset.UtcNow - ago });

    private async Task<(List<JsonNode> Items, string? Cursor)> ReadFeedAsync(string? cursor)
    {
        var items = new List<JsonNode>();
        for (var i = 0; i < 100; i++)
        {
            var page = await (await _client.GetAsync("/api/v2/returns/changes?limit=200" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"))).ExpectAsync(HttpStatusCode.OK);
            items.AddRange(page["items"]!.AsArray().Select(n => n!));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (page["hasMore"]?.GetValue<bool>() != true)
            {
                return (items, cursor);
            }
        }

        throw new InvalidOperationException("The return feed did not end.");
    }

    [Fact]
    public async Task Create_TheSameIdempotencyKeyAgain_ReplaysTheAnswer_AndCallsOdooOnce()
    {
        var order = await NewOrderAsync();
        var key = Guid.NewGuid().ToString();
        var body = Return(TestApi.Unique("500"), (Desk, 1));

        var first = await CreateReturnAsync(Id(order, "orderId"), body, key);
        var created = await first.ExpectAsync(HttpStatusCode.Created);
        var calls = gateway.Sandbox.Calls.Total;
        var replayed = await CreateReturnAsync(Id(order, "orderId"), body, key);

        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(Id(created, "returnId"), Id(await replayed.ReadJsonAsync(), "returnId"));
        Assert.Equal(calls, gateway.Sandbox.Calls.Total);
    }

    [Fact]
    public async Task Create_RefusedForNothingDelivered_IsQueued_AndReplaysOnceShipped()
    {
        using var operatorClient = gateway.Client("Gateway.Operate");
        var order = await NewOrderAsync(ship: false);
        var orderId = Id(order, "orderId");
        var caseId = TestApi.Unique("500");
        await (await CreateReturnAsync(orderId, Return(caseId, (Desk, 1)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "nothing_delivered");
        var queued = await FindExceptionAsync(operatorClient, caseId);
        Assert.Equal("createReturn", Id(queued, "operation"));
        var replayUrl = $"/api/v2/exceptions/{Id(queued, "exceptionId")}/replay";

        var refused = await (await operatorClient.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("refused", Id(refused, "outcome"));

        gateway.Sandbox.Data.ShipOrder(OdooId(order["orderId"]!));
        var replayed = await (await operatorClient.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", Id(replayed, "outcome"));
        var returnId = Id(replayed, "resourceId");
        var again = await (await operatorClient.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, gateway.Sandbox.Data.ReturnPickings(OdooId(order["orderId"]!)));
        Assert.NotEqual("created", Id(again, "outcome"));
        var read = await (await _client.GetAsync($"/api/v2/returns/{returnId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(caseId, Id(read, "salesforceId"));
        Assert.Equal(orderId, Id(read, "orderId"));
    }

    private static async Task<JsonNode> FindExceptionAsync(HttpClient operatorClient, string salesforceId)
    {
        string? cursor = null;
        for (var i = 0; i < 100; i++)
        {
            var page = await (await operatorClient.GetAsync("/api/v2/exceptions?status=open&reason=nothing_delivered&limit=200" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"))).ExpectAsync(HttpStatusCode.OK);
            if (page["items"]!.AsArray().FirstOrDefault(e => e!["salesforceId"]?.GetValue<string>() == salesforceId) is { } found)
            {
                return found;
            }

            cursor = page["nextCursor"]?.GetValue<string>() ?? throw new InvalidOperationException($"No queued exception for {salesforceId}.");
        }

        throw new InvalidOperationException("The exception list did not end.");
    }

    [Fact]
    public async Task Returns_NeedTheReturnsPermissions()
    {
        var order = await NewOrderAsync();
        using var orders = gateway.Client("Orders.Read", "Orders.Write");
        using var reader = gateway.Client("Returns.Read");

        await (await orders.GetAsync("/api/v2/returns")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await orders.GetAsync("/api/v2/returns/changes")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Desk, 1)), client: orders)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await CreateReturnAsync(Id(order, "orderId"), Return(TestApi.Unique("500"), (Desk, 1)), client: reader)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.PostAsync("/api/v2/returns/1/receive", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.GetAsync("/api/v2/returns")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, gateway.Sandbox.Data.ReturnPickings(OdooId(order["orderId"]!)));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"reason": "Damaged", "lines": [{"sku": "DESK0005", "quantity": 1}]}""", "salesforceId" },
        { """{"salesforceId": "500X", "lines": [{"sku": "DESK0005", "quantity": 1}]}""", "reason" },
        { """{"salesforceId": "500X", "reason": "", "lines": [{"sku": "DESK0005", "quantity": 1}]}""", "reason" },
        { """{"salesforceId": "500X", "reason": "Damaged", "lines": []}""", "lines" },
        { """{"salesforceId": "500X", "reason": "Damaged", "lines": [{"sku": "DESK0005", "quantity": 0}]}""", "lines[0].quantity" },
        { """{"salesforceId": "500X", "reason": "Damaged", "lines": [{"sku": "DESK0005", "quantity": "2"}]}""", "" },
        { """{"salesforceId": "500 X!", "reason": "Damaged", "lines": [{"sku": "DESK0005", "quantity": 1}]}""", "salesforceId" },
        { """{"salesforceId": "500X", "reason": "Damaged", "shipmentId": "abc", "lines": [{"sku": "DESK0005", "quantity": 1}]}""", "shipmentId" },
        { """{"salesforceId": "500X", "reason": "Damaged", "lines": [null]}""", "lines[0]" },
        { """not json""", "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_WithABadBody_Is400Problem_NeverA500(string body, string field)
    {
        var order = await NewOrderAsync(ship: false);

        var response = await _client.PostRawAsync($"/api/v2/orders/{Id(order, "orderId")}/returns", body, idempotencyKey: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Contains(problem["errorCode"]!.GetValue<string>(), new[] { "validation_failed", "malformed_request" });
        if (field.Length > 0)
        {
            Assert.Contains(problem.ErrorFields(), f => f.Equals(field, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Create_WithoutAnIdempotencyKey_OrWithABadOrderId_Is400()
    {
        var body = JsonContent.Create(Return(TestApi.Unique("500"), (Desk, 1)), options: TestApi.JsonOptions);

        await (await _client.PostAsync("/api/v2/orders/1/returns", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_required");
        var problem = await (await CreateReturnAsync("abc", Return(TestApi.Unique("500"), (Desk, 1)))).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("orderId", problem.ErrorFields());
        await (await _client.GetAsync("/api/v2/returns/abc")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.GetAsync("/api/v2/returns?orderId=x")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}

public sealed class ReturnsOverJsonRpc(JsonRpcGateway gateway) : ReturnsTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class ReturnsOverJson2(Json2Gateway gateway) : ReturnsTests(gateway), IClassFixture<Json2Gateway>;
