using System.Diagnostics.Metrics;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Operations;

/// <summary>
/// Business health of the exception queue on meter <see cref="MeterName"/>: open exceptions by
/// reason, and the age of the oldest open one (the alert: something waits for an operator).
/// A hosted service only so that the gauges exist from start-up, before the first exception.
/// </summary>
internal sealed class ExceptionMetrics : IHostedService
{
    public const string MeterName = "RetailGateway.Operations";

    public ExceptionMetrics(IMeterFactory meters, IExceptionStore store, TimeProvider time)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "retailgateway.exceptions.open",
            () => ReadOpen(store).GroupBy(e => e.Reason, StringComparer.Ordinal)
                .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("reason", g.Key))),
            unit: "{exception}",
            description: "Open exceptions in the work queue, by reason.");
        meter.CreateObservableGauge(
            "retailgateway.exceptions.oldest_open_age",
            () => ReadOpen(store) is { Count: > 0 } open ? [new Measurement<double>((time.GetUtcNow() - open.Min(e => e.OccurredAt)).TotalSeconds)] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Age of the oldest open exception in the work queue.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IReadOnlyList<QueuedException> ReadOpen(IExceptionStore store)
    {
        try
        {
            return store.ReadOpen();
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // No reading beats a wrong one: the Redis health check reports the outage.
            return [];
        }
    }
}
