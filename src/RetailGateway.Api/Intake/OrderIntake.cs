using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Intake;

/// <summary>The request side of async intake: queue a validated order and read where it stands.</summary>
internal sealed class OrderIntake(ISubmissionStore store, TimeProvider time, IOptions<JsonOptions> json)
{
    /// <summary>RFC 7240 preference asking for 202 and a status URL instead of waiting for Odoo.</summary>
    public static bool RespondAsync(HttpRequest request) =>
        request.Headers["Prefer"].Any(value => value is not null && value.Split(',').Any(p => p.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)));

    public async Task<AcceptedResult> EnqueueAsync<T>(T order, int apiVersion, string salesforceId, CancellationToken cancellationToken)
    {
        var status = new OrderSubmissionStatus
        {
            SubmissionId = Guid.CreateVersion7().ToString("N"),
            Status = SubmissionState.Queued,
            ApiVersion = apiVersion,
            SalesforceId = salesforceId,
            QueuedAt = time.GetUtcNow(),
        };
        await store.EnqueueAsync(status, JsonSerializer.Serialize(order, json.Value.JsonSerializerOptions), cancellationToken);
        return new AcceptedResult($"/api/v{apiVersion}/order-submissions/{status.SubmissionId}", status);
    }

    public async Task<OrderSubmissionStatus> GetAsync(string submissionId, CancellationToken cancellationToken) =>
        await store.GetAsync(submissionId, cancellationToken) ?? throw ApiProblemException.NotFound("order submission", submissionId);
}
