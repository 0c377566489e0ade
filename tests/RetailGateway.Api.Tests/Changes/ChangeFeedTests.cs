using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Changes;

/// <summary>
/// The order and invoice change feeds through the real host, over each Odoo protocol. Each class has
/// its own sandbox, whose write dates the tests set (with sub-second parts, as Postgres stores them)
/// to put many changes into one second.
/// </summary>
public abstract class ChangeFeedTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write", "Invoices.Read");

    [Fact]
    public async Task OrderChanges_ManyInOneSecond_AreEachReadOnceInOrderAcrossPageBoundaries()
    {
        await SubmitOrdersAsync(30);
        var ids = await AllIdsAsync("/api/v1/orders", "orderId");
        var second = WholeSecondAnHourAgo();
        var writeDates = new Dictionary<int, DateTimeOffset>();
        for (var i = 0; i < ids.Count; i++)
        {
            // 24 changes in one second, stored in the reverse of id order; one alone in the next second;
            // the rest in the second after, stored in a scrambled order.
            writeDates[ids[i]] = i switch
            {
                < 24 => second.AddMilliseconds((24 - i) * 10),
                24 => second.AddSeconds(1).AddMilliseconds(999),
                _ => second.AddSeconds(2).AddMilliseconds(i * 37 % 1000),
            };
        }

        gateway.Sandbox.Data.SetWriteDates("sale.order", writeDates);

        var (changes, cursor) = await ReadFeedAsync("/api/v1/orders/changes", "orderId", limit: 5);

        Assert.Equal(Expected(writeDates), changes.Select(c => c.Id));
        Assert.All(changes, c => Assert.Equal(WholeSecond(writeDates[c.Id]), c.UpdatedAt));
        var again = await (await _client.GetAsync($"/api/v1/orders/changes?cursor={cursor}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(again["items"]!.AsArray());
        Assert.False(again["hasMore"]!.GetValue<bool>());
        Assert.Equal(cursor, again["nextCursor"]!.GetValue<string>());
    }

    [Fact]
    public async Task OrderChanges_AfterTheLastCursor_ShowAShipmentOfAnOrderSeenBefore()
    {
        var orderId = int.Parse((await SubmitOrdersAsync(1))[0], CultureInfo.InvariantCulture);
        var (seen, cursor) = await PollUntilAsync(null, orderId);
        Assert.Equal("pending", seen["deliveryStatus"]!.GetValue<string>());

        gateway.Sandbox.Data.ShipOrder(orderId, "1Z-CHANGES");

        var (shipped, _) = await PollUntilAsync(cursor, orderId);
        Assert.Equal("full", shipped["deliveryStatus"]!.GetValue<string>());
        Assert.Equal("1Z-CHANGES", shipped["shipments"]![0]!["trackingReference"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvoiceChanges_AllInOneSecond_ArePagedByIdWithoutLossOrRepeat()
    {
        var ids = await AllIdsAsync("/api/v1/invoices", "invoiceId");
        Assert.True(ids.Count > 4, "The seed holds more invoices than two pages.");
        var second = WholeSecondAnHourAgo();
        var writeDates = ids.Select((id, i) => (id, at: second.AddMilliseconds(900 - i * 10))).ToDictionary(p => p.id, p => p.at);
        gateway.Sandbox.Data.SetWriteDates("account.move", writeDates);

        var (changes, _) = await ReadFeedAsync("/api/v1/invoices/changes", "invoiceId", limit: 2);

        Assert.Equal(ids.Order(), changes.Select(c => c.Id));
    }

    [Fact]
    public async Task Changes_WithACursorTheGatewayDidNotIssue_Is400()
    {
        await (await _client.GetAsync("/api/v1/orders/changes?cursor=bm90LWEtY3Vyc29y")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _client.GetAsync("/api/v1/invoices/changes?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    private static DateTimeOffset WholeSecondAnHourAgo() => WholeSecond(DateTimeOffset.UtcNow.AddHours(-1));

    private static DateTimeOffset WholeSecond(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    /// <summary>Feed order: by write_date second, then by id — whatever order Odoo stored them in within the second.</summary>
    private static IEnumerable<int> Expected(Dictionary<int, DateTimeOffset> writeDates) =>
        writeDates.OrderBy(p => WholeSecond(p.Value)).ThenBy(p => p.Key).Select(p => p.Key);

    private async Task<(List<(int Id, DateTimeOffset UpdatedAt)> Changes, string Cursor)> ReadFeedAsync(string url, string idMember, int limit)
    {
        var changes = new List<(int, DateTimeOffset)>();
        string? cursor = null;
        for (var pages = 0; pages < 200; pages++)
        {
            var page = await (await _client.GetAsync($"{url}?limit={limit}" + (cursor is null ? string.Empty : $"&cursor={cursor}"))).ExpectAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 0, limit);
            changes.AddRange(items.Select(i => (
                int.Parse(i![idMember]!.GetValue<string>(), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(i["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture))));
            cursor = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return (changes, cursor);
            }

            Assert.NotEmpty(items);
        }

        throw new InvalidOperationException($"{url} still had more after 200 pages: the feed loops.");
    }

    /// <summary>Polls the order feed from <paramref name="cursor"/> as a scheduled job would, until the order shows up.</summary>
    private async Task<(JsonNode Order, string Cursor)> PollUntilAsync(string? cursor, int orderId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var page = await (await _client.GetAsync("/api/v1/orders/changes?limit=200" + (cursor is null ? string.Empty : $"&cursor={cursor}"))).ExpectAsync(HttpStatusCode.OK);
            cursor = page["nextCursor"]!.GetValue<string>();
            if (page["items"]!.AsArray().FirstOrDefault(o => o!["orderId"]!.GetValue<string>() == orderId.ToString(CultureInfo.InvariantCulture)) is { } order)
            {
                return (order, cursor);
            }

            if (!page["hasMore"]!.GetValue<bool>())
            {
                await Task.Delay(200);
            }
        }

        throw new InvalidOperationException($"Order {orderId} never showed up in the change feed.");
    }

    private async Task<List<int>> AllIdsAsync(string url, string idMember) =>
        [.. (await _client.ReadAllPagesAsync(url, 200, idMember)).Select(id => int.Parse(id, CultureInfo.InvariantCulture))];

    private async Task<List<string>> SubmitOrdersAsync(int count)
    {
        var salesforceId = TestApi.Unique("001");
        var customer = await (await _client.PostJsonAsync("/api/v1/customers", new { salesforceId, name = "Feed Co " + salesforceId })).ExpectAsync(HttpStatusCode.Created);
        var orderIds = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var order = new { salesforceId = TestApi.Unique("801"), customerId = customer["customerId"]!.GetValue<string>(), lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };
            orderIds.Add((await (await _client.SubmitOrderAsync(order)).ExpectAsync(HttpStatusCode.Created))["orderId"]!.GetValue<string>());
        }

        return orderIds;
    }
}

/// <summary>The gateway over Odoo 17 with a one-second settle window, so fresh changes show up quickly.</summary>
public sealed class JsonRpcChangeFeedGateway : GatewayFixture
{
    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings) => settings["ChangeFeed:SettleWindow"] = "00:00:01";
}

/// <summary>The gateway over Odoo 19 with a one-second settle window.</summary>
public sealed class Json2ChangeFeedGateway : GatewayFixture
{
    protected override int OdooVersion => 19;

    protected override void AddSettings(IDictionary<string, string> settings) => settings["ChangeFeed:SettleWindow"] = "00:00:01";
}

public sealed class ChangeFeedOverJsonRpc(JsonRpcChangeFeedGateway gateway) : ChangeFeedTests(gateway), IClassFixture<JsonRpcChangeFeedGateway>;

public sealed class ChangeFeedOverJson2(Json2ChangeFeedGateway gateway) : ChangeFeedTests(gateway), IClassFixture<Json2ChangeFeedGateway>;
