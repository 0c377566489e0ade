using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.SharedState;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Idempotency;

/// <summary>
/// "A retried write never creates a second order": Idempotency-Key semantics and the Salesforce-id
/// natural key, with the in-memory store and with a real Redis.
/// </summary>
public abstract class IdempotencyTests(GatewayFixture gateway)
{
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(3);
    private readonly HttpClient _client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write", "Customers.Read");

    protected GatewayFixture Gateway => gateway;

    protected async Task<string> NewCustomerAsync()
    {
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { salesforceId = TestApi.Unique("001"), name = "Idem Co" })).ExpectAsync(HttpStatusCode.Created);
        return created["customerId"]!.GetValue<string>();
    }

    protected static object Order(string salesforceId, string customerId, int quantity = 1) => new
    {
        salesforceId,
        customerId,
        lines = new object[] { new { sku = "FURN_0001", quantity } },
    };

    [Fact]
    public async Task Submit_WithSameKeyAndPayload_ReplaysFirstResponse()
    {
        var order = Order(TestApi.Unique("801"), await NewCustomerAsync());
        var key = Guid.NewGuid().ToString();
        var first = await _client.SubmitOrderAsync(order, key);
        var firstBody = await first.ExpectAsync(HttpStatusCode.Created);
        var creates = gateway.Sandbox.Calls.Creates("sale.order");

        var retry = await _client.SubmitOrderAsync(order, key);

        var retryBody = await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(firstBody.ToJsonString(), retryBody.ToJsonString());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
    }

    [Fact]
    public async Task Submit_QuotedAndBareFormsOfOneKey_AreTheSameKey()
    {
        var order = Order(TestApi.Unique("801"), await NewCustomerAsync());
        await (await _client.SubmitOrderAsync(order, "order-7f3a")).ExpectAsync(HttpStatusCode.Created);
        var retry = await _client.SubmitOrderAsync(order, "\"order-7f3a\"");
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Submit_TwentyConcurrentRequestsWithOneKey_CreateExactlyOneOrder()
    {
        var salesforceId = TestApi.Unique("801");
        var order = Order(salesforceId, await NewCustomerAsync());
        var key = Guid.NewGuid().ToString();
        var creates = gateway.Sandbox.Calls.Creates("sale.order");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.SubmitOrderAsync(order, key)));

        Assert.Equal(creates + 1, gateway.Sandbox.Calls.Creates("sale.order"));
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed"));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.ExpectProblemAsync(HttpStatusCode.Conflict, "idempotency_key_in_flight");
            Assert.Equal(TimeSpan.FromSeconds(1), conflict.Headers.RetryAfter?.Delta);
            // Answered by the idempotency filter, not thrown to the exception handler, which would clear these.
            Assert.True(conflict.Headers.Contains("RateLimit"));
        }
    }

    /// <summary>Transient, like a key in flight: the record's other writer will finish, so the 409 invites a retry.</summary>
    [Fact]
    public async Task Upsert_WhileAnotherRequestHoldsTheSameRecordTooLong_Is409WithRetryAfter()
    {
        var salesforceId = TestApi.Unique("001");
        var locks = gateway.Gateway.Services.GetRequiredService<IResourceLocks>();
        await using (await locks.AcquireAsync($"customer:{salesforceId}", CancellationToken.None))
        {
            var busy = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{salesforceId}", new { name = "Busy Co" });

            await busy.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
            Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task Submit_OneSalesforceOrderUnderTwentyDifferentKeysAtOnce_CreatesOneOrder()
    {
        var salesforceId = TestApi.Unique("801");
        var order = Order(salesforceId, await NewCustomerAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.SubmitOrderAsync(order)));

        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        // A burst of twenty may exceed the Odoo concurrency limit: the excess is shed (503), never duplicated.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var ids = new HashSet<string>();
        foreach (var response in responses.Where(r => r.IsSuccessStatusCode))
        {
            ids.Add((await response.ReadJsonAsync())["orderId"]!.GetValue<string>());
        }

        Assert.Single(ids);
    }

    [Fact]
    public async Task Submit_SameKeyWithAnotherPayload_Is422AndCreatesNothing()
    {
        var customerId = await NewCustomerAsync();
        var key = Guid.NewGuid().ToString();
        await (await _client.SubmitOrderAsync(Order(TestApi.Unique("801"), customerId), key)).ExpectAsync(HttpStatusCode.Created);
        var creates = gateway.Sandbox.Calls.Creates("sale.order");

        var reused = await _client.SubmitOrderAsync(Order(TestApi.Unique("801"), customerId, quantity: 2), key);

        await reused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
    }

    [Fact]
    public async Task Submit_WithoutAKey_Is400()
    {
        var response = await _client.PostJsonAsync("/api/v1/orders", Order(TestApi.Unique("801"), "1"));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_required");
        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
    }

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("\"a\"b\"")]
    [InlineData("tab\there")]
    [InlineData("\"")]
    public async Task Submit_WithAMalformedKey_Is400(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = System.Net.Http.Json.JsonContent.Create(Order("801X", "1")) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        await (await _client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    [Theory]
    [InlineData("/api/v1/customers")]
    [InlineData("/api/v1/orders")]
    public async Task AnEmptyKey_IsMalformed_NotAbsent(string url)
    {
        object body = url.EndsWith("customers", StringComparison.Ordinal) ? new { name = "Empty Key Ltd" } : Order("801X", "1");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", string.Empty);
        await (await _client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    [Fact]
    public async Task Submit_WithAKeyOf256Characters_Is400()
    {
        await (await _client.SubmitOrderAsync(Order("801X", "1"), new string('k', 256))).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    [Fact]
    public async Task Submit_AfterAValidationError_TheKeyCanBeUsedForTheFixedRequest()
    {
        var customerId = await NewCustomerAsync();
        var key = Guid.NewGuid().ToString();
        await (await _client.SubmitOrderAsync(new { salesforceId = TestApi.Unique("801"), customerId, lines = new object[] { new { sku = "NO-SUCH-SKU", quantity = 1 } } }, key))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");

        var fixedRequest = await _client.SubmitOrderAsync(Order(TestApi.Unique("801"), customerId), key);

        await fixedRequest.ExpectAsync(HttpStatusCode.Created);
        Assert.False(fixedRequest.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Submit_SameKeyFromAnotherClient_IsAnotherKey()
    {
        var customerId = await NewCustomerAsync();
        var key = Guid.NewGuid().ToString();
        var production = gateway.Gateway.ClientFor("sf-org-production", "Orders.Write");
        var sandboxOrg = gateway.Gateway.ClientFor("sf-org-sandbox", "Orders.Write");

        await (await production.SubmitOrderAsync(Order(TestApi.Unique("801"), customerId), key)).ExpectAsync(HttpStatusCode.Created);
        var other = await sandboxOrg.SubmitOrderAsync(Order(TestApi.Unique("801"), customerId, quantity: 3), key);

        await other.ExpectAsync(HttpStatusCode.Created);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }

    /// <summary>Client ids are whatever the token says and may hold the scope's separator: "orgC:x" + "K" must not be "orgC" + "x:K".</summary>
    [Fact]
    public async Task CustomerCreate_ClientAndKeyThatJoinToTheSameString_AreTwoKeys()
    {
        var client = TestApi.Unique("orgC");
        var first = gateway.Gateway.ClientFor(client, "Customers.Write");
        var second = gateway.Gateway.ClientFor(client + ":x", "Customers.Write");
        var body = new { salesforceId = TestApi.Unique("001"), name = "Scope Co" };

        var firstAnswer = await first.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(body), Headers = { { "Idempotency-Key", "x:K" } } });
        var firstCustomer = await firstAnswer.ExpectAsync(HttpStatusCode.Created);
        var secondAnswer = await second.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(body), Headers = { { "Idempotency-Key", "K" } } });

        // The same body on purpose: a shared scope would replay the first client's 201 to the second.
        Assert.False(secondAnswer.Headers.Contains("Idempotent-Replayed"));
        await secondAnswer.ExpectAsync(HttpStatusCode.OK);
        var again = await second.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(body), Headers = { { "Idempotency-Key", "K" } } });
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull(firstCustomer["customerId"]);
    }

    [Fact]
    public async Task Submit_AfterTheRecordExpired_RunsAgainAndFindsTheOrderByItsSalesforceId()
    {
        var salesforceId = TestApi.Unique("801");
        var order = Order(salesforceId, await NewCustomerAsync());
        var key = Guid.NewGuid().ToString();
        var first = await (await _client.SubmitOrderAsync(order, key)).ExpectAsync(HttpStatusCode.Created);

        await Task.Delay(Retention + TimeSpan.FromSeconds(1));
        var late = await _client.SubmitOrderAsync(order, key);

        var body = await late.ExpectAsync(HttpStatusCode.OK);
        Assert.False(late.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first["orderId"]!.GetValue<string>(), body["orderId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
    }

    [Fact]
    public async Task CustomerCreate_WithAKey_IsReplayedToo()
    {
        var body = new { salesforceId = TestApi.Unique("001"), name = "Replay Co" };
        var key = Guid.NewGuid().ToString();
        var first = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } });
        await first.ExpectAsync(HttpStatusCode.Created);
        var retry = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } });
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
    }
}

