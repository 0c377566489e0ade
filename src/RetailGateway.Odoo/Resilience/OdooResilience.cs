using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Diagnostics;

namespace RetailGateway.Odoo.Resilience;

/// <summary>
/// The one resilience pipeline on the Odoo <see cref="HttpClient"/>, outermost first:
/// <list type="number">
/// <item>total timeout: the whole call, queueing and retries included, and never past the API request's budget;</item>
/// <item>concurrency limit: Odoo's workers are not outnumbered, overflow is shed at once, writes keep reserved slots;</item>
/// <item>retry: only calls marked <see cref="OdooRequest.IsSafeToRetry"/>, honouring a short <c>Retry-After</c>;</item>
/// <item>circuit breaker: repeated transport faults, timeouts and 502/503/504 stop calls for a while;</item>
/// <item>attempt timeout: one stuck worker does not use up the whole budget.</item>
/// </list>
/// Every number is in <see cref="OdooResilienceOptions"/>. Refusals are classified into
/// <see cref="OdooException"/> by <c>OdooErrorClassifier</c>, like any other fault.
/// </summary>
internal static partial class OdooResilience
{
    /// <summary>Key of the pipeline in Polly's registry (<c>ResiliencePipelineProvider&lt;string&gt;</c>).</summary>
    public const string PipelineName = "RetailGateway.Odoo";

    /// <summary>Polly's smallest timeout; zero or less would mean "no timeout" to it.</summary>
    private static readonly TimeSpan MinimumTimeout = TimeSpan.FromMilliseconds(1);

