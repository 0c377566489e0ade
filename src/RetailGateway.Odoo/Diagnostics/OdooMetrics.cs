using System.Diagnostics;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Resilience;

namespace RetailGateway.Odoo.Diagnostics;

/// <summary>
/// The Odoo client's instruments, on the meter <see cref="MeterName"/>, named after OpenTelemetry's
/// conventions (dotted lower-case names, seconds for durations, <c>{call}</c> for counts).
/// Polly adds its own <c>resilience.polly.*</c> instruments on the meter <c>Polly</c>.
/// </summary>
internal sealed class OdooMetrics
{
    public const string MeterName = "RetailGateway.Odoo";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _shed;

    public OdooMetrics(IMeterFactory meterFactory, OdooCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(circuit);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "retailgateway.odoo.client.call.duration",
            unit: "s",
            description: "Duration of Odoo calls as the gateway sees them, retries and waits for a slot included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15] });
        _calls = meter.CreateCounter<long>("retailgateway.odoo.client.calls", unit: "{call}", description: "Odoo calls by model, method and outcome.");
        _shed = meter.CreateCounter<long>("retailgateway.odoo.client.shed", unit: "{call}", description: "Odoo calls refused at the concurrency limit without reaching Odoo.");
        meter.CreateObservableGauge(
            "retailgateway.odoo.client.circuit.state",
            () => CircuitStateValue(circuit.State),
            unit: "{state}",
            description: "Circuit breaker in front of Odoo: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    /// <summary>One Odoo call finished; <paramref name="outcome"/> is <c>success</c>, <c>cancelled</c> or the failure kind.</summary>
    public void CallFinished(string model, string method, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "odoo.model", model },
            { "odoo.method", method },
            { "odoo.outcome", outcome },
        };
        _duration.Record(elapsed.TotalSeconds, tags);
        _calls.Add(1, tags);
    }

    public void CallShed(bool servesWrite) => _shed.Add(1, new KeyValuePair<string, object?>("odoo.workload", servesWrite ? "write" : "read"));

    /// <summary>The <c>odoo.outcome</c> tag of a failure: stable snake_case names, not enum text that may be renamed.</summary>
    public static string Outcome(OdooFailure failure) => failure switch
    {
        OdooFailure.BusinessRule => "business_rule",
        OdooFailure.NotFound => "not_found",
        OdooFailure.Authentication => "authentication",
        OdooFailure.Authorization => "authorization",
        OdooFailure.ProtocolMismatch => "protocol_mismatch",
        OdooFailure.Timeout => "timeout",
        _ => "unavailable",
    };

    private static int CircuitStateValue(CircuitState state) => state switch
    {
        CircuitState.Open => 1,
        CircuitState.HalfOpen => 2,
        CircuitState.Isolated => 3,
        _ => 0,
    };
}
