using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Resilience;

namespace RetailGateway.Api.Health;

/// <summary>Liveness never depends on Odoo; readiness reports Odoo's reachability and the circuit in front of it.</summary>
internal static class HealthSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<OdooHealthCheck>("odoo", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// <c>{"status": "Healthy", "checks": [{"name", "status", "description", "data"}]}</c>: enough for an operator, nothing
    /// secret, since anyone may ask. A check that threw is described as failed: the exception's message and type are logged only.
    /// </summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        var checks = new JsonArray();
        foreach (var (name, entry) in report.Entries)
        {
            var data = new JsonObject();
            foreach (var (key, value) in entry.Data)
            {
                data[key] = value?.ToString();
            }

            checks.Add(new JsonObject
            {
                ["name"] = name,
                ["status"] = entry.Status.ToString(),
                ["description"] = entry.Exception is null ? entry.Description : "The check failed; see the gateway's log.",
                ["data"] = data,
            });
        }

        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks };
        return context.Response.WriteAsync(body.ToJsonString(JsonSerializerOptions.Web), context.RequestAborted);
    }

    /// <summary>
    /// Odoo answers a one-record read with the gateway's credentials. While the circuit is open the
    /// gateway is not calling Odoo, so neither does this check: it reports the circuit instead.
    /// </summary>
    private sealed class OdooHealthCheck(OdooMetadata metadata, OdooCircuit circuit) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (circuit.State is CircuitState.Open or CircuitState.Isolated)
            {
                return HealthCheckResult.Unhealthy("Odoo circuit open: calls are refused while Odoo recovers", data: Data());
            }

            try
            {
                await metadata.ProbeAsync(cancellationToken);
                // Not Odoo's version nor protocol: anonymous callers read this, and a version tells an attacker what to try.
                return HealthCheckResult.Healthy("Odoo answered", Data());
            }
            catch (OdooException exception)
            {
                return HealthCheckResult.Unhealthy($"Odoo: {exception.Failure}", data: Data());
            }
        }

        private Dictionary<string, object> Data() => new() { ["circuit"] = circuit.State.ToString() };
    }
}
