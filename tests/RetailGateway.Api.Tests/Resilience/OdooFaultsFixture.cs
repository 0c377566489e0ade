using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Resilience;

/// <summary>A gateway in front of a faulty Odoo 17 (JSON-RPC) and one in front of a faulty Odoo 19 (JSON-2), warmed up and with a customer to order for.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class OdooFaultsFixture : IAsyncLifetime
{
    private readonly Dictionary<int, (FaultyOdooGateway Gateway, string CustomerId)> _gateways = [];

    public FaultyOdooGateway Gateway(int odooVersion) => _gateways[odooVersion].Gateway;

    public string CustomerId(int odooVersion) => _gateways[odooVersion].CustomerId;

    public async Task InitializeAsync()
    {
        foreach (var version in new[] { 17, 19 })
        {
            var gateway = await FaultyOdooGateway.StartAsync(version);
            using var client = gateway.Client("Stock.Read", "Customers.Write");
            // The first calls probe the version, log in and load reference data; the tests count only what follows.
            await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
            var salesforceId = TestApi.Unique("001");
            var customer = await (await client.PostJsonAsync("/api/v1/customers", new { salesforceId, name = "Fault Co " + salesforceId })).ExpectAsync(HttpStatusCode.Created);
            _gateways[version] = (gateway, customer["customerId"]!.GetValue<string>());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (gateway, _) in _gateways.Values)
        {
            await gateway.DisposeAsync();
        }
    }
}
