using System.Text.Json;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Operations;

/// <summary>Where a refused write stands: waiting for an operator, replayed successfully, or closed by hand.</summary>
internal enum ExceptionStatus
{
    Open,
    Resolved,
    Replayed,
}

/// <summary>
/// A write Odoo refused for a business reason, with everything needed to understand and replay it.
/// The request body lives only here: it is never logged.
/// </summary>
internal sealed record QueuedException
{
    /// <summary>Time-ordered id (UUID v7, 32 hex digits): sorting ids sorts by time.</summary>
    public required string ExceptionId { get; init; }

    /// <summary>The refused operation, e.g. <c>submitOrder</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The major API version the request was made in; replay uses the same version's contract.</summary>
    public required int ApiVersion { get; init; }

    public required string ClientId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>The async order submission this refusal ended, whose status a successful replay updates.</summary>
    public string? SubmissionId { get; init; }

    /// <summary>The Salesforce id of the record written, from the path or the body.</summary>
    public string? SalesforceId { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary>The request body as the gateway bound it.</summary>
    public required JsonElement Body { get; init; }

    /// <summary>The latest refusal's error code, e.g. <c>unknown_sku</c> or <c>odoo_rejected</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>The latest refusal's detail (for <c>odoo_rejected</c>, Odoo's own message).</summary>
    public required string Detail { get; init; }

    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    public required DateTimeOffset OccurredAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>How often the write was tried: the original request and every replay.</summary>
    public required int Attempts { get; init; }

    public required ExceptionStatus Status { get; init; }

    /// <summary>The operator's reason, once resolved.</summary>
    public string? Resolution { get; init; }

    /// <summary>The id of the order or customer the successful replay wrote.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The gateway id of the existing record the write changes, from the path (the customer of <c>updateCustomer</c>); replay writes to the same one.</summary>
    public string? TargetId { get; init; }
}

/// <summary>The operator's reason for closing an exception without replaying it.</summary>
internal sealed record ResolveRequest
{
    [System.ComponentModel.DataAnnotations.Required]
    [System.ComponentModel.DataAnnotations.StringLength(1000, MinimumLength = 1)]
    public string? Reason { get; init; }
}

/// <summary>
/// What a replay wrote to Odoo: <c>created</c> the order or customer, <c>confirmed</c> the order an
/// earlier refused attempt left in draft, <c>updated</c> the customer; <c>existing</c>: written already,
/// nothing more written; <c>refused</c>: refused again, the exception stays open.
/// </summary>
internal enum ReplayOutcome
{
    /// <summary>The order or customer was created now.</summary>
    Created,

    /// <summary>The order an earlier attempt created but could not confirm (Odoo refused) was confirmed now.</summary>
    Confirmed,

    /// <summary>The customer update was written now.</summary>
    Updated,

    /// <summary>The write had happened already (the Salesforce id found it); nothing more was written.</summary>
    Existing,

    /// <summary>Odoo or the gateway refused again; the exception stays open with the new reason.</summary>
    Refused,
}

/// <summary>What a replay did.</summary>
internal sealed record ReplayResult
{
    public required ReplayOutcome Outcome { get; init; }

    /// <summary>The id of the order or customer written, unless refused.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The exception after the replay: <c>replayed</c>, or still <c>open</c> with the new reason.</summary>
    public required QueuedException QueuedException { get; init; }
}
