using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Odoo.Resilience;

/// <summary>
/// How the gateway protects Odoo and copes with its faults. Bound from <c>Odoo:Resilience</c>.
/// The defaults fit one Odoo with 8 HTTP workers (<c>--workers 8</c>) answering a read in about
/// 100 ms, behind one gateway instance, and callers with Apex's default 10 s callout timeout.
/// </summary>
public sealed class OdooResilienceOptions
{
    public const string SectionName = "Odoo:Resilience";

    /// <summary>
    /// The most all Odoo calls of one API request may take together (default 9 s): inside Apex's 10 s
    /// callout timeout, with a second for the gateway's own work and the network back to Salesforce.
    /// A call that would run past it is cut short with 504, so a request of several calls cannot
    /// outlive its caller.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(9);

    /// <summary>
    /// The most one Odoo call may take, retries and waits included (default 8 s), and never more than
    /// what is left of <see cref="RequestBudget"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The most one attempt may take (default 4 s). A read takes ~100 ms and an order confirmation
    /// well under a second; an attempt past this is a stuck worker, and a read gets a second try.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Retries of a call marked safe (reads) after a transport fault, 502/503/504/408/429 or an attempt timeout (default 2). Writes are never retried.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay (default 200 ms), doubled per retry, with jitter so that callers do not retry in step.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest <c>Retry-After</c> from Odoo that a read waits out before trying again (default 2 s).
    /// A longer one is not waited for: the caller gets 503 with Odoo's <c>Retry-After</c> at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of failed calls (transport faults, timeouts, 502/503/504) in <see cref="CircuitSamplingDuration"/> that opens the circuit (default 0.5).</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in <see cref="CircuitSamplingDuration"/> before the ratio counts (default 10), so a quiet minute with one failure opens nothing.</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before one probe call is let through (default 15 s); also the <c>Retry-After</c> callers get meanwhile.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Odoo calls this instance runs at once (default 8). Size it to the Odoo HTTP workers the gateway
    /// may use, divided by the number of gateway instances: a call beyond that only waits inside Odoo.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentCalls { get; set; } = 8;

    /// <summary>
    /// Of <see cref="MaxConcurrentCalls"/>, the slots only writes may use (default 2), so that orders
    /// still reach Odoo while stock and catalog reads fill every other slot. Writes use free read slots too.
    /// </summary>
    [Range(0, 10_000)]
    public int ReservedForWrites { get; set; } = 2;

    /// <summary>
    /// Calls that may wait for a slot (default 8, for reads and for writes each). Short on purpose: a
    /// queued call waits about one Odoo call; anything beyond is shed at once with 503.
    /// </summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; } = 8;

    /// <summary>The <c>Retry-After</c> a shed call answers with (default 1 s): overload passes in about the time of a few Odoo calls.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShedRetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Checks <see cref="OdooResilienceOptions"/>'s annotations at start-up. Generated rather than <c>ValidateDataAnnotations</c>:
/// DataAnnotations shares one <c>RangeAttribute</c> per property across the process, and its lazy
/// conversion of <c>TimeSpan</c> bounds is not thread-safe (dotnet/runtime#1143).
/// </summary>
[OptionsValidator]
internal sealed partial class OdooResilienceOptionsValidator : IValidateOptions<OdooResilienceOptions>;
