using System.Net;
using System.Net.Http.Json;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Intake;

/// <summary>
/// Async intake keeps its queue in Redis: while Redis is away an order cannot be queued, and the caller hears "not
/// now" (503 with <c>Retry-After</c>), never a 500; the same request, retried once Redis is back, is queued.
/// </summary>
public sealed class IntakeRedisOutageTests(RedisGateway gateway) : IClassFixture<RedisGateway>
{
    [Fact]
    public async Task QueueOrder_WhileRedisIsDown_Is503WithRetryAfter_AndTheRetryAfterItReturnsIsQueued()
    {
        var client = gateway.Client("Orders.Write", "Orders.Read");
        var order = new { salesforceId = TestApi.Unique("801"), customerId = "4", lines = new object[] { new { sku = "FURN_0006", quantity = 1 } } };
        var key = Guid.NewGuid().ToString();

        await gateway.Server.StopAsync();
        HttpResponseMessage refused;
        try
        {
            refused = await client.SendAsync(Queue(order, key));
        }
        finally
        {
            await gateway.Server.RestartAsync();
        }

        var problem = await refused.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "state_unavailable");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, problem.ToJsonString());

        // The client reconnects within a few seconds; Salesforce retries the same request with the same key.
        HttpResponseMessage retried;
        var attempts = 0;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            retried = await client.SendAsync(Queue(order, key));
        }
        while (retried.StatusCode == HttpStatusCode.ServiceUnavailable && ++attempts < 20);

        await retried.ExpectAsync(HttpStatusCode.Accepted);
    }

    private static HttpRequestMessage Queue(object order, string key) =>
        new(HttpMethod.Post, "/api/v2/order-submissions") { Content = JsonContent.Create(order), Headers = { { "Idempotency-Key", key } } };
}
