using System.Text.Json.Nodes;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Tests.Mapping;

namespace RetailGateway.Odoo.Tests.Aggregates;

/// <summary>A change feed window becomes the domain and order the feed has always sent Odoo.</summary>
public sealed class ChangeWindowTests
{
    private static readonly DateTimeOffset Second = new(2026, 3, 1, 12, 0, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset Horizon = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void InChangeOrder_FromTheStart_BoundsOnlyByTheHorizon_InWriteDateOrder()
    {
        var window = ChangeWindow.InChangeOrder(null, Horizon, 51);

        JsonAssert.Equal(JsonNode.Parse("""[["x", "=", 1], ["write_date", "<", "2026-03-01 12:00:30"]]"""), window.AppendTo(new JsonArray(new JsonArray("x", "=", 1))));
        Assert.Equal("write_date asc, id asc", window.Order);
        Assert.Equal(51, window.Limit);
    }

    [Fact]
    public void InChangeOrder_FromASecond_AddsTheLowerBoundAfterTheHorizon()
    {
        var window = ChangeWindow.InChangeOrder(Second, Horizon, 3);

        JsonAssert.Equal(
            JsonNode.Parse("""[["write_date", "<", "2026-03-01 12:00:30"], ["write_date", ">=", "2026-03-01 12:00:05"]]"""),
            window.AppendTo([]));
    }

    [Fact]
    public void ById_BoundsOneSecond_AndPagesByIdInIdOrder()
    {
        var window = ChangeWindow.ById(Second, Second.AddSeconds(1), 42, 10);

        JsonAssert.Equal(
            JsonNode.Parse("""[["write_date", ">=", "2026-03-01 12:00:05"], ["write_date", "<", "2026-03-01 12:00:06"], ["id", ">", 42]]"""),
            window.AppendTo([]));
        Assert.Equal("id asc", window.Order);
    }
}
