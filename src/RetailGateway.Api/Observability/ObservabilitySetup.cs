using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RetailGateway.Api.Security;
using RetailGateway.Api.SharedState;
using RetailGateway.Odoo;

namespace RetailGateway.Api.Observability;

/// <summary>
/// OpenTelemetry traces (incoming request → Odoo HTTP calls → Redis commands), metrics and logs;
/// OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, a Prometheus scrape endpoint at
/// <see cref="MetricsPath"/> (permission <c>Metrics.Read</c>), and a correlation id on every response.
/// </summary>
internal static class ObservabilitySetup
{
    public const string ServiceName = "RetailGateway.Api";
    public const string MetricsPath = "/metrics";

    /// <summary>The gateway's own meter: read-cache lookups, rate-limit rejections and change-feed consumption.</summary>
    public const string GatewayMeterName = "RetailGateway.Api";

    /// <summary>The response header naming the request's trace: quote it to find the request's logs, audit event and spans.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>The OpenTelemetry SDK's own setting; the SDK reads the rest of <c>OTEL_*</c> itself.</summary>
    private const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Series kept per instrument but the request duration: ample for Odoo models × methods × outcomes, or clients × rate-limit policies.</summary>
    private const int InstrumentSeriesLimit = 500;

    public static WebApplicationBuilder AddGatewayObservability(this WebApplicationBuilder builder)
    {
        var redis = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(SharedStateSetup.ConnectionStringName));
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        // Spans are recorded only where they are sent: without an exporter, recording them costs every request (about a
        // twentieth of a cache hit) and shows nothing. The request's trace id (the correlation id) is there either way.
        if (otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                // Scrapes and probes arrive every few seconds and say nothing about a Salesforce request.
                tracing.AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsHousekeeping(context.Request.Path));
                tracing.AddHttpClientInstrumentation();
                if (redis)
                {
                    tracing.AddRedisInstrumentation();
                }
            });
        }

        telemetry
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(OdooServiceCollectionExtensions.MeterName, "Polly")
                .AddMeter(Operations.ExceptionMetrics.MeterName)
                .AddMeter(GatewayMeterName)
                .AddView(ConfigureStream)
                .AddPrometheusExporter())
            .WithLogging();
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Puts the correlation header on every response (set as the response starts, so that error
    /// responses, whose headers the exception handler clears, carry it too) and maps the scrape endpoint.
    /// Call first, before the exception handler.
    /// </summary>
    public static WebApplication UseGatewayObservability(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var correlationId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationHeader] = correlationId;
                return Task.CompletedTask;
            });
            return next(context);
        });
        // The scrape names routes, Odoo models and methods and exception types: only the scraper's token reads it.
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Permissions.MetricsRead);
        return app;
    }

    /// <summary>
    /// The SDK allocates an instrument's series all at once when it first records, 2,000 of them unless a view says
    /// otherwise: 11 MB of heap for the gateway's instruments. Only the request duration (operation × status) may come near
    /// that; the rest have a few dozen series. Beyond its limit an instrument still counts, in one overflow series.
    /// <para>
    /// <c>aspnetcore.authorization.attempts</c> is not collected: counting it was a twenty-fifth of a cache hit, and a
    /// refusal is already in the request duration's status (403) by route.
    /// </para>
    /// </summary>
    private static MetricStreamConfiguration? ConfigureStream(Instrument instrument) => instrument.Name switch
    {
        "http.server.request.duration" => null,
        "aspnetcore.authorization.attempts" => MetricStreamConfiguration.Drop,
        _ => new MetricStreamConfiguration { CardinalityLimit = InstrumentSeriesLimit },
    };

    private static bool IsHousekeeping(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
