using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Pact.Tests.Odoo;

/// <summary>
/// The gateway's real Odoo client, registered as the gateway registers it (<c>AddOdooClient</c>),
/// pointed at the Pact mock server. Retries are off: each interaction is one request, and a retried
/// write or error would only repeat it.
/// </summary>
internal static class OdooConsumer
{
    public static Task RunAsync(Uri odooUrl, OdooProtocol protocol, Func<IOdooClient, Task> consumer, string apiKey = OdooShapes.ApiKey) =>
        RunAsync(odooUrl, protocol, services => consumer(services.GetRequiredService<IOdooClient>()), null, apiKey);

    /// <summary>
    /// Runs <paramref name="consumer"/> with the gateway's Odoo services (the client and the aggregates over it); with
    /// <paramref name="handler"/>, requests go to it instead of the network (the recording dry run).
    /// </summary>
    public static async Task RunAsync(Uri odooUrl, OdooProtocol protocol, Func<IServiceProvider, Task> consumer, HttpMessageHandler? handler, string apiKey = OdooShapes.ApiKey)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Odoo:Url"] = odooUrl.ToString(),
                ["Odoo:Database"] = OdooShapes.Database,
                ["Odoo:Username"] = OdooShapes.Login,
                ["Odoo:ApiKey"] = apiKey,
                ["Odoo:Protocol"] = protocol.ToString(),
                ["Odoo:Resilience:MaxRetries"] = "0",
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddOdooClient(configuration);
        if (handler is not null)
        {
            services.AddHttpClient(OdooServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await consumer(provider);
    }
}
