using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;
using WireMock.ResponseBuilders;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>Every error Odoo was recorded answering, and the transport faults around it, become one classified exception.</summary>
public sealed class OdooErrorClassificationTests
{
    private static readonly Dictionary<string, OdooFailure> Expected17 = new()
    {
        ["read_unknown_field"] = OdooFailure.ProtocolMismatch,
        ["partner_create_invalid_field"] = OdooFailure.ProtocolMismatch,
        ["order_create_unknown_product"] = OdooFailure.NotFound,
        ["order_confirm_missing"] = OdooFailure.NotFound,
        ["execute_kw_bad_key"] = OdooFailure.Authentication,
        // Odoo 17 reports an unknown model as a UserError; classification is by name, so it reads as a business rule.
        ["unknown_model"] = OdooFailure.BusinessRule,
        ["private_method"] = OdooFailure.Authorization,
    };

    private static readonly Dictionary<string, OdooFailure> Expected19 = new()
    {
        ["error_unknown_model"] = OdooFailure.ProtocolMismatch,
        ["error_unknown_method"] = OdooFailure.ProtocolMismatch,
        ["error_private_method"] = OdooFailure.Authorization,
        ["error_wrong_key"] = OdooFailure.Authentication,
        ["error_no_key"] = OdooFailure.Authentication,
        ["error_missing_product_in_create"] = OdooFailure.NotFound,
        ["error_validation"] = OdooFailure.BusinessRule,
        ["error_unknown_field"] = OdooFailure.ProtocolMismatch,
        ["error_malformed_json"] = OdooFailure.ProtocolMismatch,
    };

    public static TheoryData<string> RecordedJsonRpcErrors() =>
        [.. Recording.All(Recording.Odoo17JsonRpc).Values.Where(r => r.Response is JsonObject body && body.ContainsKey("error")).Select(r => r.Name)];

