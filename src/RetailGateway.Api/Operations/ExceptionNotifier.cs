using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Operations;

/// <summary>
/// Tells the owning team of each new exception: one signed POST per matching route (<see cref="WebhookOptions"/>),
/// retried with backoff by the <see cref="HttpClientName"/> client's resilience handler, then dead-lettered
/// (counted and logged). A delivery keeps its id across retries, so a receiver acts on it once.
/// </summary>
/// <remarks>
/// Deliveries wait in this instance's memory: an instance killed with deliveries pending loses them, while
/// the exceptions themselves stay in the queue (the record operators work from).
/// </remarks>
internal sealed partial class ExceptionNotifier : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const string DeliveryHeader = "X-RetailGateway-Delivery";
    public const string TimestampHeader = "X-RetailGateway-Timestamp";
    public const string SignatureHeader = "X-RetailGateway-Signature";
    public const string EventName = "exception.opened";

    /// <summary>Deliveries sent at once: a slow receiver's retries must not hold up another team's.</summary>
    private const int Senders = 4;

    private readonly Channel<Delivery> _pending = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    private readonly IHttpClientFactory _clients;
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ExceptionNotifier> _logger;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deadLetters;

    public ExceptionNotifier(IHttpClientFactory clients, IOptionsMonitor<WebhookOptions> options, IMeterFactory meters, TimeProvider time, ILogger<ExceptionNotifier> logger)
    {
        _clients = clients;
        _options = options;
        _time = time;
        _logger = logger;
        var meter = meters.Create(ExceptionMetrics.MeterName);
        _delivered = meter.CreateCounter<long>("retailgateway.webhooks.delivered", "{delivery}", "Exception notifications a receiver accepted, by route.");
        _deadLetters = meter.CreateCounter<long>(
            "retailgateway.webhooks.dead_letters", "{delivery}", "Exception notifications given up on after every try (or with the outbox full), by route.");
    }

    /// <summary>Queues the new exception's notification for every route that owns its reason; never waits, never throws.</summary>
    public void Notify(QueuedException entry)
    {
        foreach (var (route, target) in _options.CurrentValue.For(entry.Reason))
        {
            var delivery = new Delivery(route, $"{entry.ExceptionId}.{route}", entry, target.Url!, target.Secret!);
            if (!_pending.Writer.TryWrite(delivery))
            {
                DeadLetter(delivery, "the outbox is full");
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Parallel.ForEachAsync(
                _pending.Reader.ReadAllAsync(stoppingToken),
                new ParallelOptions { MaxDegreeOfParallelism = Senders, CancellationToken = stoppingToken },
                SendAsync);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still pending is lost with the instance (see the remarks).
        }
    }

    private async ValueTask SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Notification.Of(delivery), ExceptionJson.Options);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(DeliveryHeader, delivery.Id);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Signature(delivery.Secret, timestamp, body));
        try
        {
            using var response = await _clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                _delivered.Add(1, new KeyValuePair<string, object?>("route", delivery.Route));
                return;
            }

            DeadLetter(delivery, $"the receiver answered {(int)response.StatusCode}");
        }
        catch (Exception failure) when (failure is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            DeadLetter(delivery, failure.GetType().Name);
        }
    }

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of <c>{timestamp}.{body}</c>: the timestamp signed too, so an old delivery cannot be replayed as new.</summary>
    public static string Signature(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.ASCII.GetByteCount(timestamp) + 1 + body.Length];
        var at = Encoding.ASCII.GetBytes(timestamp, signed);
        signed[at] = (byte)'.';
        body.CopyTo(signed.AsSpan(at + 1));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private void DeadLetter(Delivery delivery, string why)
    {
        _deadLetters.Add(1, new KeyValuePair<string, object?>("route", delivery.Route));
        LogDeadLetter(_logger, delivery.Id, delivery.Route, delivery.Entry.ExceptionId, why);
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to route {Route} for exception {ExceptionId} dead-lettered: {Why}")]
    private static partial void LogDeadLetter(ILogger logger, string deliveryId, string route, string exceptionId, string why);

    private sealed record Delivery(string Route, string Id, QueuedException Entry, Uri Url, string Secret);

    /// <summary>What the receiver gets: enough to act on and to find the entry, not the refused body (operators read it from the queue).</summary>
    private sealed record Notification(string DeliveryId, string Event, Notification.Summary Exception)
    {
        public static Notification Of(Delivery delivery)
        {
            var e = delivery.Entry;
            return new(delivery.Id, EventName, new Summary(
                e.ExceptionId, e.Operation, e.Reason, e.Detail, e.Errors, e.ClientId, e.SalesforceId, e.SubmissionId, e.OccurredAt, $"/api/v2/exceptions/{e.ExceptionId}"));
        }

        public sealed record Summary(
            string ExceptionId,
            string Operation,
            string Reason,
            string Detail,
            IReadOnlyList<FieldError> Errors,
            string ClientId,
            string? SalesforceId,
            string? SubmissionId,
            DateTimeOffset OccurredAt,
            string Url);
    }
}