    public static IHttpClientBuilder AddOdooResilience(this IHttpClientBuilder http, IConfiguration configuration)
    {
        var services = http.Services;
        services.AddSingleton<IValidateOptions<OdooResilienceOptions>, OdooResilienceOptionsValidator>();
        services.AddOptions<OdooResilienceOptions>()
            .Bind(configuration.GetSection(OdooResilienceOptions.SectionName))
            .Validate(o => o.AttemptTimeout <= o.TotalTimeout, "Odoo:Resilience:AttemptTimeout must not exceed Odoo:Resilience:TotalTimeout.")
            .Validate(o => o.TotalTimeout <= o.RequestBudget, "Odoo:Resilience:TotalTimeout must not exceed Odoo:Resilience:RequestBudget.")
            .Validate(o => o.ReservedForWrites < o.MaxConcurrentCalls, "Odoo:Resilience:ReservedForWrites must leave reads at least one of Odoo:Resilience:MaxConcurrentCalls.")
            .ValidateOnStart();
        services.AddMetrics();
        // A shed call is expected under load and logged once, as the gateway's warning (event 2201). Polly
        // would log each one again as an Error, flooding the logs at the very moment operators read them.
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = args =>
            args.Event.EventName == "OnRateLimiterRejected" ? ResilienceEventSeverity.Debug : args.Event.Severity);
        services.AddSingleton<OdooCircuit>();
        services.AddSingleton<OdooMetrics>();
        services.AddSingleton(provider => new OdooConcurrencyLimiter(provider.GetRequiredService<IOptions<OdooResilienceOptions>>().Value));
        services.AddResiliencePipeline<string, HttpResponseMessage>(PipelineName, static (pipeline, context) =>
        {
            var provider = context.ServiceProvider;
            Configure(
                pipeline,
                provider.GetRequiredService<IOptions<OdooResilienceOptions>>().Value,
                provider.GetRequiredService<OdooConcurrencyLimiter>(),
                provider.GetRequiredService<OdooCircuit>(),
                provider.GetRequiredService<OdooMetrics>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OdooResilience)));
        });

        // One pipeline instance for every handler the factory creates, so the circuit and the limiter are shared by all calls.
        http.AddHttpMessageHandler(provider =>
            new ResilienceHandler(provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(PipelineName)));
        return http;
    }

    private static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        OdooResilienceOptions options,
        OdooConcurrencyLimiter limiter,
        OdooCircuit circuit,
        OdooMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            Name = "TotalTimeout",
            Timeout = options.TotalTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(TotalTimeout(args.Context, options.TotalTimeout, timeProvider)),
        });

        pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
        {
            Name = "ConcurrencyLimiter",
            RateLimiter = args => limiter.AcquireAsync(ServesWrite(args.Context), args.Context.CancellationToken),
            OnRejected = args =>
            {
                var servesWrite = ServesWrite(args.Context);
                metrics.CallShed(servesWrite);
                Log.CallShed(logger, servesWrite);
                return default;
            },
        });

        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "SafeCallRetry",
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options.MaxRetryAfter, timeProvider)),
                OnRetry = args =>
                {
                    var outcome = Describe(args.Outcome);
                    Log.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, outcome);
                    return default;
                },
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "CircuitBreaker",
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            StateProvider = circuit.StateProvider,
            ShouldHandle = args => ValueTask.FromResult(IsOdooFault(args.Outcome)),
            OnOpened = args =>
            {
                var outcome = Describe(args.Outcome);
                Log.CircuitOpened(logger, args.BreakDuration.TotalSeconds, outcome);
                return default;
            },
            OnHalfOpened = _ =>
            {
                Log.CircuitHalfOpened(logger);
                return default;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger);
                return default;
            },
        });

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// Every Odoo call is a POST, so the method says nothing: the client's per-request marker decides.
    /// Only faults that say "try again" are retried; a 500 is Odoo's deterministic answer to this call.
    /// A <c>Retry-After</c> longer than <paramref name="maxRetryAfter"/> goes back to the caller instead.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider timeProvider)
    {
        if (!Marker(context, OdooRequest.IsSafeToRetry))
        {
            return false;
        }

        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Result: { } response } => IsRetryableStatus(response.StatusCode) && RetryAfter(response, timeProvider) <= maxRetryAfter,
            _ => false,
        };
    }

    /// <summary>
    /// <paramref name="totalTimeout"/>, or what is left of the request's budget when that is less.
    /// A call that starts with nothing left still gets a moment, so it fails as a timeout (504) like
    /// any call that ran out of time, rather than being sent to Odoo without any limit.
    /// </summary>
    internal static TimeSpan TotalTimeout(ResilienceContext context, TimeSpan totalTimeout, TimeProvider timeProvider)
    {
        if (context.GetRequestMessage()?.Options.TryGetValue(OdooRequest.Deadline, out var deadline) != true)
        {
            return totalTimeout;
        }

        var left = deadline - timeProvider.GetUtcNow();
        return left < totalTimeout ? (left > MinimumTimeout ? left : MinimumTimeout) : totalTimeout;
    }

    /// <summary>What counts against the circuit: Odoo (or its proxy) not answering, or a killed or missing worker. Odoo's own error answers do not.</summary>
    internal static bool IsOdooFault(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };

    private static bool IsRetryableStatus(HttpStatusCode status) => status is HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout
        or HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests;

    private static TimeSpan RetryAfter(HttpResponseMessage response, TimeProvider timeProvider) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow(),
        _ => TimeSpan.Zero,
    };

    private static bool ServesWrite(ResilienceContext context) => Marker(context, OdooRequest.ServesWrite);

    private static bool Marker(ResilienceContext context, HttpRequestOptionsKey<bool> key) =>
        context.GetRequestMessage()?.Options.TryGetValue(key, out var value) == true && value;

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? $"HTTP {(int?)outcome.Result?.StatusCode}";

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Odoo call shed at the concurrency limit (serves a write: {ServesWrite})")]
        public static partial void CallShed(ILogger logger, bool servesWrite);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Retrying a safe Odoo call (attempt {Attempt}) in {DelayMilliseconds:F0} ms after {Outcome}")]
        public static partial void Retrying(ILogger logger, int attempt, double delayMilliseconds, string outcome);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Odoo circuit opened for {BreakSeconds:F0} s after {Outcome}")]
        public static partial void CircuitOpened(ILogger logger, double breakSeconds, string outcome);

        [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Odoo circuit half-open: letting one call through")]
        public static partial void CircuitHalfOpened(ILogger logger);

        [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Odoo circuit closed")]
        public static partial void CircuitClosed(ILogger logger);
    }
}
