using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Intake;

/// <summary>An instance without Redis queues at most <c>Intake:MaxQueuedInMemory</c> orders; the next is refused with 503 and queues nothing.</summary>
public sealed class IntakeQueueLimitTests(IntakeQueueLimitTests.Gateway gateway) : IClassFixture<IntakeQueueLimitTests.Gateway>
{
    [Fact]
    public async Task Full_in_memory_queue_answers_503_with_retry_after_and_queues_nothing()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await client.QueueOrderAsync(await IntakeApi.NewOrderAsync(client, "DESK0005"), Guid.NewGuid().ToString(), 2);
            await accepted.ExpectAsync(HttpStatusCode.Accepted);
        }

        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        using var refused = await client.QueueOrderAsync(await IntakeApi.NewOrderAsync(client, "DESK0005"), Guid.NewGuid().ToString(), 2);
        var problem = await refused.ExpectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("intake_full", problem["errorCode"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);

        // Nothing queued: the backlog is still the two accepted orders, and Odoo saw no order.
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
        Assert.Equal(2, gateway.Gateway.Services.GetRequiredService<ISubmissionStore>().ReadBacklog().Depth);
    }

    public sealed class Gateway : GatewayFixture
    {
        protected override int OdooVersion => 17;

        protected override void AddSettings(IDictionary<string, string> settings)
        {
            settings["Intake:Workers"] = "0";
            settings["Intake:MaxQueuedInMemory"] = "2";
        }
    }
}
