using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RetailGateway.Tests.Shared;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>A WireMock.Net server on loopback that answers like Odoo, from the recordings.</summary>
internal sealed class FakeOdoo : IDisposable
{
    private FakeOdoo(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }

    public Uri Url => new(Server.Url! + "/");

    public static FakeOdoo Start()
    {
        // WireMock binds every interface unless given an address; find a free loopback port first.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new FakeOdoo(WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] }));
    }

    /// <summary>Odoo 17: no <c>/web/version</c> route, <c>common.version</c> and <c>common.authenticate</c> as recorded.</summary>
    public FakeOdoo AsOdoo17()
    {
        Server.Given(Request.Create().WithPath("/web/version").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "text/html").WithBody("<!doctype html><title>404 Not Found</title>"));
        ReplyJsonRpc("common", "version", Recording.Get(Recording.Odoo17JsonRpc, "version"));
        ReplyJsonRpc("common", "authenticate", Recording.Get(Recording.Odoo17JsonRpc, "authenticate"));
        return this;
    }

    /// <summary>Odoo 19: <c>/web/version</c> as recorded.</summary>
    public FakeOdoo AsOdoo19()
    {
        Reply("/web/version", Recording.Get(Recording.Odoo19Json2, "version"), "GET");
        return this;
    }

    /// <summary>Answers every <c>execute_kw</c> (or another service's method) with the recorded response.</summary>
    public FakeOdoo ReplyJsonRpc(string service, string? method, Recording recording) =>
        ReplyJsonRpc(service, method, Json(recording.HttpStatus, recording.Response));

    public FakeOdoo ReplyJsonRpc(string service, string? method, IResponseBuilder response)
    {
        var match = method is null
            ? new JsonObject { ["params"] = new JsonObject { ["service"] = service } }
            : new JsonObject { ["params"] = new JsonObject { ["service"] = service, ["method"] = method } };
        Server.Given(Request.Create().WithPath("/jsonrpc").UsingPost().WithBody(new JsonPartialMatcher(match.ToJsonString())))
            .RespondWith(response);
        return this;
    }

    public FakeOdoo ReplyExecuteKw(Recording recording) => ReplyJsonRpc("object", null, recording);

    /// <summary>Answers <paramref name="path"/> with the recorded status and body.</summary>
    public FakeOdoo Reply(string path, Recording recording, string method = "POST")
    {
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(Json(recording.HttpStatus, recording.Response));
        return this;
    }

    public FakeOdoo Reply(string path, IResponseBuilder response, string method = "POST")
    {
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
        return this;
    }

    /// <summary>Bodies Odoo received on <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<JsonNode> Received(string path) =>
        [.. Server.LogEntries.Where(entry => entry.RequestMessage.Path == path).Select(entry => JsonNode.Parse(entry.RequestMessage.Body!)!)];

    /// <summary>JSON-RPC calls Odoo received to <paramref name="service"/>.<paramref name="method"/>.</summary>
    public IReadOnlyList<JsonNode> ReceivedJsonRpc(string service, string method) =>
        [.. Received("/jsonrpc").Where(body => (string?)body["params"]!["service"] == service && (string?)body["params"]!["method"] == method)];

    public int Count(string path) => Server.LogEntries.Count(entry => entry.RequestMessage.Path == path);

    public void Dispose() => Server.Stop();

    private static IResponseBuilder Json(int status, JsonNode? body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(Recording.Serialize(body));
}
