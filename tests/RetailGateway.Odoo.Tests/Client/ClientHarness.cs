using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>The real client, wired through <see cref="OdooServiceCollectionExtensions.AddOdooClient"/> against a fake Odoo.</summary>
internal sealed class ClientHarness : IDisposable
{
    public const string TestKey = "test-key-1";

    private readonly ServiceProvider _provider;

    public ClientHarness(FakeOdoo odoo, OdooProtocol protocol, int? companyId = null, TimeSpan? timeout = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Odoo:Url"] = odoo.Url.ToString(),
            ["Odoo:Database"] = "retail",
            ["Odoo:Username"] = "admin",
            ["Odoo:ApiKey"] = TestKey,
            ["Odoo:Protocol"] = protocol.ToString(),
            ["Odoo:CompanyId"] = companyId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection().AddLogging();
        services.AddOdooClient(Configuration);
        var http = services.AddHttpClient(OdooServiceCollectionExtensions.HttpClientName)
            .AddHttpMessageHandler(() => new MarkerRecorder(SafeMarkers));
        if (timeout is { } limit)
        {
            http.ConfigureHttpClient(client => client.Timeout = limit);
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _provider.GetRequiredService<IOdooClient>();
    }

    public IConfigurationRoot Configuration { get; }

    public IServiceProvider Services => _provider;

    public IOdooClient Client { get; }

    /// <summary>Every request the client sent: its path (plus the JSON-RPC method) and its safe-to-retry marker.</summary>
    public ConcurrentQueue<(string Call, bool? IsSafeToRetry)> SafeMarkers { get; } = new();

    /// <summary>Changes a setting the way a configuration reload does (e.g. a rotated key).</summary>
    public void Reconfigure(string key, string value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    public void Dispose() => _provider.Dispose();

    private sealed class MarkerRecorder(ConcurrentQueue<(string, bool?)> markers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = request.RequestUri!.AbsolutePath;
            if (call == "/jsonrpc")
            {
                var body = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!["params"]!;
                var args = body["args"]!.AsArray();
                call = (string?)body["method"] == "execute_kw" ? $"execute_kw {args[4]}" : $"{body["service"]}.{body["method"]}";
            }

            markers.Enqueue((call, request.Options.TryGetValue(OdooRequest.IsSafeToRetry, out var safe) ? safe : null));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
