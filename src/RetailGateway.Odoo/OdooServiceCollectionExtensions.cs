using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Resilience;
using RetailGateway.Odoo.Transports;

namespace RetailGateway.Odoo;

/// <summary>Registers the Odoo client and the typed classes that speak to it in the gateway's terms.</summary>
public static class OdooServiceCollectionExtensions
{
    /// <summary>
    /// Name of the <see cref="HttpClient"/> every Odoo call goes through. It carries the Odoo resilience
    /// pipeline (timeouts, concurrency limit, retries of safe calls, circuit breaker); handlers added
    /// with <c>services.AddHttpClient(HttpClientName)</c> run inside it, once per attempt.
    /// </summary>
    public const string HttpClientName = "Odoo";

    /// <summary>Name of the meter the Odoo client's instruments are on, for a metrics exporter to listen to.</summary>
    public const string MeterName = Diagnostics.OdooMetrics.MeterName;

    /// <summary>
    /// Binds <see cref="OdooOptions"/> from the <c>Odoo</c> section and <see cref="OdooResilienceOptions"/>
    /// from <c>Odoo:Resilience</c> (both validated at start-up) and registers <see cref="IOdooClient"/>
    /// as a singleton, with <see cref="OdooCircuit"/> for health checks, and one class per Odoo aggregate the gateway
    /// uses (<see cref="OdooPartners"/>, <see cref="OdooSaleOrders"/>, <see cref="OdooInvoices"/>, <see cref="OdooProducts"/>,
    /// <see cref="OdooScopes"/>) with the reference data (<see cref="OdooMetadata"/>). The Odoo URL is read when each request is sent, so it
    /// may be configured after the container is built (e.g. by an embedded sandbox).
    /// </summary>
    public static IServiceCollection AddOdooClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IValidateOptions<OdooOptions>, OdooOptionsValidator>();
        services.AddOptions<OdooOptions>()
            .Bind(configuration.GetSection(OdooOptions.SectionName))
            .Validate(options => options.Url is null || options.Url.IsAbsoluteUri, "Odoo:Url must be an absolute address, e.g. https://erp.example.com/.")
            .Validate(
                options => options.Protocol != OdooProtocol.JsonRpc || (options.Database.Length > 0 && options.Username.Length > 0),
                "Odoo:Database and Odoo:Username are required when Odoo:Protocol is JsonRpc.")
            .ValidateOnStart();

        services.AddHttpClient(HttpClientName).AddOdooResilience(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OdooHttp>();
        services.TryAddSingleton<JsonRpcTransport>();
        services.TryAddSingleton<Json2Transport>();
        services.TryAddSingleton<IOdooClient, OdooClient>();
        services.TryAddSingleton<OdooMetadata>();
        services.TryAddSingleton<OdooPartners>();
        services.TryAddSingleton<OdooScopes>();
        services.TryAddSingleton<OdooSaleOrders>();
        services.TryAddSingleton<OdooReturns>();
        services.TryAddSingleton<OdooInvoices>();
        services.TryAddSingleton<OdooProducts>();
        services.TryAddSingleton<OdooCatalog>();
        return services;
    }
}
