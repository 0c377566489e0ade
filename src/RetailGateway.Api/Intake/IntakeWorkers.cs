using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Operations;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Api.Versions;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Intake;

/// <summary>
/// Submits queued orders to Odoo, highest priority class first and oldest first within it,
/// <see cref="IntakeOptions.Workers"/> at a time, through
/// the same <see cref="OrderService"/> as a synchronous request: its per-Salesforce-order lock and
/// natural-key look-up make a second submission of the same order return the first one, so an order
/// whose worker stopped mid-way is simply submitted again after its lease.
/// </summary>
internal sealed partial class IntakeWorkers(
    ISubmissionStore store,
    IExceptionStore exceptions,
    ExceptionNotifier notifier,
    IServiceScopeFactory scopes,
    IOptions<IntakeOptions> options,
    IOptions<JsonOptions> json,
    BodyValidator validator,
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
        Refusal refusal;
        try
        {
            var orderId = await SubmitAsync(status, claimed.Payload, stoppingToken);
            // Not cancellable: the order is in Odoo whatever happens to this worker now.
            await CompleteAsync(status with { Status = SubmissionState.Submitted, OrderId = orderId, CompletedAt = time.GetUtcNow() });
            return;
        }
        catch (ApiProblemException problem) when (problem.Status is >= 400 and < 500 and not StatusCodes.Status409Conflict and not StatusCodes.Status429TooManyRequests)
        {
            refusal = new(problem.ErrorCode, problem.Message, problem.Errors);
        }
        catch (OdooException odoo) when (odoo.Failure is OdooFailure.BusinessRule)
        {
            refusal = new(ErrorCodes.OdooRejected, odoo.Message, []);
        }
        catch (OdooException odoo) when (odoo.Failure is OdooFailure.NotFound)
        {
            refusal = new(ErrorCodes.NotFound, odoo.Message, []);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && !SharedStateSetup.IsOutage(exception))
        {
            // Odoo unavailable, overloaded or slow, or a lock held elsewhere: the same order may succeed later.
            var failure = exception is OdooException or ApiProblemException ? exception.Message : exception.GetType().Name;
            if (status.Attempts < _options.MaxAttempts)
            {
                var delay = Backoff(_options, status.Attempts, (exception as OdooException)?.RetryAfter);
                LogRetry(logger, status.SubmissionId, exception.GetType().Name, status.Attempts, delay);
                await store.RetryLaterAsync(claimed, status, time.GetUtcNow() + delay, CancellationToken.None);
                return;
            }

            refusal = new(ErrorCodes.OdooUnavailable, $"Odoo did not take the order in {status.Attempts} attempts; the last failure: {failure}", []);
        }

        // Queued before the order is completed: a worker stopping in between leaves the order to be
        // claimed and refused again (a second entry, whose replay finds the same order), never a
        // rejected order with nothing to replay. A queue outage propagates: the order keeps its lease.
        var exceptionId = await RecordAsync(status, claimed.Payload, refusal);
        await CompleteAsync(status with
        {
            Status = SubmissionState.Rejected,
            ErrorCode = refusal.Reason,
            Detail = refusal.Detail,
            ExceptionId = exceptionId,
            CompletedAt = time.GetUtcNow(),
        });
    }

    /// <summary>
    /// The wait before the next attempt: <see cref="IntakeOptions.RetryDelay"/> doubled per attempt made,
    /// or Odoo's own <c>Retry-After</c> if longer, never longer than <see cref="IntakeOptions.MaxRetryDelay"/>.
    /// </summary>
    internal static TimeSpan Backoff(IntakeOptions options, int attempts, TimeSpan? retryAfter)
    {
        var exponential = options.RetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = retryAfter > exponential ? retryAfter.Value : exponential;
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private async Task CompleteAsync(OrderSubmissionStatus outcome)
    {
        await store.CompleteAsync(outcome, CancellationToken.None);
        LogCompleted(logger, outcome.SubmissionId, outcome.Status, outcome.Attempts);
    }

    /// <summary>
    /// Records a refused order in the exception queue, every refusal and not only the business reasons
    /// the synchronous path records: there no caller holds the order, so the queue is the only place an
    /// operator sees it. Built here rather than with the synchronous filter, which reads an HTTP request:
    /// the context comes from what was captured at enqueue time.
    /// </summary>
    private async Task<string> RecordAsync(OrderSubmissionStatus status, string payload, Refusal refusal)
    {
        var now = time.GetUtcNow();
        var entry = new QueuedException
        {
            ExceptionId = Guid.CreateVersion7(now).ToString("N"),
            Operation = ExceptionReplayer.SubmitOrder,
            ApiVersion = status.ApiVersion,
            // Orders queued before the client was kept with them have none to tell.
            ClientId = status.ClientId ?? "unknown",
            IdempotencyKey = status.IdempotencyKey,
            SubmissionId = status.SubmissionId,
            SalesforceId = status.SalesforceId,
            Method = HttpMethods.Post,
            Path = $"/api/v{status.ApiVersion}/orders",
            Body = JsonSerializer.Deserialize<JsonElement>(payload),
            Reason = refusal.Reason,
            Detail = refusal.Detail,
            Errors = refusal.Errors,
            OccurredAt = now,
            UpdatedAt = now,
            Attempts = status.Attempts,
            Status = ExceptionStatus.Open,
        };
        await exceptions.AddAsync(entry, CancellationToken.None);
        LogRecorded(logger, status.SubmissionId, entry.ExceptionId, refusal.Reason);
        notifier.Notify(entry);
        return entry.ExceptionId;
    }

    private async Task<string> SubmitAsync(OrderSubmissionStatus status, string payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Under the data scope of the client that queued the order, as its synchronous submission would have run;
        // an order queued before clients were recorded runs as an unlisted client.
        scope.ServiceProvider.GetRequiredService<CallerScope>().Enter(status.ClientId ?? "unknown");
        var orders = scope.ServiceProvider.GetRequiredService<OrderService>();
        // A write with no caller waiting: it may use the write capacity, and is bounded by the Odoo client's own timeouts.
        using (OdooWorkload.Begin(write: true, deadline: null))
        {
            // Checked again as the request was: an order queued by an earlier gateway version meets today's rules.
            var body = new StoredBody(JsonSerializer.Deserialize<JsonElement>(payload), json.Value.JsonSerializerOptions, validator);
            var order = ApiVersions.For(status.ApiVersion).Orders.ReadSubmission(body);
            return (await orders.SubmitAsync(order, cancellationToken)).Order.Order.OrderId;
        }
    }

    private sealed record Refusal(string Reason, string Detail, IReadOnlyList<FieldError> Errors);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Order submission {SubmissionId} {Status} after {Attempts} attempt(s)")]
    private static partial void LogCompleted(ILogger logger, string submissionId, SubmissionState status, int attempts);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Order submission {SubmissionId} failed transiently ({Failure}) on attempt {Attempts}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string submissionId, string failure, int attempts, TimeSpan delay);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Order submission {SubmissionId} rejected ({Reason}); queued as exception {ExceptionId}")]
    private static partial void LogRecorded(ILogger logger, string submissionId, string exceptionId, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Intake queue store unavailable ({Failure}); workers pause")]
    private static partial void LogStoreUnavailable(ILogger logger, string failure);
}
