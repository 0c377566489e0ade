namespace RetailGateway.Api.Intake;

/// <summary>Where a queued order stands.</summary>
internal enum SubmissionState
{
    Queued,
    Submitted,
    Rejected,
}

/// <summary>
/// The order in which workers take queued orders: every <c>high</c> order that may be claimed goes
/// before any <c>normal</c> one, and every <c>normal</c> one before any <c>low</c> one.
/// </summary>
internal enum SubmissionPriority
{
    High,
    Normal,
    Low,
}

/// <summary>An order accepted for later submission to Odoo, and what became of it.</summary>
internal sealed record OrderSubmissionStatus
{
    /// <summary>Time-ordered id (UUID v7, 32 hex digits).</summary>
    public required string SubmissionId { get; init; }

    /// <summary>
    /// Where to poll this status: the path of <c>getOrderSubmission</c>, relative to the gateway's base URL. The same as the
    /// 202's <c>Location</c>, in the body because Flow cannot read response headers.
    /// </summary>
    public string StatusUrl => $"/api/v{ApiVersion}/order-submissions/{SubmissionId}";

    public required SubmissionState Status { get; init; }

    /// <summary>The priority class the order waits in (from <c>Intake-Priority</c>, else the client's default, else <c>normal</c>).</summary>
    public SubmissionPriority Priority { get; init; } = SubmissionPriority.Normal;

    /// <summary>The major API version the order was sent in; the worker submits it with that version's contract.</summary>
    public required int ApiVersion { get; init; }

    public required string SalesforceId { get; init; }

    /// <summary>The client (Salesforce org) that sent the order.</summary>
    public string? ClientId { get; init; }

    /// <summary>The <c>Idempotency-Key</c> the order was sent with.</summary>
    public string? IdempotencyKey { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Submission attempts so far; more than one after a transient Odoo failure or a worker that stopped mid-way.</summary>
    public int Attempts { get; init; }

    /// <summary>The Odoo order, once submitted.</summary>
    public string? OrderId { get; init; }

    /// <summary>Why Odoo or the gateway refused the order, as the synchronous call's problem would say (e.g. <c>unknown_sku</c>), or <c>odoo_unavailable</c> when every attempt failed.</summary>
    public string? ErrorCode { get; init; }

    public string? Detail { get; init; }

    /// <summary>
    /// The exception-queue entry a rejected order was recorded as (operators replay it from there). Kept
    /// once a replay has submitted the order, which then shows <c>submitted</c> with its <c>orderId</c>.
    /// </summary>
    public string? ExceptionId { get; init; }
}

/// <summary>
/// A queued order as a worker claims it: its status, the request body to submit, and the end of the worker's lease,
/// which also tells whether the worker still holds the order (another worker may have taken it over since).
/// </summary>
internal sealed record ClaimedSubmission(OrderSubmissionStatus Status, string Payload, DateTimeOffset LeaseUntil);

/// <summary>Queued orders per priority class, and when the oldest of all was queued.</summary>
internal sealed record IntakeBacklog(IReadOnlyDictionary<SubmissionPriority, long> Queued, DateTimeOffset? OldestQueuedAt)
{
    public long Depth => Queued.Values.Sum();
}
