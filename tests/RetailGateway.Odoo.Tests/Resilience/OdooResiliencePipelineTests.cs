using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;
using Polly.Registry;
using Polly.Testing;
using Polly.Timeout;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Resilience;

namespace RetailGateway.Odoo.Tests.Resilience;

/// <summary>The pipeline on the Odoo HttpClient, as configured: its strategies, their order and numbers, and the retry decision.</summary>
public sealed class OdooResiliencePipelineTests
{
    [Fact]
    public void Pipeline_WithDefaults_IsTotalTimeoutLimiterRetryCircuitAttemptTimeout()
    {
        using var provider = Provider();

        var strategies = Pipeline(provider).Strategies;

        Assert.Collection(
            strategies,
            total => Assert.Equal(TimeSpan.FromSeconds(8), Assert.IsType<HttpTimeoutStrategyOptions>(total.Options).Timeout),
            limiter => Assert.IsType<HttpRateLimiterStrategyOptions>(limiter.Options),
            retry =>
            {
                var options = Assert.IsType<HttpRetryStrategyOptions>(retry.Options);
                Assert.Equal(2, options.MaxRetryAttempts);
                Assert.Equal(TimeSpan.FromMilliseconds(200), options.Delay);
                Assert.Equal(DelayBackoffType.Exponential, options.BackoffType);
                Assert.True(options.UseJitter);
                Assert.True(options.ShouldRetryAfterHeader);
            },
            circuit =>
            {
                var options = Assert.IsType<HttpCircuitBreakerStrategyOptions>(circuit.Options);
                Assert.Equal(0.5, options.FailureRatio);
                Assert.Equal(10, options.MinimumThroughput);
                Assert.Equal(TimeSpan.FromSeconds(30), options.SamplingDuration);
                Assert.Equal(TimeSpan.FromSeconds(15), options.BreakDuration);
                Assert.NotNull(options.StateProvider);
            },
            attempt => Assert.Equal(TimeSpan.FromSeconds(4), Assert.IsType<HttpTimeoutStrategyOptions>(attempt.Options).Timeout));
    }

    [Fact]
    public void Pipeline_TakesItsNumbersFromConfiguration()
    {
        using var provider = Provider(new()
        {
            ["Odoo:Resilience:TotalTimeout"] = "00:00:05",
            ["Odoo:Resilience:AttemptTimeout"] = "00:00:01.500",
            ["Odoo:Resilience:MaxRetries"] = "1",
            ["Odoo:Resilience:CircuitBreakDuration"] = "00:01:00",
        });

        var strategies = Pipeline(provider).Strategies;

        Assert.Equal(TimeSpan.FromSeconds(5), ((HttpTimeoutStrategyOptions)strategies[0].Options!).Timeout);
        Assert.Equal(1, ((HttpRetryStrategyOptions)strategies[2].Options!).MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMinutes(1), ((HttpCircuitBreakerStrategyOptions)strategies[3].Options!).BreakDuration);
        Assert.Equal(TimeSpan.FromSeconds(1.5), ((HttpTimeoutStrategyOptions)strategies[4].Options!).Timeout);
    }

    [Fact]
    public void Pipeline_WithNoRetries_HasNoRetryStrategy()
    {
        using var provider = Provider(new() { ["Odoo:Resilience:MaxRetries"] = "0" });

        Assert.DoesNotContain(Pipeline(provider).Strategies, strategy => strategy.Options is HttpRetryStrategyOptions);
    }

