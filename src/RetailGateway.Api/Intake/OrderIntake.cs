using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Requests;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;

namespace RetailGateway.Api.Intake;

/// <summary>The request side of async intake: queue a validated order and read where it stands.</summary>
internal sealed class OrderIntake(ISubmissionStore store, TimeProvider time, IOptions<JsonOptions> json, IOptions<IntakeOptions> options, CallerScope scope)
{
    /// <summary>
    /// The request header naming an async order's priority class. A header of its own rather than a
    /// parameter of <c>Prefer</c>: RFC 7240 has servers ignore a preference they cannot honour, while an
    /// unknown class must be refused; and a header is a typed parameter in the OpenAPI document, which
    /// partners' generated clients, Flow's External Services and an Apex <c>setHeader</c> all reach.
    /// Not <c>Priority</c> (RFC 9218): that one is about response delivery, and proxies may act on it.
    /// </summary>
    public const string PriorityHeader = "Intake-Priority";

    /// <summary>RFC 7240 preference asking for 202 and a status URL instead of waiting for Odoo.</summary>
    public static bool RespondAsync(HttpRequest request) =>
        request.Headers["Prefer"].Any(value => value is not null && value.Split(',').Any(p => p.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Queues the order and answers 202. What can be checked without Odoo is checked first, as the
    /// synchronous path checks it: a malformed id or an unknown <see cref="PriorityHeader"/> is a 400 and queues nothing,
    /// and a client without a data scope is refused (403). The worker submits under the client's scope.
    /// </summary>
    public async Task<AcceptedResult> EnqueueAsync<TOrder, TSubmission>(TSubmission order, IOrderVersion<TOrder, TSubmission> version, HttpRequest request, CancellationToken cancellationToken)
    {
        var submission = version.ToNewOrder(order);
        OrderService.CheckIds(submission);
        scope.Require();
        var facts = request.HttpContext.Facts();
        var clientId = facts.ClientId;
        var priority = Priority(request, clientId);
        var status = new OrderSubmissionStatus
        {
            SubmissionId = Guid.CreateVersion7().ToString("N"),
            Status = SubmissionState.Queued,
            Priority = priority,
            ApiVersion = version.MajorVersion,
            SalesforceId = submission.Submission.SalesforceId!,
            ClientId = clientId,
            IdempotencyKey = facts.IdempotencyKey.Key,
            QueuedAt = time.GetUtcNow(),
        };
        await store.EnqueueAsync(status, JsonSerializer.Serialize(order, json.Value.JsonSerializerOptions), cancellationToken);
        return new AcceptedResult(status.StatusUrl, status);
    }

    /// <summary>
    /// The caller's own submission. Another client's is a 404 like one that does not exist, never a 403:
    /// the answer must not confirm that the id is real.
    /// </summary>
    public async Task<OrderSubmissionStatus> GetAsync(string submissionId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        scope.Require();
        return await store.GetAsync(submissionId, cancellationToken) is { } status && string.Equals(status.ClientId, caller.ClientId(), StringComparison.Ordinal)
            ? status
            : throw ApiProblemException.NotFound("order submission", submissionId);
    }

    private SubmissionPriority Priority(HttpRequest request, string clientId) =>
        RequestedPriority(request) ?? options.Value.ClientPriorities.GetValueOrDefault(clientId, SubmissionPriority.Normal);

    /// <summary>
    /// The <see cref="PriorityHeader"/> the caller sent, or null without one. Checked wherever an operation takes the
    /// header, also where it has no effect (a v1 order submitted without <c>Prefer: respond-async</c>): the documents
    /// allow only these names, and a caller's typo should surface the day it is made, not the day it goes async.
    /// </summary>
    public static SubmissionPriority? RequestedPriority(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers[PriorityHeader];
        if (values.Count == 0)
        {
            return null;
        }

        // Exactly the documented names: Enum.TryParse would also take "1" or "high,low".
        var value = values.Count == 1 ? values[0]?.Trim() : null;
        foreach (var priority in Enum.GetValues<SubmissionPriority>())
        {
            if (string.Equals(priority.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return priority;
            }
        }

        throw ApiProblemException.Invalid(PriorityHeader, $"{PriorityHeader} must be one of high, normal or low.");
    }
}
