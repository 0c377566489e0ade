using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Tests.Support;

/// <summary>A started sandbox with a client speaking both of its protocols.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private int nextId;

    private Sandbox(OdooSandboxServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public OdooSandboxServer Server { get; }

    public HttpClient Http { get; }

    public string Key => Server.Options.ApiKey;

    public static async Task<Sandbox> Start(int version, Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Version = version };
        configure?.Invoke(options);
        return new Sandbox(await OdooSandboxServer.StartAsync(options));
    }

    /// <summary>execute_kw over JSON-RPC; the whole envelope.</summary>
    public async Task<JsonObject> ExecuteKw(string model, string method, JsonArray args, JsonObject? kwargs = null)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "call",
            ["id"] = Interlocked.Increment(ref nextId),
            ["params"] = new JsonObject
            {
                ["service"] = "object",
                ["method"] = "execute_kw",
                ["args"] = new JsonArray(Server.Options.Database, 2, Key, model, method, args, kwargs ?? new JsonObject()),
            },
        };
        using var response = await Http.PostAsync(new Uri("jsonrpc", UriKind.Relative), Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>execute_kw over JSON-RPC, failing the test on an error envelope.</summary>
    public async Task<JsonNode?> Call(string model, string method, JsonArray args, JsonObject? kwargs = null)
    {
        var envelope = await ExecuteKw(model, method, args, kwargs);
        Assert.True(envelope["error"] is null, envelope["error"]?.ToJsonString());
        return envelope["result"];
    }

    /// <summary>The error name of a call expected to fail over JSON-RPC.</summary>
    public async Task<string> CallFails(string model, string method, JsonArray args, JsonObject? kwargs = null)
    {
        var envelope = await ExecuteKw(model, method, args, kwargs);
        Assert.True(envelope["error"] is not null, "expected an error but got " + envelope["result"]?.ToJsonString());
        return envelope["error"]!["data"]!["name"]!.GetValue<string>();
    }

    /// <summary>A JSON-2 call: status and parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> Json2(string model, string method, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"json/2/{model}/{method}") { Content = Json(body.ToJsonString()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", key ?? Key);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Reads over the played version's transport, so tests can run the same story in both modes.</summary>
    public async Task<JsonNode?> Invoke(string model, string method, JsonArray? ids = null, JsonObject? named = null)
    {
        named ??= [];
        if (Server.Options.Version >= 19)
        {
            var body = (JsonObject)named.DeepClone();
            if (ids is not null)
            {
                body["ids"] = ids.DeepClone();
            }

            var (status, result) = await Json2(model, method, body);
            Assert.True(status == HttpStatusCode.OK, $"{status}: {result?.ToJsonString()}");
            return result;
        }

        var kwargs = (JsonObject)named.DeepClone();
        JsonArray args = ids is null ? [] : [ids.DeepClone()];
        if (method == "create")
        {
            args.Add(kwargs["vals_list"]!.DeepClone());
            kwargs.Remove("vals_list");
        }

        return await Call(model, method, args, kwargs);
    }

    /// <summary>The id of the one order carrying this Salesforce id (<c>client_order_ref</c>).</summary>
    public async Task<int> OrderIdAsync(string salesforceId)
    {
        var found = await Invoke("sale.order", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("client_order_ref", "=", salesforceId)) });
        return (int)Assert.Single(found!.AsArray())!;
    }

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
