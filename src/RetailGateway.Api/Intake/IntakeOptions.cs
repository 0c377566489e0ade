using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Intake;

/// <summary>Async order intake (section <c>Intake</c>).</summary>
internal sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>
    /// Orders submitted to Odoo at the same time (default 2). Few on purpose: a burst is buffered here
    /// rather than poured into Odoo, and synchronous requests keep the rest of Odoo's capacity.
    /// 0: this instance only accepts orders, and instances sharing its Redis submit them.
    /// </summary>
    [Range(0, 16)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// How long a claimed order stays with its worker (default 2 minutes). A worker that stops without
    /// finishing (crash, restart) loses the order to another worker after this; re-submitting is safe
    /// because submission finds an existing order by its Salesforce id.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle worker looks for queued orders (default 500 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Wait before the first retry of an order after a transient Odoo failure (default 5 seconds); each
    /// further retry waits twice as long as the one before, up to <see cref="MaxRetryDelay"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts (default 5 minutes): Odoo back up is noticed within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Attempts before an order is given up as <c>odoo_unavailable</c> and recorded in the exception
    /// queue for an operator to replay (default 20: with the default delays, about 70 minutes of Odoo down).
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 20;

    /// <summary>
    /// How long a submitted or rejected order's status stays readable (default 7 days); queued orders
    /// never expire. Salesforce polls long before that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The priority class of a client's orders that carry no <c>Intake-Priority</c> header, by client id
    /// (e.g. <c>Intake:ClientPriorities:sf-org-bulk = low</c>); clients not listed get <c>normal</c>.
    /// </summary>
    public Dictionary<string, SubmissionPriority> ClientPriorities { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The most orders one instance queues in its own memory, without Redis (default 10,000):
    /// beyond it an async order is refused with 503 and <c>Retry-After</c> and nothing is
    /// queued, so that a burst cannot grow the working set without bound. Redis holds the queue otherwise, unbounded here.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedInMemory { get; set; } = 10_000;

    /// <summary>Readiness is Degraded when the oldest queued order waits longer than this (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxQueuedAge { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Checks <see cref="IntakeOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class IntakeOptionsValidator : IValidateOptions<IntakeOptions>;
