using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Operations;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Odoo.Client;
using RetailGateway.OdooSandbox;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.Intake;

/// <summary>
/// Orders queued (v1: <c>Prefer: respond-async</c>; v2: <c>POST /order-submissions</c>) are answered 202 at once and submitted to Odoo by the
/// background workers, through the real host and sandbox; in memory and in Redis.
/// </summary>
public abstract class OrderIntakeTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
    private readonly HttpClient _operator = gateway.Client("Gateway.Operate");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Async_order_is_accepted_at_once_and_then_submitted(int version)
    {
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        var key = Guid.NewGuid().ToString();

        using var accepted = await _client.QueueOrderAsync(order, key, version);
        var body = await accepted.ExpectAsync(HttpStatusCode.Accepted);
        var submissionId = body["submissionId"]!.GetValue<string>();
        Assert.Equal($"/api/v{version}/order-submissions/{submissionId}", accepted.Headers.Location?.OriginalString);
        Assert.Equal(accepted.Headers.Location?.OriginalString, body["statusUrl"]!.GetValue<string>());
        Assert.Equal("queued", body["status"]!.GetValue<string>());

        // A retry with the same key gets the same 202, not a second queued order.
        using var retried = await _client.QueueOrderAsync(order, key, version);
        Assert.Equal(submissionId, (await retried.ExpectAsync(HttpStatusCode.Accepted))["submissionId"]!.GetValue<string>());

        // Flow polls the URL from the body, and the status keeps carrying it.
        var done = await IntakeApi.WaitAsync(_client, body["statusUrl"]!.GetValue<string>());
        Assert.Equal("submitted", done["status"]!.GetValue<string>());
        Assert.Equal(body["statusUrl"]!.GetValue<string>(), done["statusUrl"]!.GetValue<string>());
        var orderId = done["orderId"]!.GetValue<string>();
        var read = await (await _client.GetAsync($"/api/v{version}/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(IntakeApi.SalesforceId(order), read["salesforceId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
        Assert.True(gateway.Sandbox.Calls.Creates("sale.order") > creates);
    }

    /// <summary>An order queued by a gateway that checked less meets today's rules when a worker takes it: rejected as invalid, never sent to Odoo.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Queued_order_that_a_fields_rule_refuses_is_rejected_as_invalid_and_never_reaches_odoo(bool nullLine)
    {
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");
        var salesforceId = IntakeApi.SalesforceId(order);
        object?[] lines = nullLine ? [null] : [new { sku = "DESK0005", quantity = -1 }];
        var payload = System.Text.Json.JsonSerializer.Serialize(
            new { salesforceId, customerId = order.GetType().GetProperty("customerId")!.GetValue(order), lines },
            TestApi.JsonOptions);
        var status = new OrderSubmissionStatus
        {
            SubmissionId = Guid.CreateVersion7().ToString("N"),
            Status = SubmissionState.Queued,
            ApiVersion = 2,
            SalesforceId = salesforceId,
            ClientId = GatewayFixture.DefaultClient,
            QueuedAt = DateTimeOffset.UtcNow,
        };
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        await gateway.Gateway.Services.GetRequiredService<ISubmissionStore>().EnqueueAsync(status, payload, CancellationToken.None);

        var done = await IntakeApi.WaitAsync(_client, $"/api/v2/order-submissions/{status.SubmissionId}");

        Assert.Equal("rejected", done["status"]!.GetValue<string>());
        Assert.Equal("validation_failed", done["errorCode"]!.GetValue<string>());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
    }

    [Fact]
    public async Task V2_submitOrder_ignores_prefer_respond_async_and_answers_with_the_created_order()
    {
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var before = store.ReadBacklog().Depth;
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");

        using var answer = await _client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v2/orders");
        var created = await answer.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(IntakeApi.SalesforceId(order), created["salesforceId"]!.GetValue<string>());
        Assert.NotNull(created["orderId"]);
        Assert.Null(created["submissionId"]);
        Assert.Equal(before, store.ReadBacklog().Depth);
    }

    [Fact]
    public async Task Queueing_is_a_v2_operation_only()
    {
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/order-submissions") { Content = System.Net.Http.Json.JsonContent.Create(order, options: TestApi.JsonOptions) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var answer = await _client.SendAsync(request);

        Assert.False(answer.IsSuccessStatusCode, answer.StatusCode.ToString());
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
    }

    [Fact]
    public async Task Bad_async_order_is_400_and_nothing_is_queued()
    {
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var before = store.ReadBacklog().Depth;
        var order = new { salesforceId = "not-a-salesforce-id", customerId = "1", lines = Array.Empty<object>() };

        await (await _client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(before, store.ReadBacklog().Depth);
    }

    [Fact]
    public async Task Async_order_for_an_unknown_sku_is_rejected_into_the_exception_queue_and_its_replay_submits_it()
    {
        var sku = TestApi.Unique("NOPE-");
        var order = await IntakeApi.NewOrderAsync(_client, sku);
        var key = Guid.NewGuid().ToString();

        using var accepted = await _client.SubmitOrderAsyncPreferAsync(order, key, "/api/v1/orders");
        await accepted.ExpectAsync(HttpStatusCode.Accepted);
        var location = accepted.Headers.Location!.OriginalString;

        var done = await IntakeApi.WaitAsync(_client, location);
        Assert.Equal("rejected", done["status"]!.GetValue<string>());
        Assert.Equal("unknown_sku", done["errorCode"]!.GetValue<string>());
        Assert.Equal(GatewayFixture.DefaultClient, done["clientId"]!.GetValue<string>());
        Assert.Equal(key, done["idempotencyKey"]!.GetValue<string>());
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));

        // The refusal waits in the exception queue with what the order was sent with.
        var exceptionId = done["exceptionId"]!.GetValue<string>();
        var exception = await (await _operator.GetAsync($"/api/v1/exceptions/{exceptionId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("submitOrder", exception["operation"]!.GetValue<string>());
        Assert.Equal(1, exception["apiVersion"]!.GetValue<int>());
        Assert.Equal(GatewayFixture.DefaultClient, exception["clientId"]!.GetValue<string>());
        Assert.Equal(key, exception["idempotencyKey"]!.GetValue<string>());
        Assert.Equal(done["submissionId"]!.GetValue<string>(), exception["submissionId"]!.GetValue<string>());
        Assert.Equal(IntakeApi.SalesforceId(order), exception["salesforceId"]!.GetValue<string>());
        Assert.Equal("POST", exception["method"]!.GetValue<string>());
        Assert.Equal("/api/v1/orders", exception["path"]!.GetValue<string>());
        Assert.Equal(sku, exception["body"]!["lines"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal("unknown_sku", exception["reason"]!.GetValue<string>());
        Assert.Equal(["lines[0].sku"], exception.ErrorFields());
        Assert.Equal(1, exception["attempts"]!.GetValue<int>());
        Assert.Equal("open", exception["status"]!.GetValue<string>());

        // The merchandiser creates the product; the operator replays; Salesforce, polling, sees the order.
        using (var scope = gateway.Gateway.Services.CreateScope())
        {
            var odoo = scope.ServiceProvider.GetRequiredService<IOdooClient>();
            await odoo.CreateAsync("product.product", new JsonObject { ["name"] = "New product " + sku, ["default_code"] = sku }, null, CancellationToken.None);
        }

        var replayed = await (await _operator.PostAsync($"/api/v1/exceptions/{exceptionId}/replay", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", replayed["outcome"]!.GetValue<string>());
        var orderId = replayed["resourceId"]!.GetValue<string>();
        var status = await (await _client.GetAsync(location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("submitted", status["status"]!.GetValue<string>());
        Assert.Equal(orderId, status["orderId"]!.GetValue<string>());
        Assert.Equal(exceptionId, status["exceptionId"]!.GetValue<string>());
        Assert.Null(status["errorCode"]);

        var again = await (await _operator.PostAsync($"/api/v1/exceptions/{exceptionId}/replay", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("existing", again["outcome"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Async_order_with_a_null_line_is_400_as_when_synchronous_and_nothing_is_queued(int version)
    {
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var before = store.ReadBacklog().Depth;
        var order = new { salesforceId = TestApi.Unique("801"), customerId = "4", lines = new object?[] { null } };

        var problem = await (await _client.QueueOrderAsync(order, Guid.NewGuid().ToString(), version))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["lines[0]"], problem.ErrorFields());
        Assert.Equal(before, store.ReadBacklog().Depth);
    }

    [Theory]
    [InlineData("urgent")]
    [InlineData("1")]
    [InlineData("high, low")]
    public async Task Unknown_priority_is_400_and_nothing_is_queued(string priority)
    {
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var before = store.ReadBacklog().Depth;
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");

        var problem = await (await _client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders", priority))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["Intake-Priority"], problem.ErrorFields());
        Assert.Equal(before, store.ReadBacklog().Depth);
    }

    [Fact]
    public async Task Unknown_priority_on_a_synchronous_v1_submission_is_400_too()
    {
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = System.Net.Http.Json.JsonContent.Create(order, options: TestApi.JsonOptions) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("Intake-Priority", "urgent");

        var problem = await (await _client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["Intake-Priority"], problem.ErrorFields());
    }

    [Theory]
    [InlineData(1, "customerId")]
    [InlineData(2, "customerId")]
    [InlineData(2, "shippingAddressId")]
    public async Task Malformed_id_is_400_as_when_synchronous_and_nothing_is_queued(int version, string field)
    {
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var before = store.ReadBacklog().Depth;
        var order = new { salesforceId = TestApi.Unique("801"), customerId = field == "customerId" ? "abc" : "4", shippingAddressId = field == "shippingAddressId" ? "x-1" : null, lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };

        var problem = await (await _client.QueueOrderAsync(order, Guid.NewGuid().ToString(), version))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(before, store.ReadBacklog().Depth);
    }

    /// <summary>A 404, not a 403: another client learns nothing, not even that the submission exists.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Another_clients_submission_is_404_queued_or_done(int version)
    {
        using var other = gateway.Gateway.ClientFor("sf-org-other", "Orders.Read", "Orders.Write");
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");
        using var accepted = await _client.QueueOrderAsync(order, Guid.NewGuid().ToString(), version);
        var location = accepted.Headers.Location!.OriginalString;
        await accepted.ExpectAsync(HttpStatusCode.Accepted);

        // Queued or already submitted, depending on how fast the workers are: neither may show.
        await (await other.GetAsync(location)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("submitted", (await IntakeApi.WaitAsync(_client, location))["status"]!.GetValue<string>());
        var problem = await (await other.GetAsync(location)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(IntakeApi.SalesforceId(order), problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_submission_is_404_and_status_needs_orders_read()
    {
        await (await _client.GetAsync("/api/v1/order-submissions/0000")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var writerOnly = gateway.Client("Orders.Write");
        Assert.Equal(HttpStatusCode.Forbidden, (await writerOnly.GetAsync("/api/v1/order-submissions/0000")).StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_intake_backlog()
    {
        using var anonymous = gateway.AnonymousClient();
        var report = JsonNode.Parse(await (await anonymous.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
        var intake = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "intake")!;
        Assert.Equal("Healthy", intake["status"]!.GetValue<string>());
        Assert.NotNull(intake["data"]!["queued"]);
    }
}

public sealed class IntakeInMemoryGateway : GatewayFixture
{
    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings) => IntakeApi.FastWorkers(settings);
}

public class IntakeRedisGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        IntakeApi.FastWorkers(settings);
    }
}

public sealed class OrderIntakeInMemory(IntakeInMemoryGateway gateway) : OrderIntakeTests(gateway), IClassFixture<IntakeInMemoryGateway>;

public sealed class IntakeRedisClusterGateway : IntakeRedisGateway
{
    protected override bool OnCluster => true;
}

public sealed class OrderIntakeWithRedis(IntakeRedisGateway gateway) : OrderIntakeInRedisTests(gateway), IClassFixture<IntakeRedisGateway>;

/// <summary>The gateway starts on Redis Cluster and its workers claim and submit queued orders there.</summary>
[Collection(RedisClusterGroup.Name)]
public sealed class OrderIntakeOnRedisCluster(IntakeRedisClusterGateway gateway) : OrderIntakeInRedisTests(gateway), IClassFixture<IntakeRedisClusterGateway>;

public abstract class OrderIntakeInRedisTests(RedisGateway gateway) : OrderIntakeTests(gateway)
{
    [Fact]
    public async Task Completed_submission_expires_after_the_retention()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        var order = await IntakeApi.NewOrderAsync(client, "DESK0005");
        using var accepted = await client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders");
        var submissionId = (await accepted.ExpectAsync(HttpStatusCode.Accepted))["submissionId"]!.GetValue<string>();

        Assert.Equal("submitted", (await IntakeApi.WaitAsync(client, accepted.Headers.Location!.OriginalString))["status"]!.GetValue<string>());

        var redis = gateway.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var ttl = await redis.KeyTimeToLiveAsync($"rg:{{intake}}:sub:{submissionId}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }
}

/// <summary>The first instance only accepts orders (no workers), so the test decides when work starts.</summary>
public class IntakeAcceptOnlyRedisGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        IntakeApi.FastWorkers(settings);
        settings["Intake:Workers"] = "0";
        settings[$"Intake:ClientPriorities:{IntakePriorityTests.BulkClient}"] = "low";
    }
}

/// <summary>Workers take the highest priority class first, oldest first within it; queued orders never expire.</summary>
public sealed class IntakePriorityTests(IntakeAcceptOnlyRedisGateway gateway) : IClassFixture<IntakeAcceptOnlyRedisGateway>
{
    /// <summary>A client configured to queue in <c>low</c> by default.</summary>
    public const string BulkClient = "sf-org-bulk";

    private static OrderSubmissionStatus Queued(string id, SubmissionPriority priority, DateTimeOffset queuedAt) => new()
    {
        SubmissionId = id,
        Status = SubmissionState.Queued,
        Priority = priority,
        ApiVersion = 1,
        SalesforceId = "801" + id,
        QueuedAt = queuedAt,
    };

    public static TheoryData<string> Stores => ["memory", "redis"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Store_claims_highest_class_first_and_oldest_first_within_it(string kind)
    {
        // A database of its own, so that this instance's queue (database 0) is not touched.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(gateway.Redis.ConnectionString + ",defaultDatabase=3");
        var options = Options.Create(new IntakeOptions());
        ISubmissionStore store = kind == "redis" ? new RedisSubmissionStore(connection, options) : new MemorySubmissionStore(TimeProvider.System, options);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await store.EnqueueAsync(Queued("low-old", SubmissionPriority.Low, t0), "{}", CancellationToken.None);
        await store.EnqueueAsync(Queued("normal-new", SubmissionPriority.Normal, t0.AddSeconds(3)), "{}", CancellationToken.None);
        await store.EnqueueAsync(Queued("high-new", SubmissionPriority.High, t0.AddSeconds(4)), "{}", CancellationToken.None);
        await store.EnqueueAsync(Queued("normal-old", SubmissionPriority.Normal, t0.AddSeconds(1)), "{}", CancellationToken.None);
        await store.EnqueueAsync(Queued("high-old", SubmissionPriority.High, t0.AddSeconds(2)), "{}", CancellationToken.None);
        if (kind == "redis")
        {
            // Queued by a version without classes or hash tags: no priority in its status, in the one pending key there was.
            var db = connection.GetDatabase();
            await db.HashSetAsync("rg:intake:legacy", [new("status", $$"""{"submissionId":"legacy","status":"queued","apiVersion":1,"salesforceId":"801legacy","queuedAt":"{{t0.AddSeconds(1.5):O}}","attempts":0}"""), new("payload", "{}")]);
            await db.SortedSetAddAsync("rg:intake:pending", "legacy", t0.AddSeconds(1.5).ToUnixTimeMilliseconds());
            await db.SortedSetAddAsync("rg:intake:queued", "legacy", t0.AddSeconds(1.5).ToUnixTimeMilliseconds());
            Assert.Equal(1, await ((RedisSubmissionStore)store).MoveLegacyKeysAsync(CancellationToken.None));
        }

        var backlog = store.ReadBacklog();
        Assert.Equal(2, backlog.Queued[SubmissionPriority.High]);
        Assert.Equal(1, backlog.Queued[SubmissionPriority.Low]);
        Assert.Equal(t0, backlog.OldestQueuedAt!.Value, TimeSpan.FromMilliseconds(1));

        var claimed = new List<string>();
        var now = DateTimeOffset.UtcNow;
        while (await store.ClaimAsync(now, now.AddHours(1), CancellationToken.None) is { } next)
        {
            claimed.Add(next.Status.SubmissionId);
        }

        string[] expected = kind == "redis"
            ? ["high-old", "high-new", "normal-old", "legacy", "normal-new", "low-old"]
            : ["high-old", "high-new", "normal-old", "normal-new", "low-old"];
        Assert.Equal(expected, claimed);

        // A retried high order waits out its delay; meanwhile the lower classes go on.
        var retried = Queued("high-retried", SubmissionPriority.High, now);
        await store.EnqueueAsync(retried, "{}", CancellationToken.None);
        await store.EnqueueAsync(Queued("low-ready", SubmissionPriority.Low, now.AddSeconds(1)), "{}", CancellationToken.None);
        var attempt = await store.ClaimAsync(now, now.AddSeconds(1), CancellationToken.None);
        Assert.Equal("high-retried", attempt?.Status.SubmissionId);
        await store.RetryLaterAsync(attempt!, retried with { Attempts = 1 }, now.AddMinutes(5), CancellationToken.None);
        Assert.Equal("low-ready", (await store.ClaimAsync(now.AddSeconds(2), now.AddMinutes(1), CancellationToken.None))?.Status.SubmissionId);
        Assert.Equal("high-retried", (await store.ClaimAsync(now.AddMinutes(5), now.AddMinutes(6), CancellationToken.None))?.Status.SubmissionId);
    }

    [Fact]
    public async Task Orders_are_submitted_in_priority_order_and_the_gauge_counts_each_class()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        using var bulk = gateway.Gateway.ClientFor(BulkClient, "Orders.Read", "Orders.Write");
        var queued = new List<(string Expected, string Location, HttpClient Sender)>();
        foreach (var (priority, sender) in new (string?, HttpClient)[] { (null, bulk), (null, client), ("HIGH", client) })
        {
            var order = await IntakeApi.NewOrderAsync(client, "DESK0005");
            using var accepted = await sender.QueueOrderAsync(order, Guid.NewGuid().ToString(), version: 2, priority);
            var body = await accepted.ExpectAsync(HttpStatusCode.Accepted);
            queued.Add((body["priority"]!.GetValue<string>(), accepted.Headers.Location!.OriginalString, sender));
        }

        Assert.Equal(["low", "normal", "high"], queued.Select(q => q.Expected));

        using var depth = new MetricCollector<long>(gateway.Gateway.Services.GetRequiredService<IMeterFactory>(), ExceptionMetrics.MeterName, "retailgateway.intake.queued");
        depth.RecordObservableInstruments();
        Assert.Equal(
            new Dictionary<string, long> { ["high"] = 1, ["normal"] = 1, ["low"] = 1 },
            depth.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["priority"]!, m => m.Value));

        // Queued orders do not expire.
        var redis = gateway.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.Null(await redis.KeyTimeToLiveAsync($"rg:{{intake}}:sub:{queued[0].Location.Split('/')[^1]}"));

        // One worker, so one order at a time: Odoo's ascending order ids give the claim order.
        await using var worker = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Intake:Workers"] = "1" });
        var orderIds = new Dictionary<string, int>();
        foreach (var (priority, location, sender) in queued)
        {
            var status = await IntakeApi.WaitAsync(sender, location);
            Assert.Equal("submitted", status["status"]!.GetValue<string>());
            orderIds[priority] = int.Parse(status["orderId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.True(orderIds["high"] < orderIds["normal"] && orderIds["normal"] < orderIds["low"], string.Join(", ", orderIds));
    }
}

public sealed class IntakeAcceptOnlyRedisClusterGateway : IntakeAcceptOnlyRedisGateway
{
    protected override bool OnCluster => true;
}

public sealed class OrderIntakeResumeTests(IntakeAcceptOnlyRedisGateway gateway) : OrderIntakeResumeInRedisTests(gateway), IClassFixture<IntakeAcceptOnlyRedisGateway>;

[Collection(RedisClusterGroup.Name)]
public sealed class OrderIntakeResumeOnRedisCluster(IntakeAcceptOnlyRedisClusterGateway gateway) : OrderIntakeResumeInRedisTests(gateway), IClassFixture<IntakeAcceptOnlyRedisClusterGateway>;

/// <summary>A worker that dies mid-batch loses nothing and duplicates nothing: another instance sharing Redis takes over.</summary>
public abstract class OrderIntakeResumeInRedisTests(RedisGateway gateway)
{
    [Fact]
    public async Task Queued_work_resumes_on_another_instance_without_duplicates()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        var orders = new List<object>();
        var locations = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var order = await IntakeApi.NewOrderAsync(client, "DESK0005");
            using var accepted = await client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders");
            await accepted.ExpectAsync(HttpStatusCode.Accepted);
            orders.Add(order);
            locations.Add(accepted.Headers.Location!.OriginalString);
        }

        // A worker claims the oldest order, gets it into Odoo, and dies before recording that it did.
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var now = DateTimeOffset.UtcNow;
        var claimed = await store.ClaimAsync(now, now.AddSeconds(2), CancellationToken.None);
        Assert.NotNull(claimed);
        Assert.Equal(locations[0], $"/api/v1/order-submissions/{claimed.Status.SubmissionId}");
        var direct = await (await client.SubmitOrderAsync(orders[0])).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3, store.ReadBacklog().Depth);
        Assert.Equal("queued", (await (await client.GetAsync(locations[0])).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());

        // With nobody submitting, the backlog shows in the metrics and, past its bound, degrades readiness.
        var meters = gateway.Gateway.Services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<long>(meters, ExceptionMetrics.MeterName, "retailgateway.intake.queued");
        using var age = new MetricCollector<double>(meters, ExceptionMetrics.MeterName, "retailgateway.intake.oldest_queued_age");
        depth.RecordObservableInstruments();
        age.RecordObservableInstruments();
        Assert.Equal(3, depth.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.True(age.LastMeasurement?.Value > 0);
        await using (var strict = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Intake:Workers"] = "0", ["Intake:MaxQueuedAge"] = "00:00:01" }))
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            using var anonymous = strict.AnonymousClient();
            var report = JsonNode.Parse(await (await anonymous.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
            var intake = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "intake")!;
            Assert.Equal("Degraded", intake["status"]!.GetValue<string>());
            Assert.Equal("3", intake["data"]!["queued"]!.GetValue<string>());
        }

        await using var workers = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Intake:Workers"] = "2" });

        var results = new List<JsonNode>();
        foreach (var location in locations)
        {
            results.Add(await IntakeApi.WaitAsync(client, location));
        }

        Assert.All(results, r => Assert.Equal("submitted", r["status"]!.GetValue<string>()));
        Assert.Equal(direct["orderId"]!.GetValue<string>(), results[0]["orderId"]!.GetValue<string>());
        Assert.All(orders, o => Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(o))));
        Assert.Equal(0, store.ReadBacklog().Depth);
    }

    [Fact]
    public async Task Order_queued_by_the_version_before_hash_tags_is_submitted_after_the_upgrade()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        var order = await IntakeApi.NewOrderAsync(client, "DESK0005");
        using var accepted = await client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders");
        await accepted.ExpectAsync(HttpStatusCode.Accepted);
        var id = accepted.Headers.Location!.OriginalString.Split('/')[^1];

        // Where the previous version kept the same order: no hash tag, the normal class in the key without a suffix.
        var db = gateway.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var entry = await db.HashGetAllAsync($"rg:{{intake}}:sub:{id}");
        var queuedAt = (await db.SortedSetScoreAsync("rg:{intake}:queued", id))!.Value;
        Assert.True(await db.KeyDeleteAsync($"rg:{{intake}}:sub:{id}"));
        await db.SortedSetRemoveAsync("rg:{intake}:pending:normal", id);
        await db.SortedSetRemoveAsync("rg:{intake}:queued", id);
        await db.HashSetAsync($"rg:intake:{id}", entry);
        await db.SortedSetAddAsync("rg:intake:pending", id, queuedAt);
        await db.SortedSetAddAsync("rg:intake:queued", id, queuedAt);
        await (await client.GetAsync(accepted.Headers.Location!.OriginalString)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        await using var upgraded = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Intake:Workers"] = "1" });

        var status = await IntakeApi.WaitAsync(client, accepted.Headers.Location!.OriginalString);
        Assert.Equal("submitted", status["status"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
        Assert.Equal(0, await gateway.Redis.CountKeysAsync("rg:intake:*"));
    }
}

/// <summary>Without Redis, the same retention rule: completed submissions expire, queued ones never do.</summary>
public sealed class MemorySubmissionStoreTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Completed_submission_expires_after_the_retention_and_a_queued_one_never()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new MemorySubmissionStore(clock, Options.Create(new IntakeOptions { Retention = TimeSpan.FromDays(7) }));
        OrderSubmissionStatus Queued(string id) => new() { SubmissionId = id, Status = SubmissionState.Queued, ApiVersion = 1, SalesforceId = "801" + id, QueuedAt = clock.Now };
        await store.EnqueueAsync(Queued("done"), "{}", CancellationToken.None);
        await store.EnqueueAsync(Queued("waiting"), "{}", CancellationToken.None);
        await store.CompleteAsync(Queued("done") with { Status = SubmissionState.Submitted, OrderId = "7", CompletedAt = clock.Now }, CancellationToken.None);

        clock.Now += TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1);
        Assert.Equal("7", (await store.GetAsync("done", CancellationToken.None))?.OrderId);

        clock.Now += TimeSpan.FromSeconds(1);
        Assert.Null(await store.GetAsync("done", CancellationToken.None));
        clock.Now += TimeSpan.FromDays(100);
        await store.EnqueueAsync(Queued("later"), "{}", CancellationToken.None);
        Assert.Equal(SubmissionState.Queued, (await store.GetAsync("waiting", CancellationToken.None))?.Status);
        Assert.Equal(2, store.ReadBacklog().Depth);
    }
}

/// <summary>One worker with tiny retry delays and three attempts, so that an Odoo outage exhausts them in a test's time.</summary>
public sealed class IntakeOdooDownGateway : GatewayFixture
{
    public const int MaxAttempts = 3;

    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings)
    {
        IntakeApi.FastWorkers(settings);
        settings["Intake:Workers"] = "1";
        settings["Intake:RetryDelay"] = "00:00:00.040";
        settings["Intake:MaxRetryDelay"] = "00:00:00.060";
        settings["Intake:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The circuit would stay open for the replay after Odoo is back; this test is about the intake's own retries.
        settings["Odoo:Resilience:CircuitMinimumThroughput"] = "10000";
    }
}

/// <summary>Transient failures are retried with a growing delay, a bounded number of times; then the order waits in the exception queue.</summary>
public sealed class OrderIntakeRetryTests(IntakeOdooDownGateway gateway) : IClassFixture<IntakeOdooDownGateway>
{
    [Fact]
    public void Backoff_doubles_from_the_retry_delay_up_to_the_cap_and_honours_a_longer_retry_after()
    {
        var options = new IntakeOptions { RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(5) };

        Assert.Equal(
            [5, 10, 20, 40, 80, 160, 300, 300],
            Enumerable.Range(1, 8).Select(attempts => IntakeWorkers.Backoff(options, attempts, retryAfter: null).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), IntakeWorkers.Backoff(options, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromMinutes(5), IntakeWorkers.Backoff(options, 1, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(5), IntakeWorkers.Backoff(options, 1000, retryAfter: null));
    }

    [Fact]
    public async Task Order_that_fails_every_attempt_is_rejected_as_odoo_unavailable_into_the_exception_queue()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        using var @operator = gateway.Client("Gateway.Operate");
        var order = await IntakeApi.NewOrderAsync(client, "DESK0005");

        gateway.Sandbox.Faults.SetRate(SandboxFaultKind.ServiceUnavailable, 1.0);
        using var accepted = await client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders");
        JsonNode done;
        try
        {
            await accepted.ExpectAsync(HttpStatusCode.Accepted);
            done = await IntakeApi.WaitAsync(client, accepted.Headers.Location!.OriginalString);
        }
        finally
        {
            gateway.Sandbox.Faults.Clear();
        }

        Assert.Equal("rejected", done["status"]!.GetValue<string>());
        Assert.Equal("odoo_unavailable", done["errorCode"]!.GetValue<string>());
        Assert.Equal(IntakeOdooDownGateway.MaxAttempts, done["attempts"]!.GetValue<int>());
        var retries = gateway.Gateway.Logs.All.Where(l => l.EventId.Id == 5102 && l["SubmissionId"] == done["submissionId"]!.GetValue<string>()).ToList();
        Assert.Equal(["00:00:00.0400000", "00:00:00.0600000"], retries.Select(l => l["Delay"]));

        var exceptionId = done["exceptionId"]!.GetValue<string>();
        var exception = await (await @operator.GetAsync($"/api/v1/exceptions/{exceptionId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("odoo_unavailable", exception["reason"]!.GetValue<string>());
        Assert.Equal(IntakeOdooDownGateway.MaxAttempts, exception["attempts"]!.GetValue<int>());
        Assert.Equal("open", exception["status"]!.GetValue<string>());
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));

        // Odoo is back: the operator's replay submits it, and the status says so.
        var replayed = await (await @operator.PostAsync($"/api/v1/exceptions/{exceptionId}/replay", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", replayed["outcome"]!.GetValue<string>());
        var status = await (await client.GetAsync(accepted.Headers.Location!.OriginalString)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("submitted", status["status"]!.GetValue<string>());
        Assert.Equal(replayed["resourceId"]!.GetValue<string>(), status["orderId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
    }
}

internal static class IntakeApi
{
    public static void FastWorkers(IDictionary<string, string> settings)
    {
        settings["Intake:PollInterval"] = "00:00:00.050";
        settings["Intake:RetryDelay"] = "00:00:00.200";
    }

    public static async Task<object> NewOrderAsync(HttpClient client, string sku)
    {
        var customerSalesforceId = TestApi.Unique("001");
        var customer = await (await client.PostJsonAsync("/api/v1/customers", new { salesforceId = customerSalesforceId, name = "Intake Co " + customerSalesforceId }))
            .ExpectAsync(HttpStatusCode.Created);
        return new { salesforceId = TestApi.Unique("801"), customerId = customer["customerId"]!.GetValue<string>(), lines = new object[] { new { sku, quantity = 1 } } };
    }

    public static string SalesforceId(object order) => (string)order.GetType().GetProperty("salesforceId")!.GetValue(order)!;

    /// <summary>Queues an order as each version offers it: v1 on <c>POST /orders</c> with <c>Prefer: respond-async</c>, v2 on <c>POST /order-submissions</c>.</summary>
    public static Task<HttpResponseMessage> QueueOrderAsync(this HttpClient client, object order, string key, int version, string? priority = null) =>
        version == 1
            ? client.SubmitOrderAsyncPreferAsync(order, key, "/api/v1/orders", priority)
            : client.SendOrderAsync(order, key, "/api/v2/order-submissions", prefer: null, priority);

    public static Task<HttpResponseMessage> SubmitOrderAsyncPreferAsync(this HttpClient client, object order, string key, string path, string? priority = null) =>
        client.SendOrderAsync(order, key, path, "respond-async", priority);

    private static Task<HttpResponseMessage> SendOrderAsync(this HttpClient client, object order, string key, string path, string? prefer, string? priority)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(order, options: TestApi.JsonOptions) };
        request.Headers.Add("Idempotency-Key", key);
        if (prefer is not null)
        {
            request.Headers.Add("Prefer", prefer);
        }

        if (priority is not null)
        {
            request.Headers.TryAddWithoutValidation("Intake-Priority", priority);
        }

        return client.SendAsync(request);
    }

    /// <summary>Polls the status URL until the order is no longer queued (30 s at most).</summary>
    public static async Task<JsonNode> WaitAsync(HttpClient client, string location)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await (await client.GetAsync(location, timeout.Token)).ExpectAsync(HttpStatusCode.OK);
            if (status["status"]!.GetValue<string>() != "queued")
            {
                return status;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
