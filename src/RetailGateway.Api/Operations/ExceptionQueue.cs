using System.Buffers.Text;
using System.Text;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Canonical.Paging;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Operations;

/// <summary>
/// The operators' side of the queue: list, read, replay and resolve. A client with all data sees every
/// client's entries; a scoped client only those recorded for itself, another's being a 404 like a missing one.
/// </summary>
internal sealed partial class ExceptionQueue(
    IExceptionStore store,
    ExceptionReplayer replayer,
    ISubmissionStore submissions,
    CallerScope scope,
    TimeProvider time,
    ILogger<ExceptionQueue> logger)
{
    private const string CursorPrefix = "x1:";

    public async Task<Page<QueuedException>> ListAsync(ExceptionStatus? status, string? reason, string? clientId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var pageSize = Cursor.Limit(limit);
        var all = scope.Require().All;
        var self = scope.ClientId;
        var found = await store.ListAsync(
            DecodeCursor(cursor),
            e => (status is null || e.Status == status) && (reason is null || e.Reason == reason) && (clientId is null || e.ClientId == clientId) && (all || e.ClientId == self),
            pageSize + 1,
            cancellationToken);
        return found.Count > pageSize
            ? new Page<QueuedException> { Items = [.. found.Take(pageSize)], NextCursor = EncodeCursor(found[pageSize - 1].ExceptionId) }
            : new Page<QueuedException> { Items = found, NextCursor = null };
    }

    public async Task<QueuedException> GetAsync(string exceptionId, CancellationToken cancellationToken)
    {
        scope.Require();
        return await store.GetAsync(exceptionId, cancellationToken) is { } entry && scope.SeesClient(entry.ClientId)
            ? entry
            : throw ApiProblemException.NotFound("exception", exceptionId);
    }

    public async Task<ReplayResult> ReplayAsync(string exceptionId, CancellationToken cancellationToken)
    {
        var entry = await GetAsync(exceptionId, cancellationToken);
        if (entry.Status == ExceptionStatus.Resolved)
        {
            throw Conflict($"Exception '{exceptionId}' was resolved; it is not replayed.");
        }

        ReplayResult result;
        try
        {
            var (resourceId, outcome) = await replayer.ReplayAsync(entry, cancellationToken);
            var replayed = entry with { Status = ExceptionStatus.Replayed, Attempts = entry.Attempts + 1, UpdatedAt = time.GetUtcNow(), ResourceId = resourceId };
            result = new ReplayResult { Outcome = outcome, ResourceId = resourceId, QueuedException = replayed };
            // Before the entry is closed: if this fails, the entry stays open and the next replay (existing) tells the status again.
            await TellSubmissionAsync(entry.SubmissionId, resourceId);
        }
        catch (ApiProblemException refused) when (refused.Status == StatusCodes.Status422UnprocessableEntity)
        {
            result = Refused(entry, refused.ErrorCode, refused.Message, refused.Errors);
        }
        catch (OdooException odoo) when (odoo.Failure == OdooFailure.BusinessRule)
        {
            result = Refused(entry, ErrorCodes.OdooRejected, odoo.Message, []);
        }

        // The write is done (or refused) in Odoo whatever the caller does now: record it regardless.
        if (!await store.ReplaceAsync(entry, result.QueuedException, CancellationToken.None))
        {
            throw Conflict($"Exception '{exceptionId}' was changed by someone else meanwhile; read it again.");
        }

        LogReplayed(logger, exceptionId, result.Outcome);
        return result;
    }

    public async Task<QueuedException> ResolveAsync(string exceptionId, string reason, CancellationToken cancellationToken)
    {
        var entry = await GetAsync(exceptionId, cancellationToken);
        if (entry.Status == ExceptionStatus.Resolved)
        {
            throw Conflict($"Exception '{exceptionId}' is already resolved.");
        }

        var resolved = entry with { Status = ExceptionStatus.Resolved, Resolution = reason, UpdatedAt = time.GetUtcNow() };
        if (!await store.ReplaceAsync(entry, resolved, cancellationToken))
        {
            throw Conflict($"Exception '{exceptionId}' was changed by someone else meanwhile; read it again.");
        }

        return resolved;
    }

    /// <summary>An async order's status says submitted once its replay got it into Odoo, so Salesforce polling it learns the outcome.</summary>
    private async Task TellSubmissionAsync(string? submissionId, string orderId)
    {
        if (submissionId is null || await submissions.GetAsync(submissionId, CancellationToken.None) is not { } submission)
        {
            return;
        }

        await submissions.CompleteAsync(
            submission with { Status = SubmissionState.Submitted, OrderId = orderId, ErrorCode = null, Detail = null, CompletedAt = time.GetUtcNow() },
            CancellationToken.None);
    }

    private ReplayResult Refused(QueuedException entry, string reason, string detail, IReadOnlyList<FieldError> errors) => new()
    {
        Outcome = ReplayOutcome.Refused,
        QueuedException = entry with { Status = ExceptionStatus.Open, Attempts = entry.Attempts + 1, Reason = reason, Detail = detail, Errors = errors, UpdatedAt = time.GetUtcNow() },
    };

    /// <summary>A conflict with the entry's state, which the operator reads again and decides on: no Retry-After to loop on.</summary>
    private static ApiProblemException Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "Conflict", detail);

    private static string EncodeCursor(string lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(CursorPrefix + lastId));

    private static string? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(CursorPrefix, StringComparison.Ordinal) && text.Length > CursorPrefix.Length)
            {
                return text[CursorPrefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the problem below.
        }

        throw ApiProblemException.Invalid("cursor", "The cursor is not one the gateway issued. Start again without a cursor.", ErrorCodes.InvalidCursor);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Exception {ExceptionId} replayed: {Outcome}")]
    private static partial void LogReplayed(ILogger logger, string exceptionId, ReplayOutcome outcome);
}
