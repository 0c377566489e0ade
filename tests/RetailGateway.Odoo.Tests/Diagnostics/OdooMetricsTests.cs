using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Diagnostics;
using RetailGateway.Odoo.Tests.Client;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;
using WireMock.ResponseBuilders;

namespace RetailGateway.Odoo.Tests.Diagnostics;

/// <summary>Each Odoo call is measured by model, method and outcome; the circuit's state is observable.</summary>
public sealed class OdooMetricsTests
{
    [Fact]
    public async Task Calls_AreCountedAndTimed_ByModelMethodAndOutcome()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19()
            .Reply("/json/2/res.partner/search_read", Recording.Get(Recording.Odoo19Json2, "partner_search_by_ref"))
            .Reply("/json/2/sale.order/create", Recording.Get(Recording.Odoo19Json2, "error_validation"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);
        var meters = harness.Services.GetRequiredService<IMeterFactory>();
        using var calls = new MetricCollector<long>(meters, OdooMetrics.MeterName, "retailgateway.odoo.client.calls");
        using var duration = new MetricCollector<double>(meters, OdooMetrics.MeterName, "retailgateway.odoo.client.call.duration");

        await harness.Client.SearchReadAsync(new OdooQuery("res.partner", [], ["name"], 1), OdooWireContext.Default.IdRecord, CancellationToken.None);
        await Assert.ThrowsAsync<OdooException>(() => harness.Client.CreateAsync("sale.order", [], null, CancellationToken.None));

        var measured = calls.GetMeasurementSnapshot()
            .Select(m => $"{m.Tags["odoo.model"]} {m.Tags["odoo.method"]} {m.Tags["odoo.outcome"]} {m.Value}")
            .ToList();
        Assert.Equal(["res.partner search_read success 1", "sale.order create business_rule 1"], measured);
        Assert.Equal(2, duration.GetMeasurementSnapshot().Count);
        Assert.All(duration.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 60));
    }

    [Fact]
    public async Task CircuitState_IsObservable_AndClosedWhileOdooAnswers()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply("/json/2/res.partner/search_read", Response.Create().WithStatusCode(200).WithBody("[]"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);
        using var state = new MetricCollector<int>(harness.Services.GetRequiredService<IMeterFactory>(), OdooMetrics.MeterName, "retailgateway.odoo.client.circuit.state");

        await harness.Client.SearchReadAsync(new OdooQuery("res.partner", [], ["name"], 1), OdooWireContext.Default.IdRecord, CancellationToken.None);
        state.RecordObservableInstruments();

        Assert.Equal(0, state.LastMeasurement?.Value);
    }
}
