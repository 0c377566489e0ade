using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Operations;

internal static class OperationsSetup
{
    /// <summary>The exception work queue; its store is chosen with the other shared state (<see cref="SharedStateSetup"/>).</summary>
    public static WebApplicationBuilder AddExceptionQueue(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<OperationsOptions, OperationsOptionsValidator>(OperationsOptions.SectionName);
        services.AddScoped<ExceptionReplayer>();
        services.AddScoped<ExceptionQueue>();
        services.AddScoped<ExceptionRecordingFilter>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<ExceptionRecordingFilter>());
        services.AddHostedService<ExceptionMetrics>();
        services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.SectionName);
        services.AddSingleton<ExceptionNotifier>();
        services.AddHostedService(provider => provider.GetRequiredService<ExceptionNotifier>());
        services.AddHttpClient(ExceptionNotifier.HttpClientName).AddResilienceHandler(ExceptionNotifier.HttpClientName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
            // Retries first, then the per-try timeout inside them: a hung receiver costs one try, not the delivery.
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        return builder;
    }
}