/// <summary>One instance, no Redis: the in-memory store.</summary>
public sealed class InMemoryIdempotencyGateway : GatewayFixture
{
    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings) => settings["Idempotency:Retention"] = IdempotencyTests.Retention.ToString();
}

/// <summary>Redis-backed store and locks.</summary>
public class RedisIdempotencyGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        settings["Idempotency:Retention"] = IdempotencyTests.Retention.ToString();
    }
}

public sealed class IdempotencyInMemory(InMemoryIdempotencyGateway gateway) : IdempotencyTests(gateway), IClassFixture<InMemoryIdempotencyGateway>;

public sealed class RedisIdempotencyClusterGateway : RedisIdempotencyGateway
{
    protected override bool OnCluster => true;
}

public sealed class IdempotencyWithRedis(RedisIdempotencyGateway gateway) : IdempotencyInRedisTests(gateway), IClassFixture<RedisIdempotencyGateway>;

[Collection(RedisClusterGroup.Name)]
public sealed class IdempotencyOnRedisCluster(RedisIdempotencyClusterGateway gateway) : IdempotencyInRedisTests(gateway), IClassFixture<RedisIdempotencyClusterGateway>;

public abstract class IdempotencyInRedisTests(RedisGateway gateway) : IdempotencyTests(gateway)
{
    [Fact]
    public async Task Retry_OnAnotherInstance_IsReplayed()
    {
        var second = await gateway.StartInstanceAsync();
        var order = Order(TestApi.Unique("801"), await NewCustomerAsync());
        var key = Guid.NewGuid().ToString();

        await (await gateway.Client("Orders.Write").SubmitOrderAsync(order, key)).ExpectAsync(HttpStatusCode.Created);
        var retry = await second.Client("Orders.Write").SubmitOrderAsync(order, key);

        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task ConcurrentSubmissionsAcrossTwoInstances_CreateOneOrder()
    {
        var second = await gateway.StartInstanceAsync();
        var salesforceId = TestApi.Unique("801");
        var order = Order(salesforceId, await NewCustomerAsync());
        var clients = new[] { gateway.Client("Orders.Write"), second.Client("Orders.Write") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => clients[i % 2].SubmitOrderAsync(order)));

        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }

    [Fact]
    public async Task Retry_AfterRedisLostItsData_ReturnsTheExistingOrder()
    {
        var salesforceId = TestApi.Unique("801");
        var order = Order(salesforceId, await NewCustomerAsync());
        var key = Guid.NewGuid().ToString();
        var first = await (await gateway.Client("Orders.Write").SubmitOrderAsync(order, key)).ExpectAsync(HttpStatusCode.Created);
        Assert.True(await gateway.Redis.CountKeysAsync("rg:idempotency:*") > 0);

        await gateway.Redis.FlushAsync();
        var retry = await gateway.Client("Orders.Write").SubmitOrderAsync(order, key);

        var body = await retry.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["orderId"]!.GetValue<string>(), body["orderId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
    }
}
