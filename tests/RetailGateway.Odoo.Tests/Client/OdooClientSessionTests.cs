using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;
using WireMock.ResponseBuilders;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>What the client remembers between calls: the probed server, the JSON-RPC login, and what it marks on each request.</summary>
public sealed class OdooClientSessionTests
{
    [Fact]
    public async Task AutoProbe_OnOdoo17_ChoosesJsonRpcWithVersionFromCommonVersion()
    {
        using var odoo = FakeOdoo.Start().AsOdoo17();
        using var harness = new ClientHarness(odoo, OdooProtocol.Auto);

        var server = await harness.Client.GetServerAsync(CancellationToken.None);
        await harness.Client.GetServerAsync(CancellationToken.None);

        Assert.Equal(new OdooServer("17.0", 17, OdooProtocol.JsonRpc), server);
        Assert.Equal("warehouse", server.Dialect.WarehouseContextKey);
        Assert.Equal(1, odoo.Count("/web/version"));
        Assert.Single(odoo.ReceivedJsonRpc("common", "version"));
    }

    [Fact]
    public async Task AutoProbe_OnOdoo19_ChoosesJson2FromWebVersion()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        using var harness = new ClientHarness(odoo, OdooProtocol.Auto);

        var server = await harness.Client.GetServerAsync(CancellationToken.None);

