using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Health;

/// <summary>Liveness never depends on Odoo; readiness does.</summary>
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
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }

    /// <summary>Odoo answers a one-record read with the gateway's credentials.</summary>
    private sealed class OdooHealthCheck(IOdooClient odoo) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var server = await odoo.GetServerAsync(cancellationToken);
                await odoo.SearchReadAsync(new OdooQuery("stock.warehouse", new JsonArray(), ["code"], 1), cancellationToken);
                return HealthCheckResult.Healthy($"Odoo {server.Version} over {server.Protocol}");
            }
            catch (OdooException exception)
            {
                return HealthCheckResult.Unhealthy($"Odoo: {exception.Failure}");
            }
        }
    }
}
