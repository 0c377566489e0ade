using System.Text.Json;
using WireMock.ResponseBuilders;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>
/// Methods whose Odoo implementation returns None (<c>sale.order.action_lock</c> and <c>action_unlock</c> on 17 and 19):
/// Odoo 17's JSON-RPC answer then has no <c>result</c> member at all, and JSON-2 answers a bare <c>null</c>. Both are a
/// success the client hands on as a null result, never a malformed answer.
/// </summary>
public sealed class NoneResultTests
{
    [Fact]
    public async Task JsonRpc_AnAnswerWithoutAResultMember_IsASuccessWithANullResult()
    {
        using var odoo = FakeOdoo.Start().AsOdoo17()
            .ReplyJsonRpc("object", "execute_kw", Answer("""{"jsonrpc": "2.0", "id": 3}"""));
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);

        var result = await harness.Client.CallMethodAsync("sale.order", "action_unlock", [28], null, CancellationToken.None);

        Assert.Equal(JsonValueKind.Null, result.ValueKind);
        Assert.Single(odoo.ReceivedJsonRpc("object", "execute_kw"));
    }

    [Fact]
    public async Task Json2_ABareNull_IsASuccessWithANullResult()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply("/json/2/sale.order/action_unlock", Answer("null"));
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var result = await harness.Client.CallMethodAsync("sale.order", "action_unlock", [28], null, CancellationToken.None);

        Assert.Equal(JsonValueKind.Null, result.ValueKind);
    }

    private static IResponseBuilder Answer(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body);
}
