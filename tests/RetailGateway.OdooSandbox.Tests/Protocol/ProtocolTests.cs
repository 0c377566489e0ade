using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Protocol;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(18)]
    public async Task StartAsync_WithAnUnplayedVersion_Refuses(int version) =>
        await Assert.ThrowsAsync<ArgumentException>(() => OdooSandboxServer.StartAsync(new SandboxOptions { Version = version }));

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebVersion_ReportsThePlayedVersion(int version)
    {
        await using var sandbox = await Sandbox.Start(version);

        var body = JsonNode.Parse(await sandbox.Http.GetStringAsync(new Uri("web/version", UriKind.Relative)))!;

        Assert.Equal(version, (int)body["version_info"]![0]!);
        Assert.Equal($"{version}.0", (string)body["version"]!);
        Assert.Equal("127.0.0.1", sandbox.Server.BaseAddress.Host);
    }

    [Fact]
    public async Task Json2_In17Mode_IsNotFoundHtml()
    {
        await using var sandbox = await Sandbox.Start(17);

        using var response = await sandbox.Http.PostAsync(new Uri("json/2/res.partner/search_read", UriKind.Relative), Sandbox.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Json2_WithoutJsonContentType_IsUnsupportedMediaTypeHtml()
    {
        await using var sandbox = await Sandbox.Start(19);
        using var request = new HttpRequestMessage(HttpMethod.Post, "json/2/res.partner/search_read") { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", sandbox.Key);

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Json2_WithWrongKey_IsUnauthorizedWithBearerChallenge()
    {
        await using var sandbox = await Sandbox.Start(19);
        using var request = new HttpRequestMessage(HttpMethod.Post, "json/2/res.partner/search_read") { Content = Sandbox.Json("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", "wrong");

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Json2_UnknownKeyword_Is422_ButOnSearchReadIs500()
    {
        await using var sandbox = await Sandbox.Start(19);

        var (searchStatus, searchBody) = await sandbox.Json2("res.partner", "search", new() { ["domain"] = new JsonArray(), ["bogus"] = 1 });
        var (readStatus, readBody) = await sandbox.Json2("res.partner", "search_read", new() { ["domain"] = new JsonArray(), ["bogus"] = 1 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, searchStatus);
        Assert.Equal("werkzeug.exceptions.UnprocessableEntity", (string)searchBody!["name"]!);
        Assert.Equal(HttpStatusCode.InternalServerError, readStatus);
        Assert.Equal("builtins.TypeError", (string)readBody!["name"]!);
    }

    [Fact]
    public async Task JsonRpc_MalformedBody_IsBadRequestHtml()
    {
        await using var sandbox = await Sandbox.Start(17);

        using var response = await sandbox.Http.PostAsync(new Uri("jsonrpc", UriKind.Relative), Sandbox.Json("{\"jsonrpc\": "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid JSON data", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(17, 200)]
    [InlineData(19, 0)]
    public async Task JsonRpc_UnknownDatabase_IsOperationalErrorWithTheVersionsCode(int version, int code)
    {
        await using var sandbox = await Sandbox.Start(version, o => o.Database = "other");

        var envelope = await sandbox.ExecuteKw("res.partner", "search_count", [new JsonArray()]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "jsonrpc")
        {
            Content = Sandbox.Json("""{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["retail",2,"sandbox-api-key","res.partner","search_count",[[]]]}}"""),
        };
        using var response = await sandbox.Http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Null(envelope["error"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(code, (int)error["code"]!);
        Assert.Equal("psycopg2.OperationalError", (string)error["data"]!["name"]!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FieldsGet_ListsCarrierTrackingRefOnlyWithTheDeliveryModule(bool installed)
    {
        await using var sandbox = await Sandbox.Start(17, o => o.DeliveryModule = installed);

        var fields = await sandbox.Call("stock.picking", "fields_get", [new JsonArray("carrier_tracking_ref", "state")], new() { ["attributes"] = new JsonArray("type") });
        var shipped = await sandbox.ExecuteKw("stock.picking", "search_read", [JsonNode.Parse("""[["state", "=", "done"]]""")], new() { ["fields"] = new JsonArray("carrier_tracking_ref") });

        Assert.Equal(installed, fields!.AsObject().ContainsKey("carrier_tracking_ref"));
        Assert.Equal(installed, shipped["error"] is null);
        if (installed)
        {
            Assert.Equal("1Z999AA10123456784", (string)shipped["result"]![0]!["carrier_tracking_ref"]!);
        }
    }

    [Fact]
    public async Task Floats_KeepTheirDecimalPointOnTheWire()
    {
        await using var sandbox = await Sandbox.Start(17);
        using var request = new HttpRequestMessage(HttpMethod.Post, "jsonrpc")
        {
            Content = Sandbox.Json("""{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["retail",2,"sandbox-api-key","product.product","search_read",[[["default_code","=","DESK0005"]]],{"fields":["qty_available","list_price"]}]}}"""),
        };

        using var response = await sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"qty_available\":75.0", text, StringComparison.Ordinal);
        Assert.Contains("\"list_price\":750.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_ReturnsUidForTheKeyAndFalseOtherwise()
    {
        await using var sandbox = await Sandbox.Start(19);

        async Task<string> Login(string key)
        {
            var body = new JsonObject
            {
                ["jsonrpc"] = "2.0", ["method"] = "call", ["id"] = 1,
                ["params"] = new JsonObject { ["service"] = "common", ["method"] = "authenticate", ["args"] = new JsonArray("retail", "admin", key, new JsonObject()) },
            };
            using var response = await sandbox.Http.PostAsync(new Uri("jsonrpc", UriKind.Relative), Sandbox.Json(body.ToJsonString()));
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!.ToJsonString();
        }

        Assert.Equal("2", await Login(sandbox.Key));
        Assert.Equal("false", await Login("nope"));
    }
}
