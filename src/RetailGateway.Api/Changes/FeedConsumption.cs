using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using RetailGateway.Api.Observability;
using RetailGateway.Api.SharedState;
using StackExchange.Redis;

namespace RetailGateway.Api.Changes;

/// <summary>How far one client has read one change feed, as of its last page.</summary>
/// <param name="Feed"><c>orders</c>, <c>invoices</c> or <c>products</c>.</param>
/// <param name="ClientId">The caller's client id (<c>azp</c>/<c>appid</c>).</param>
/// <param name="CaughtUpTo">
/// Every change stamped before this instant has been handed to the client: the feed's horizon when the
/// page was the last one (<c>hasMore</c> false), else the <c>write_date</c> second of the page's last change.
/// </param>
/// <param name="FetchedAt">When the page was served.</param>
internal sealed record FeedConsumption(string Feed, string ClientId, DateTimeOffset CaughtUpTo, DateTimeOffset FetchedAt);

/// <summary>
/// The last page each client read of each feed; a small, bounded table (feeds × clients), read by the
/// lag gauges so that no gauge ever calls Odoo.
/// </summary>
internal interface IFeedConsumptions
{
    Task RecordAsync(FeedConsumption consumption, CancellationToken cancellationToken);

    /// <summary>Synchronous: observable gauges are read synchronously.</summary>
    IReadOnlyList<FeedConsumption> ReadAll();
}

/// <summary>One instance's table, until it stops.</summary>
internal sealed class MemoryFeedConsumptions : IFeedConsumptions
{
    private readonly ConcurrentDictionary<(string Feed, string ClientId), FeedConsumption> _last = new();

    public Task RecordAsync(FeedConsumption consumption, CancellationToken cancellationToken)
    {
        _last[(consumption.Feed, consumption.ClientId)] = consumption;
        return Task.CompletedTask;
    }

    public IReadOnlyList<FeedConsumption> ReadAll() => [.. _last.Values];
}

/// <summary>
/// The table in one Redis hash, <see cref="Key"/>, shared by all instances (a client's polls land on
/// any of them) and kept across restarts: field <c>{feed}:{clientId}</c>, value
/// <c>{caught-up-to, Unix s}:{fetched-at, Unix ms}</c>. A client that no longer polls keeps its field
/// (and its growing lag) until an operator deletes it with <c>HDEL</c>.
/// </summary>
internal sealed class RedisFeedConsumptions(IConnectionMultiplexer redis) : IFeedConsumptions
{
    public const string Key = "rg:changes:consumers";

    public Task RecordAsync(FeedConsumption consumption, CancellationToken cancellationToken) =>
        redis.GetDatabase().HashSetAsync(
            Key,
            $"{consumption.Feed}:{consumption.ClientId}",
            string.Create(CultureInfo.InvariantCulture, $"{consumption.CaughtUpTo.ToUnixTimeSeconds()}:{consumption.FetchedAt.ToUnixTimeMilliseconds()}"));

    public IReadOnlyList<FeedConsumption> ReadAll()
    {
        var consumptions = new List<FeedConsumption>();
        foreach (var entry in redis.GetDatabase().HashGetAll(Key))
        {
            // Feed names hold no ':'; client ids may.
            var field = entry.Name.ToString().Split(':', 2);
            var value = entry.Value.ToString().Split(':');
            if (field.Length == 2
                && value.Length == 2
                && long.TryParse(value[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var caughtUpTo)
                && long.TryParse(value[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fetchedAt))
            {
                consumptions.Add(new FeedConsumption(field[0], field[1], DateTimeOffset.FromUnixTimeSeconds(caughtUpTo), DateTimeOffset.FromUnixTimeMilliseconds(fetchedAt)));
            }
        }

        return consumptions;
    }
}

/// <summary>
/// How far behind each client's change-feed consumption is, on meter
/// <see cref="ObservabilitySetup.GatewayMeterName"/> (the alert: the Salesforce scheduled job stopped
/// or cannot keep up, so shipments, invoices and payments are not reflected in Salesforce). A hosted
/// service only so that the gauges exist from start-up.
/// </summary>
internal sealed class ChangeFeedMetrics : IHostedService
{
    public ChangeFeedMetrics(IMeterFactory meters, IFeedConsumptions consumptions, TimeProvider time)
    {
        var meter = meters.Create(ObservabilitySetup.GatewayMeterName);
        meter.CreateObservableGauge(
            "retailgateway.changes.feed_lag",
            () => Read(consumptions).Select(c => Measure((time.GetUtcNow() - c.CaughtUpTo).TotalSeconds, c)),
            unit: "s",
            description: "How old the newest change a client has certainly been handed is: now minus the position its last page reached (the feed's horizon when it was caught up).");
        meter.CreateObservableGauge(
            "retailgateway.changes.last_fetch_age",
            () => Read(consumptions).Select(c => Measure((time.GetUtcNow() - c.FetchedAt).TotalSeconds, c)),
            unit: "s",
            description: "Time since a client last read a page of a change feed.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Measurement<double> Measure(double seconds, FeedConsumption consumption) =>
        new(seconds, new KeyValuePair<string, object?>("feed", consumption.Feed), new KeyValuePair<string, object?>("client.id", consumption.ClientId));

    private static IReadOnlyList<FeedConsumption> Read(IFeedConsumptions consumptions)
    {
        try
        {
            return consumptions.ReadAll();
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // No reading beats a wrong one: the Redis health check reports the outage.
            return [];
        }
    }
}
