using System.Text.Json.Nodes;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>
/// Every successful primitive call in the recordings, replayed through the real client: the request it
/// sends must be the one real Odoo received, and it must hand back what Odoo answered.
/// </summary>
public sealed class OdooClientReplayTests
{
    private static readonly string[] Primitives = ["search_read", "read", "create", "write", "fields_get"];

    public static TheoryData<string> Successful(string file, string kind)
    {
        var names = Recording.All(file).Values
            .Where(recording => IsPrimitive(recording) && IsSuccess(recording))
            .Where(recording => Kind(RecordedCall.From(recording).Method) == kind)
            .Select(recording => recording.Name);
        return [.. names];
    }

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo17JsonRpc, "search_read")]
    public Task SearchRead_OverJsonRpc_SendsRecordedEnvelopeAndReturnsRecords(string name) => ReplayJsonRpcAsync(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo17JsonRpc, "read")]
    public Task Read_OverJsonRpc_SendsRecordedEnvelopeAndReturnsRecords(string name) => ReplayJsonRpcAsync(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo17JsonRpc, "create")]
    public Task Create_OverJsonRpc_SendsRecordedEnvelopeAndReturnsId(string name) => ReplayJsonRpcAsync(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo17JsonRpc, "write")]
    public Task Write_OverJsonRpc_SendsRecordedEnvelope(string name) => ReplayJsonRpcAsync(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo17JsonRpc, "fields_get")]
    public Task FieldsGet_OverJsonRpc_SendsRecordedEnvelopeAndReturnsExistingFields(string name) => ReplayJsonRpcAsync(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo17JsonRpc, "method")]
    public Task RecordMethod_OverJsonRpc_SendsRecordedEnvelopeAndReturnsResult(string name) => ReplayJsonRpcAsync(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo19Json2, "search_read")]
    public Task SearchRead_OverJson2_SendsRecordedBodyAndReturnsRecords(string name) => ReplayJson2Async(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo19Json2, "read")]
    public Task Read_OverJson2_SendsRecordedBodyAndReturnsRecords(string name) => ReplayJson2Async(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo19Json2, "create")]
    public Task Create_OverJson2_SendsRecordedBodyAndReturnsId(string name) => ReplayJson2Async(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo19Json2, "write")]
    public Task Write_OverJson2_SendsRecordedBody(string name) => ReplayJson2Async(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo19Json2, "fields_get")]
    public Task FieldsGet_OverJson2_SendsRecordedBodyAndReturnsExistingFields(string name) => ReplayJson2Async(name);

    [Theory]
    [MemberData(nameof(Successful), Recording.Odoo19Json2, "method")]
    public Task RecordMethod_OverJson2_SendsRecordedBodyAndReturnsResult(string name) => ReplayJson2Async(name);

    [Fact]
    public async Task Json2Call_SendsBearerKeyDatabaseAndJsonContentType()
    {
        using var odoo = FakeOdoo.Start().AsOdoo19();
        var recording = Recording.Get(Recording.Odoo19Json2, "partner_read");
        odoo.Reply(recording.RequestPath, recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        await RecordedCall.From(recording).InvokeAsync(harness.Client);

        var headers = odoo.Server.LogEntries.Single(entry => entry.RequestMessage.Path == recording.RequestPath).RequestMessage.Headers!;
        Assert.Equal($"bearer {ClientHarness.TestKey}", headers["Authorization"].Single());
        Assert.Equal("retail", headers["X-Odoo-Database"].Single());
        Assert.Equal("application/json", headers["Content-Type"].Single());
    }

    internal static async Task ReplayJsonRpcAsync(string name, int? companyId = null, Action<JsonObject>? adjustExpected = null)
    {
        var recording = Recording.Get(Recording.Odoo17JsonRpc, name);
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc, companyId);
        var call = RecordedCall.From(recording);

        var result = await call.InvokeAsync(harness.Client);

        var expected = recording.RequestBody!.DeepClone().AsObject();
        expected.Remove("id");
        var args = expected["params"]!["args"]!.AsArray();
        args[2] = ClientHarness.TestKey;
        if (call.Method == "fields_get")
        {
            // The client asks only for the attribute it needs; the recording asked for more.
            args[6]!["attributes"] = new JsonArray("type");
        }

        adjustExpected?.Invoke(args[6]!.AsObject());
        var sent = odoo.ReceivedJsonRpc("object", "execute_kw").Single().AsObject();
        sent.Remove("id");
        AssertJsonEqual(expected, sent);
        AssertJsonEqual(ExpectedResult(call, recording.Response!["result"]), result);
    }

    internal static async Task ReplayJson2Async(string name, int? companyId = null, Action<JsonObject>? adjustExpected = null, bool stripContext = false)
    {
        var recording = Recording.Get(Recording.Odoo19Json2, name);
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply(recording.RequestPath, recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2, companyId);
        var call = RecordedCall.From(recording);
        if (stripContext)
        {
            call.Named.Remove("context");
        }

        var result = await call.InvokeAsync(harness.Client);

        var expected = recording.RequestBody!.DeepClone().AsObject();
        if (call.Method == "fields_get")
        {
            // The client asks only for the attribute it needs; the recording asked for more.
            expected["attributes"] = new JsonArray("type");
        }

        adjustExpected?.Invoke(expected);
        AssertJsonEqual(expected, odoo.Received(recording.RequestPath).Single());
        AssertJsonEqual(ExpectedResult(call, recording.Response), result);
    }

    private static JsonNode? ExpectedResult(RecordedCall call, JsonNode? recorded) => call.Method switch
    {
        // JSON-RPC answers the new id, JSON-2 a list holding it: both come back as the id.
        "create" => recorded is JsonArray ids ? ids[0]!.DeepClone() : recorded!.DeepClone(),
        "fields_get" => new JsonArray([.. recorded!.AsObject().Select(field => field.Key).Order(StringComparer.Ordinal).Select(key => (JsonNode?)key)]),
        _ => recorded?.DeepClone(),
    };

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {Recording.Serialize(expected)}\n  actual {Recording.Serialize(actual)}");

    private static bool IsPrimitive(Recording recording) => recording.RequestPath == "/jsonrpc"
        ? (string?)recording.RequestBody!["params"]!["method"] == "execute_kw"
        : recording.RequestPath.StartsWith("/json/2/", StringComparison.Ordinal);

    private static bool IsSuccess(Recording recording) =>
        recording.HttpStatus == 200 && !(recording.Response is JsonObject body && body.ContainsKey("error"));

    private static string Kind(string method) => Primitives.Contains(method) ? method : "method";
}
