namespace RetailGateway.Api.Intake;

/// <summary>Where an order accepted with <c>Prefer: respond-async</c> stands.</summary>
internal enum SubmissionState
{
    Queued,
    Submitted,
    Rejected,
}

/// <summary>An order accepted for later submission to Odoo, and what became of it.</summary>
internal sealed record OrderSubmissionStatus
{
    /// <summary>Time-ordered id (UUID v7, 32 hex digits).</summary>
    public required string SubmissionId { get; init; }

    public required SubmissionState Status { get; init; }

    /// <summary>The major API version the order was sent in; the worker submits it with that version's contract.</summary>
    public required int ApiVersion { get; init; }

    public required string SalesforceId { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Submission attempts so far; more than one after a transient Odoo failure or a worker that stopped mid-way.</summary>
    public int Attempts { get; init; }

    /// <summary>The Odoo order, once submitted.</summary>
    public string? OrderId { get; init; }

    /// <summary>Why Odoo or the gateway refused the order, as the synchronous call's problem would say (e.g. <c>unknown_sku</c>).</summary>
    public string? ErrorCode { get; init; }

    public string? Detail { get; init; }
}

/// <summary>A queued order as a worker claims it: its status and the request body to submit.</summary>
internal sealed record ClaimedSubmission(OrderSubmissionStatus Status, string Payload);