    [Theory]
    [InlineData("Odoo:Resilience:AttemptTimeout", "00:00:09", "AttemptTimeout")]
    [InlineData("Odoo:Resilience:RequestBudget", "00:00:05", "RequestBudget")]
    [InlineData("Odoo:Resilience:ReservedForWrites", "8", "ReservedForWrites")]
    [InlineData("Odoo:Resilience:MaxConcurrentCalls", "0", "MaxConcurrentCalls")]
    [InlineData("Odoo:Resilience:CircuitFailureRatio", "0", "CircuitFailureRatio")]
    public void InvalidSetting_FailsNamingIt(string key, string value, string named)
    {
        using var provider = Provider(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OdooResilienceOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<bool, HttpStatusCode, string?, bool> RetryCases() => new()
    {
        // Reads: faults that say "try again" are retried, a short Retry-After is waited out.
        { true, HttpStatusCode.BadGateway, null, true },
        { true, HttpStatusCode.ServiceUnavailable, null, true },
        { true, HttpStatusCode.GatewayTimeout, null, true },
        { true, HttpStatusCode.TooManyRequests, "1", true },
        // A long Retry-After goes back to the caller; a 500 is Odoo's answer to this very call.
        { true, HttpStatusCode.TooManyRequests, "30", false },
        { true, HttpStatusCode.ServiceUnavailable, "120", false },
        { true, HttpStatusCode.InternalServerError, null, false },
        { true, HttpStatusCode.OK, null, false },
        // Writes: never, whatever the fault.
        { false, HttpStatusCode.BadGateway, null, false },
        { false, HttpStatusCode.ServiceUnavailable, null, false },
        { false, HttpStatusCode.TooManyRequests, "1", false },
    };

    [Theory]
    [MemberData(nameof(RetryCases))]
    public void ShouldRetry_Response_DependsOnTheSafeMarkerAndTheFault(bool safe, HttpStatusCode status, string? retryAfter, bool expected)
    {
        using var request = Request(safe);
        using var response = new HttpResponseMessage(status);
        if (retryAfter is not null)
        {
            response.Headers.Add("Retry-After", retryAfter);
        }

        Assert.Equal(expected, Decide(request, Outcome.FromResult(response)));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ShouldRetry_TransportFaultOrAttemptTimeout_OnlyForSafeCalls(bool safe, bool expected)
    {
        using var request = Request(safe);

        Assert.Equal(expected, Decide(request, Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
        Assert.Equal(expected, Decide(request, Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
    }

    [Fact]
    public void ShouldRetry_RequestWithoutMarker_IsNotRetried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://odoo.test/jsonrpc");

        Assert.False(Decide(request, Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void Circuit_CountsOnlyOdooNotAnswering(HttpStatusCode status, bool counted)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Equal(counted, OdooResilience.IsOdooFault(Outcome.FromResult(response)));
        Assert.True(OdooResilience.IsOdooFault(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
    }

    [Fact]
    public void TotalTimeout_IsTheSmallerOfItsSettingAndWhatIsLeftOfTheRequestBudget()
    {
        var total = TimeSpan.FromSeconds(8);

        Assert.Equal(total, TotalTimeoutFor(deadline: null, total));
        Assert.Equal(total, TotalTimeoutFor(DateTimeOffset.UtcNow.AddSeconds(60), total));
        Assert.InRange(TotalTimeoutFor(DateTimeOffset.UtcNow.AddSeconds(3), total), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        // Past the deadline the call still gets a limit (Polly reads zero as "none"), and fails as a timeout.
        Assert.Equal(TimeSpan.FromMilliseconds(1), TotalTimeoutFor(DateTimeOffset.UtcNow.AddSeconds(-1), total));
    }

    private static TimeSpan TotalTimeoutFor(DateTimeOffset? deadline, TimeSpan total)
    {
        using var request = Request(safe: true);
        if (deadline is { } due)
        {
            request.Options.Set(OdooRequest.Deadline, due);
        }

        var context = ResilienceContextPool.Shared.Get();
        try
        {
            context.SetRequestMessage(request);
            return OdooResilience.TotalTimeout(context, total, TimeProvider.System);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool Decide(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            context.SetRequestMessage(request);
            return OdooResilience.ShouldRetry(outcome, context, TimeSpan.FromSeconds(2), TimeProvider.System);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static HttpRequestMessage Request(bool safe)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://odoo.test/jsonrpc");
        request.Options.Set(OdooRequest.IsSafeToRetry, safe);
        return request;
    }

    private static ResiliencePipelineDescriptor Pipeline(ServiceProvider provider) =>
        provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(OdooResilience.PipelineName).GetPipelineDescriptor();

    [Fact]
    public async Task ShedCall_IsLoggedOnceAsTheGatewaysWarning_NotAsAPollyError()
    {
        var logs = new RecordingLoggerProvider();
        using var provider = Provider(
            new() { ["Odoo:Resilience:MaxConcurrentCalls"] = "1", ["Odoo:Resilience:ReservedForWrites"] = "0", ["Odoo:Resilience:QueueLimit"] = "0" },
            logs);
        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(OdooResilience.PipelineName);
        var release = new TaskCompletionSource();
        var holding = pipeline.ExecuteAsync(async _ =>
        {
            await release.Task;
            return new HttpResponseMessage(HttpStatusCode.OK);
        }).AsTask();

        await Assert.ThrowsAsync<RateLimiterRejectedException>(() => pipeline.ExecuteAsync(_ => ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK))).AsTask());
        release.SetResult();
        (await holding).Dispose();

        Assert.Single(logs.Records, r => r.EventId.Id == 2201 && r.Level == LogLevel.Warning);
        Assert.DoesNotContain(logs.Records, r => r.Category.StartsWith("Polly", StringComparison.Ordinal) && r.Level >= LogLevel.Warning);
    }

    private static ServiceProvider Provider(Dictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Odoo:Url"] = "http://127.0.0.1:1/",
                ["Odoo:ApiKey"] = "key",
                ["Odoo:Protocol"] = "Json2",
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        return new ServiceCollection()
            .AddLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
                }
            })
            .AddOdooClient(configuration)
            .BuildServiceProvider();
    }

    /// <summary>Every log record written, with its category and level.</summary>
    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level, EventId EventId)> _records = new();

        public IReadOnlyList<(string Category, LogLevel Level, EventId EventId)> Records => [.. _records];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string, LogLevel, EventId)> records) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                records.Enqueue((category, logLevel, eventId));
        }
    }
}