        Assert.Equal(new OdooServer("19.0", 19, OdooProtocol.Json2), server);
        Assert.Equal(0, odoo.Count("/jsonrpc"));
    }

    [Fact]
    public async Task AutoProbe_ThatFails_IsNotCachedAndIsRetriedOnTheNextCall()
    {
        using var odoo = FakeOdoo.Start();
        odoo.Reply("/web/version", Response.Create().WithStatusCode(503).WithBody("<html>restarting</html>"), "GET");
        using var harness = new ClientHarness(odoo, OdooProtocol.Auto);

        var error = await Assert.ThrowsAsync<OdooException>(() => harness.Client.GetServerAsync(CancellationToken.None).AsTask());
        odoo.Server.ResetMappings();
        odoo.AsOdoo19();
        var server = await harness.Client.GetServerAsync(CancellationToken.None);

        Assert.Equal(OdooFailure.Unavailable, error.Failure);
        Assert.Equal(OdooProtocol.Json2, server.Protocol);
    }

    [Fact]
    public async Task JsonRpc_LogsInOnceAndReusesTheUid()
    {
        var recording = Recording.Get(Recording.Odoo17JsonRpc, "partner_search_by_ref");
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);
        var call = RecordedCall.From(recording);

        await call.InvokeAsync(harness.Client);
        await call.InvokeAsync(harness.Client);

        var login = Assert.Single(odoo.ReceivedJsonRpc("common", "authenticate"));
        Assert.Equal(new JsonArray("retail", "admin", ClientHarness.TestKey, new JsonObject()).ToJsonString(), login["params"]!["args"]!.ToJsonString());
        Assert.All(odoo.ReceivedJsonRpc("object", "execute_kw"), body => Assert.Equal(2, (int)body["params"]!["args"]![1]!));
    }

    [Fact]
    public async Task JsonRpc_AfterKeyRotation_LogsInAgainWithTheNewKeyWithoutRestart()
    {
        var recording = Recording.Get(Recording.Odoo17JsonRpc, "partner_search_by_ref");
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);
        var call = RecordedCall.From(recording);

        await call.InvokeAsync(harness.Client);
        harness.Reconfigure("Odoo:ApiKey", "rotated-key");
        await call.InvokeAsync(harness.Client);

        var logins = odoo.ReceivedJsonRpc("common", "authenticate");
        Assert.Equal(2, logins.Count);
        Assert.Equal("rotated-key", (string?)logins[1]["params"]!["args"]![2]);
        Assert.Equal("rotated-key", (string?)odoo.ReceivedJsonRpc("object", "execute_kw")[1]["params"]!["args"]![2]);
    }

    [Fact]
    public async Task JsonRpc_WhenOdooRefusesTheCachedLogin_LogsInAgainOnTheNextCall()
    {
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(Recording.Get(Recording.Odoo17JsonRpc, "execute_kw_bad_key"));
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);
        var query = new OdooQuery("res.partner", [], ["name"], 1);

        await Assert.ThrowsAsync<OdooException>(() => harness.Client.SearchReadAsync(query, OdooWireContext.Default.IdRecord, CancellationToken.None));
        await Assert.ThrowsAsync<OdooException>(() => harness.Client.SearchReadAsync(query, OdooWireContext.Default.IdRecord, CancellationToken.None));

        Assert.Equal(2, odoo.ReceivedJsonRpc("common", "authenticate").Count);
    }

    [Fact]
    public async Task Json2_AfterKeyRotation_SendsTheNewKeyWithoutRestart()
    {
        var recording = Recording.Get(Recording.Odoo19Json2, "partner_search_by_ref");
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply(recording.RequestPath, recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.Auto);
        var call = RecordedCall.From(recording);

        await call.InvokeAsync(harness.Client);
        harness.Reconfigure("Odoo:ApiKey", "rotated-key");
        await call.InvokeAsync(harness.Client);

        var keys = odoo.Server.LogEntries.Where(entry => entry.RequestMessage.Path == recording.RequestPath)
            .Select(entry => entry.RequestMessage.Headers!["Authorization"].Single());
        Assert.Equal([$"bearer {ClientHarness.TestKey}", "bearer rotated-key"], keys);
    }

    [Fact]
    public Task SearchRead_OverJson2_WithCompanyId_ScopesTheContextToThatCompany() =>
        // The recorded call carried allowed_company_ids itself; here the client must add it from the options.
        OdooClientReplayTests.ReplayJson2Async("invoices_list", companyId: 1, stripContext: true);

    [Fact]
    public Task SearchRead_OverJsonRpc_WithCompanyId_MergesIntoTheCallersContext() =>
        OdooClientReplayTests.ReplayJsonRpcAsync(
            "stock_batch_by_sku_in_warehouse",
            companyId: 3,
            adjustExpected: kwargs => kwargs["context"]!["allowed_company_ids"] = new JsonArray(3));

    [Fact]
    public Task RecordMethod_OverJsonRpc_WithCompanyId_SendsItInKwargsContext() =>
        OdooClientReplayTests.ReplayJsonRpcAsync(
            "order_confirm",
            companyId: 1,
            adjustExpected: kwargs => kwargs["context"] = new JsonObject { ["allowed_company_ids"] = new JsonArray(1) });

    [Fact]
    public async Task EveryRequest_IsMarkedSafeToRetryOnlyWhenItCannotChangeData()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        foreach (var name in new[] { "partner_search_by_ref", "partner_read", "line_fields_probe", "partner_create", "partner_write", "order_confirm" })
        {
            var recording = Recording.Get(Recording.Odoo19Json2, name);
            odoo.Reply(recording.RequestPath, recording);
        }

        using var harness = new ClientHarness(odoo, OdooProtocol.Auto);
        foreach (var name in new[] { "partner_search_by_ref", "partner_read", "line_fields_probe", "partner_create", "partner_write", "order_confirm" })
        {
            await RecordedCall.From(Recording.Get(Recording.Odoo19Json2, name)).InvokeAsync(harness.Client);
        }

        Assert.Equal(
            [
                ("/web/version", true),
                ("/json/2/res.partner/search_read", true),
                ("/json/2/res.partner/read", true),
                ("/json/2/sale.order.line/fields_get", true),
                ("/json/2/res.partner/create", false),
                ("/json/2/res.partner/write", false),
                ("/json/2/sale.order/action_confirm", false),
            ],
            harness.SafeMarkers.Select(marker => (marker.Call, marker.IsSafeToRetry ?? throw new InvalidOperationException($"{marker.Call} is unmarked"))));
    }

    [Fact]
    public async Task JsonRpc_LoginAndVersionAreSafe_CreateIsNot()
    {
        var recording = Recording.Get(Recording.Odoo17JsonRpc, "partner_create");
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.Auto);

        await RecordedCall.From(recording).InvokeAsync(harness.Client);

        Assert.Equal(
            [("/web/version", (bool?)true), ("common.version", true), ("common.authenticate", true), ("execute_kw create", false)],
            harness.SafeMarkers);
    }

    [Fact]
    public void StartUp_WithoutApiKey_FailsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Odoo:Url"] = "http://127.0.0.1:8069/" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddOdooClient(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartUp_WithJsonRpcButNoDatabase_FailsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Odoo:Url"] = "http://127.0.0.1:8069/",
                ["Odoo:ApiKey"] = "k",
                ["Odoo:Protocol"] = "JsonRpc",
            })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddOdooClient(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Odoo:Database", error.Message, StringComparison.Ordinal);
    }
}