    public static TheoryData<string> RecordedJson2Errors() =>
        [.. Recording.All(Recording.Odoo19Json2).Values.Where(r => r.HttpStatus >= 400).Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(RecordedJsonRpcErrors))]
    public async Task RecordedError_OverJsonRpc_IsClassifiedByNameWithOdooMessageAndNoTraceback(string name)
    {
        var recording = Recording.Get(Recording.Odoo17JsonRpc, name);
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);

        var error = await Assert.ThrowsAsync<OdooException>(() => SomeReadAsync(harness.Client));

        var data = recording.Response!["error"]!["data"]!;
        Assert.Equal(Expected17[name], error.Failure);
        Assert.Equal((string?)data["name"], error.OdooErrorName);
        Assert.Equal((string?)data["message"], error.Message);
        AssertNoTraceback(error, (string)data["debug"]!);
    }

    [Theory]
    [MemberData(nameof(RecordedJson2Errors))]
    public async Task RecordedError_OverJson2_IsClassifiedWithOdooMessageAndNoTraceback(string name)
    {
        var recording = Recording.Get(Recording.Odoo19Json2, name);
        using var odoo = FakeOdoo.Start().AsOdoo19().Reply("/json/2/res.partner/search_read", recording);
        using var harness = new ClientHarness(odoo, OdooProtocol.Json2);

        var error = await Assert.ThrowsAsync<OdooException>(() => SomeReadAsync(harness.Client));

        Assert.Equal(Expected19[name], error.Failure);
        Assert.Equal((string?)recording.Response!["name"], error.OdooErrorName);
        Assert.Equal((string?)recording.Response!["message"], error.Message);
        AssertNoTraceback(error, (string)recording.Response!["debug"]!);
    }

    [Fact]
    public async Task Legacy_JsonRpcOnOdoo19_WithErrorCodeZero_IsClassifiedByName()
    {
        var body = Recording.Get(Recording.Odoo17JsonRpc, "order_confirm_missing").Response!.DeepClone();
        body["error"]!["code"] = 0;
        using var odoo = FakeOdoo.Start().AsOdoo17().Reply("/jsonrpc", JsonResponse(200, body));

        var error = await CallOverJsonRpcAsync(odoo);

        Assert.Equal(OdooFailure.NotFound, error.Failure);
    }

    [Theory]
    [InlineData("psycopg2.OperationalError", OdooFailure.Unavailable)]
    [InlineData("psycopg2.errors.SerializationFailure", OdooFailure.Unavailable)]
    [InlineData("odoo.http.SessionExpiredException", OdooFailure.Unavailable)]
    [InlineData("odoo.exceptions.ValidationError", OdooFailure.BusinessRule)]
    [InlineData("builtins.KeyError", OdooFailure.ProtocolMismatch)]
    [InlineData("builtins.TypeError", OdooFailure.ProtocolMismatch)]
    [InlineData("builtins.AttributeError", OdooFailure.ProtocolMismatch)]
    public async Task OdooErrorName_OverJsonRpc_DecidesTheFailure(string odooName, OdooFailure expected)
    {
        var body = Recording.Get(Recording.Odoo17JsonRpc, "read_unknown_field").Response!.DeepClone();
        body["error"]!["data"]!["name"] = odooName;
        using var odoo = FakeOdoo.Start().AsOdoo17().ReplyExecuteKw(new Recording("synthetic", "", 200, [], body));

        var error = await CallOverJsonRpcAsync(odoo);

        Assert.Equal(expected, error.Failure);
        Assert.Equal(odooName, error.OdooErrorName);
    }

    [Fact]
    public async Task Login_WithBadKey_IsAuthentication()
    {
        using var odoo = FakeOdoo.Start()
            .ReplyJsonRpc("common", "version", Recording.Get(Recording.Odoo17JsonRpc, "version"))
            .ReplyJsonRpc("common", "authenticate", Recording.Get(Recording.Odoo17JsonRpc, "authenticate_bad_key"));
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);

        var error = await Assert.ThrowsAsync<OdooException>(() => SomeReadAsync(harness.Client));

        Assert.Equal(OdooFailure.Authentication, error.Failure);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc)]
    [InlineData(OdooProtocol.Json2)]
    public async Task HtmlBadGateway_IsUnavailable(OdooProtocol protocol)
    {
        var error = await FaultAsync(protocol, Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html").WithBody("<html><h1>502 Bad Gateway</h1></html>"));

        Assert.Equal(OdooFailure.Unavailable, error.Failure);
        Assert.DoesNotContain("<html>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc, 503)]
    [InlineData(OdooProtocol.Json2, 503)]
    [InlineData(OdooProtocol.JsonRpc, 429)]
    [InlineData(OdooProtocol.Json2, 429)]
    public async Task Overloaded_IsUnavailableWithRetryAfter(OdooProtocol protocol, int status)
    {
        var error = await FaultAsync(protocol, Response.Create().WithStatusCode(status).WithHeader("Retry-After", "30").WithBody("busy"));

        Assert.Equal(OdooFailure.Unavailable, error.Failure);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task JsonRpc_WithHtmlBadRequest_IsProtocolMismatch()
    {
        var error = await FaultAsync(OdooProtocol.JsonRpc, Response.Create().WithStatusCode(400).WithHeader("Content-Type", "text/html").WithBody("Invalid JSON data"));

        Assert.Equal(OdooFailure.ProtocolMismatch, error.Failure);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc, FaultType.EMPTY_RESPONSE)]
    [InlineData(OdooProtocol.Json2, FaultType.EMPTY_RESPONSE)]
    [InlineData(OdooProtocol.JsonRpc, FaultType.MALFORMED_RESPONSE_CHUNK)]
    [InlineData(OdooProtocol.Json2, FaultType.MALFORMED_RESPONSE_CHUNK)]
    public async Task ConnectionFault_IsUnavailable(OdooProtocol protocol, FaultType fault)
    {
        var error = await FaultAsync(protocol, Response.Create().WithStatusCode(200).WithFault(fault));

        Assert.Equal(OdooFailure.Unavailable, error.Failure);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc, """{"jsonrpc": "2.0", "id": 4, "result": {"length": 1, "records": []}}""")]
    [InlineData(OdooProtocol.JsonRpc, """{"jsonrpc": "2.0", "id": 4, "result": [{"name": "Your Company"}]}""")]
    [InlineData(OdooProtocol.Json2, """[{"id": "1", "name": "Your Company"}]""")]
    [InlineData(OdooProtocol.Json2, "true")]
    public async Task WellFormedResultThatIsNotTheRecords_IsProtocolMismatchCarryingTheJsonError(OdooProtocol protocol, string body)
    {
        var error = await FaultAsync(protocol, Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        Assert.Equal(OdooFailure.ProtocolMismatch, error.Failure);
        Assert.Equal("Odoo answered res.partner.search_read with a result the gateway cannot read.", error.Message);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException, exactMatch: false);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc, """{"jsonrpc": "2.0", "id": 4, "result": [{"id": 1, "name": "Your""")]
    [InlineData(OdooProtocol.Json2, """[{"id": 1, "name": "Your""")]
    [InlineData(OdooProtocol.Json2, "<html>Login</html>")]
    [InlineData(OdooProtocol.Json2, "[] []")]
    [InlineData(OdooProtocol.JsonRpc, """{"jsonrpc": "2.0", "id": 4, "result": []} {}""")]
    public async Task TruncatedOrForeignBody_IsUnavailable(OdooProtocol protocol, string body)
    {
        var error = await FaultAsync(protocol, Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        Assert.Equal(OdooFailure.Unavailable, error.Failure);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc)]
    [InlineData(OdooProtocol.Json2)]
    public async Task SlowOdoo_PastHttpClientTimeout_IsTimeout(OdooProtocol protocol)
    {
        var error = await FaultAsync(
            protocol,
            Response.Create().WithStatusCode(200).WithBody("[]").WithDelay(TimeSpan.FromSeconds(3)),
            timeout: TimeSpan.FromMilliseconds(300));

        Assert.Equal(OdooFailure.Timeout, error.Failure);
    }

    [Theory]
    [InlineData(OdooProtocol.JsonRpc)]
    [InlineData(OdooProtocol.Json2)]
    public async Task CallerCancellation_PropagatesAsOperationCanceled(OdooProtocol protocol)
    {
        using var odoo = Odoo(protocol, Response.Create().WithStatusCode(200).WithBody("[]").WithDelay(TimeSpan.FromSeconds(3)));
        using var harness = new ClientHarness(odoo, protocol);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SomeReadAsync(harness.Client, cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    private static Task<IReadOnlyList<IdRecord>> SomeReadAsync(IOdooClient client, CancellationToken cancellationToken = default) =>
        client.SearchReadAsync(new OdooQuery("res.partner", [], ["name"], 1), OdooWireContext.Default.IdRecord, cancellationToken);

    private static async Task<OdooException> CallOverJsonRpcAsync(FakeOdoo odoo)
    {
        using var harness = new ClientHarness(odoo, OdooProtocol.JsonRpc);
        return await Assert.ThrowsAsync<OdooException>(() => SomeReadAsync(harness.Client));
    }

    private static async Task<OdooException> FaultAsync(OdooProtocol protocol, IResponseBuilder fault, TimeSpan? timeout = null)
    {
        using var odoo = Odoo(protocol, fault);
        using var harness = new ClientHarness(odoo, protocol, timeout: timeout);
        var error = await Assert.ThrowsAsync<OdooException>(() => SomeReadAsync(harness.Client));
        Assert.Null(error.OdooErrorName);
        return error;
    }

    /// <summary>A server that logs in and reports its version normally, then answers the call itself with <paramref name="fault"/>.</summary>
    private static FakeOdoo Odoo(OdooProtocol protocol, IResponseBuilder fault)
    {
        var odoo = FakeOdoo.Start();
        if (protocol == OdooProtocol.Json2)
        {
            return odoo.AsOdoo19().Reply("/json/2/res.partner/search_read", fault);
        }

        odoo.AsOdoo17();
        odoo.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/jsonrpc").UsingPost()
                .WithBody(new WireMock.Matchers.JsonPartialMatcher("""{"params":{"service":"object"}}""")))
            .RespondWith(fault);
        return odoo;
    }

    private static IResponseBuilder JsonResponse(int status, JsonNode body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(Recording.Serialize(body));

    private static void AssertNoTraceback(OdooException error, string debug)
    {
        for (Exception? exception = error; exception is not null; exception = exception.InnerException)
        {
            Assert.DoesNotContain("Traceback", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(debug, exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Traceback", exception.ToString(), StringComparison.Ordinal);
        }
    }
}
