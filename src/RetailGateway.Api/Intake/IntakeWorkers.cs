using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Orders;
using RetailGateway.Api.SharedState;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Intake;

/// <summary>
/// Submits queued orders to Odoo, oldest first, <see cref="IntakeOptions.Workers"/> at a time, through
/// the same <see cref="OrderService"/> as a synchronous request: its per-Salesforce-order lock and
/// natural-key look-up make a second submission of the same order return the first one, so an order
/// whose worker stopped mid-way is simply submitted again after its lease.
/// </summary>
internal sealed partial class IntakeWorkers(
    ISubmissionStore store,
    IServiceScopeFactory scopes,
    IOptions<IntakeOptions> options,
    IOptions<JsonOptions> json,
    TimeProvider time,
    ILogger<IntakeWorkers> logger) : BackgroundService
{
    private readonly IntakeOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => RunWorkerAsync(stoppingToken), stoppingToken)));

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                var claimed = await store.ClaimAsync(now, now + _options.Lease, stoppingToken);
                if (claimed is null)
                {
                    await Task.Delay(_options.PollInterval, time, stoppingToken);
                    continue;
                }

                await ProcessAsync(claimed, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: an order in hand keeps its lease and is picked up again when it runs out.
                return;
            }
            catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
            {
                LogStoreUnavailable(logger, exception.GetType().Name);
                await Task.Delay(_options.RetryDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(ClaimedSubmission claimed, CancellationToken stoppingToken)
    {
        var status = claimed.Status with { Attempts = claimed.Status.Attempts + 1 };
        OrderSubmissionStatus? outcome;
        try
        {
            var orderId = await SubmitAsync(status.ApiVersion, claimed.Payload, stoppingToken);
            outcome = status with { Status = SubmissionState.Submitted, OrderId = orderId, CompletedAt = time.GetUtcNow() };
        }
        catch (ApiProblemException problem) when (problem.Status is >= 400 and < 500 and not StatusCodes.Status409Conflict and not StatusCodes.Status429TooManyRequests)
        {
            outcome = Rejected(status, problem.ErrorCode, problem.Message);
        }
        catch (OdooException odoo) when (odoo.Failure is OdooFailure.BusinessRule)
        {
            outcome = Rejected(status, ErrorCodes.OdooRejected, odoo.Message);
        }
        catch (OdooException odoo) when (odoo.Failure is OdooFailure.NotFound)
        {
            outcome = Rejected(status, ErrorCodes.NotFound, odoo.Message);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && !SharedStateSetup.IsOutage(exception))
        {
            // Odoo unavailable, overloaded or slow, or a lock held elsewhere: the same order may succeed later.
            LogRetry(logger, status.SubmissionId, exception.GetType().Name);
            outcome = null;
        }

        if (outcome is null)
        {
            await store.RetryLaterAsync(status, time.GetUtcNow() + _options.RetryDelay, CancellationToken.None);
            return;
        }

        // Not cancellable: the order is in Odoo (or refused) whatever happens to this worker now.
        await store.CompleteAsync(outcome, CancellationToken.None);
        LogCompleted(logger, outcome.SubmissionId, outcome.Status, outcome.Attempts);
    }

    private async Task<string> SubmitAsync(int apiVersion, string payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<OrderService>();
        // A write with no caller waiting: it may use the write capacity, and is bounded by the Odoo client's own timeouts.
        using (OdooWorkload.Begin(write: true, deadline: null))
        {
            var serializer = json.Value.JsonSerializerOptions;
            if (apiVersion == 2)
            {
                var v2 = JsonSerializer.Deserialize<OrderSubmissionV2>(payload, serializer) ?? throw new InvalidDataException("Empty queued order.");
                return (await orders.SubmitV2Async(v2, cancellationToken)).Order.OrderId;
            }

            var v1 = JsonSerializer.Deserialize<OrderSubmission>(payload, serializer) ?? throw new InvalidDataException("Empty queued order.");
            return (await orders.SubmitAsync(v1, cancellationToken)).Order.OrderId;
        }
    }

    private OrderSubmissionStatus Rejected(OrderSubmissionStatus status, string errorCode, string detail) =>
        status with { Status = SubmissionState.Rejected, ErrorCode = errorCode, Detail = detail, CompletedAt = time.GetUtcNow() };

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Order submission {SubmissionId} {Status} after {Attempts} attempt(s)")]
    private static partial void LogCompleted(ILogger logger, string submissionId, SubmissionState status, int attempts);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Order submission {SubmissionId} failed transiently ({Failure}); retrying later")]
    private static partial void LogRetry(ILogger logger, string submissionId, string failure);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Intake queue store unavailable ({Failure}); workers pause")]
    private static partial void LogStoreUnavailable(ILogger logger, string failure);
}
