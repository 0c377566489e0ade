using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Operations;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Intake;

/// <summary>
/// The intake backlog on meter <c>RetailGateway.Operations</c>: orders awaiting Odoo, and how long
/// the oldest has waited (the alert: workers stopped or Odoo cannot keep up). A hosted service only
/// so that the gauges exist from start-up.
/// </summary>
internal sealed class IntakeMetrics : IHostedService
{
    public IntakeMetrics(IMeterFactory meters, ISubmissionStore store, TimeProvider time)
    {
        var meter = meters.Create(ExceptionMetrics.MeterName);
        meter.CreateObservableGauge(
            "retailgateway.intake.queued",
            () => Read(store) is { } backlog
                ? backlog.Queued.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("priority", c.Key.ToString().ToLowerInvariant())))
                : [],
            unit: "{order}",
            description: "Orders accepted asynchronously and not yet submitted to Odoo, by priority class.");
        meter.CreateObservableGauge(
            "retailgateway.intake.oldest_queued_age",
            () => Read(store) is { OldestQueuedAt: { } oldest } ? [new Measurement<double>((time.GetUtcNow() - oldest).TotalSeconds)] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Age of the oldest order waiting in the intake queue.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static IntakeBacklog? Read(ISubmissionStore store)
    {
        try
        {
            return store.ReadBacklog();
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // No reading beats a wrong one: the Redis health check reports the outage.
            return null;
        }
    }
}

/// <summary>Readiness: Degraded while the oldest queued order waits longer than <see cref="IntakeOptions.MaxQueuedAge"/>.</summary>
internal sealed class IntakeHealthCheck(ISubmissionStore store, TimeProvider time, IOptions<IntakeOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (IntakeMetrics.Read(store) is not { } backlog)
        {
            return Task.FromResult(HealthCheckResult.Degraded("Intake queue unreadable: shared state unavailable"));
        }

        var age = backlog.OldestQueuedAt is { } oldest ? time.GetUtcNow() - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["queued"] = backlog.Depth, ["oldestAgeSeconds"] = Math.Round(age.TotalSeconds, 1) };
        return Task.FromResult(age > options.Value.MaxQueuedAge
            ? HealthCheckResult.Degraded($"Oldest queued order waits longer than {options.Value.MaxQueuedAge}", data: data)
            : HealthCheckResult.Healthy($"{backlog.Depth} order(s) queued", data));
    }
}
