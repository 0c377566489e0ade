using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo;
using RetailGateway.OdooSandbox;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>
/// The real gateway host on Kestrel with WireMock.Net playing Odoo. Unless a test says otherwise,
/// WireMock passes every call on to a real sandbox, so the gateway's flows work as usual; a test
/// puts a fault on one Odoo model and method. Faults WireMock cannot play (a connection reset before
/// any answer) come from the sandbox itself, with the gateway pointed at it directly.
/// Calls are counted as the gateway sends them, one per attempt, so a call still waiting on a slow
/// Odoo counts too.
/// </summary>
public sealed class FaultyOdooGateway : IAsyncDisposable
{
    /// <summary>
    /// Budgets small enough for tests to wait out, large enough for a loaded 2-core machine. The
    /// circuit needs so many calls to open that only a test that sets its own numbers will open it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> TestResilience = new Dictionary<string, string?>
    {
        ["Odoo:Resilience:AttemptTimeout"] = "00:00:02",
        ["Odoo:Resilience:TotalTimeout"] = "00:00:05",
        ["Odoo:Resilience:MaxRetries"] = "2",
        ["Odoo:Resilience:RetryBaseDelay"] = "00:00:00.050",
        ["Odoo:Resilience:MaxRetryAfter"] = "00:00:01",
        ["Odoo:Resilience:CircuitMinimumThroughput"] = "10000",
    };

    private readonly OdooSandboxServer _sandbox;
    private readonly WireMockServer _odoo;
    private readonly Factory _factory;
    private readonly OdooCallRecorder _calls;

    private FaultyOdooGateway(OdooSandboxServer sandbox, WireMockServer odoo, Factory factory, OdooCallRecorder calls, Uri baseAddress, IReadOnlyDictionary<string, string?> settings)
    {
        _sandbox = sandbox;
        _odoo = odoo;
        _factory = factory;
        _calls = calls;
        BaseAddress = baseAddress;
        Settings = settings;
    }

    /// <summary>The sandbox behind WireMock (or, when started with <c>direct</c>, in front of the gateway), for its fault queue and data.</summary>
    public OdooSandboxServer Sandbox => _sandbox;

    public Uri BaseAddress { get; }

    /// <summary>The settings the host runs with (resilience numbers included), for time bounds.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public TimeSpan TotalTimeout => TimeSpan.Parse(Settings["Odoo:Resilience:TotalTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

    public bool IsJson2 => _sandbox.Options.Version >= 19;

    public IServiceProvider Services => _factory.Services;

    /// <param name="odooVersion">17 (JSON-RPC) or 19 (JSON-2).</param>
    /// <param name="resilience">Resilience settings; unset ones come from <see cref="TestResilience"/>.</param>
    /// <param name="direct">Point the gateway at the sandbox itself, for the sandbox's own faults.</param>
    public static async Task<FaultyOdooGateway> StartAsync(int odooVersion, IReadOnlyDictionary<string, string?>? resilience = null, bool direct = false)
    {
        var sandbox = await OdooSandboxServer.StartAsync(new SandboxOptions { Version = odooVersion });

        // WireMock binds every interface unless given an address; find a free loopback port first.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var odoo = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        PassToSandbox(odoo, sandbox);

        var settings = new Dictionary<string, string?>(resilience ?? TestResilience)
        {
            ["Odoo:Url"] = direct ? sandbox.BaseAddress.ToString() : odoo.Url + "/",
            ["Odoo:Database"] = sandbox.Options.Database,
            ["Odoo:Username"] = sandbox.Options.Username,
            ["Odoo:ApiKey"] = sandbox.Options.ApiKey,
            ["Odoo:Protocol"] = "Auto",
            // Every request must reach Odoo: a cached read would hide the fault under test.
            ["Caching:StockTtl"] = "00:00:00",
            // Nor may a last known copy answer for Odoo: these tests assert what a fault answers (Caching/StaleReadsTests assert the copies).
            ["Caching:ServeStaleFor"] = "00:00:00",
            ["Caching:OrderTtl"] = "00:00:00",
            ["Caching:CustomerTtl"] = "00:00:00",
            ["Caching:InvoiceTtl"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["DataScopes:UnlistedClients"] = "All",
        };
        EntraIdStandIn.Shared.AddGatewaySettings(settings, GatewayFixture.Audience);
        foreach (var (key, value) in TestResilience)
        {
            settings.TryAdd(key, value);
        }

        var calls = new OdooCallRecorder();
        var factory = new Factory(settings, calls);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FaultyOdooGateway(sandbox, odoo, factory, calls, new Uri(address.TrimEnd('/') + "/"), settings);
    }

    /// <summary>A client whose token carries <paramref name="permissions"/> as app roles.</summary>
    public HttpClient Client(params string[] permissions)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.Token(permissions));
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    /// <summary>Every call passes to the sandbox again, and the call log is empty.</summary>
    public void Reset()
    {
        _odoo.ResetMappings();
        _odoo.ResetLogEntries();
        _calls.Clear();
        _sandbox.Faults.Clear();
        PassToSandbox(_odoo, _sandbox);
    }

    /// <summary>Odoo answers every <paramref name="model"/>.<paramref name="method"/> call with <paramref name="response"/> (optionally only calls whose body contains <paramref name="bodyContains"/>).</summary>
    public void Fault(string model, string method, IResponseBuilder response, string? bodyContains = null) =>
        _odoo.Given(Call(model, method, bodyContains)).AtPriority(1).RespondWith(response);

    /// <summary>Odoo answers every such call as usual, <paramref name="delay"/> late.</summary>
    public void Slow(string model, string method, TimeSpan delay, string? bodyContains = null) =>
        Fault(model, method, Response.Create().WithProxy(_sandbox.BaseAddress.ToString().TrimEnd('/')).WithDelay(delay), bodyContains);

    /// <summary>Calls the gateway sent to <paramref name="model"/>.<paramref name="method"/>, every attempt counted, over either protocol.</summary>
    public int Calls(string model, string method) => _calls.Count(model, method);

    /// <summary>An Odoo error as Odoo sends it: inside an HTTP 200 JSON-RPC envelope, or as a JSON-2 error with its status.</summary>
    public IResponseBuilder OdooError(string name, string message, int json2Status, int jsonRpcCode = 200)
    {
        var debug = $"Traceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/odoo/http.py\", line 1770\n{name}: {message}\n";
        if (IsJson2)
        {
            var body = new JsonObject { ["name"] = name, ["message"] = message, ["arguments"] = new JsonArray(message), ["context"] = new JsonObject(), ["debug"] = debug };
            return Response.Create().WithStatusCode(json2Status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body.ToJsonString());
        }

        var envelope = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["error"] = new JsonObject
            {
                ["code"] = jsonRpcCode,
                ["message"] = jsonRpcCode == 100 ? "Odoo Session Expired" : "Odoo Server Error",
                ["data"] = new JsonObject { ["name"] = name, ["debug"] = debug, ["message"] = message, ["arguments"] = new JsonArray(message), ["context"] = new JsonObject() },
            },
        };
        return Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(envelope.ToJsonString());
    }

    /// <summary>Runs <paramref name="send"/> and returns its response with the time it took.</summary>
    public static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        return (response, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _odoo.Stop();
        _odoo.Dispose();
        await _sandbox.DisposeAsync();
    }

    private IRequestBuilder Call(string model, string method, string? bodyContains)
    {
        var contains = bodyContains is null ? string.Empty : ".*" + Regex.Escape(bodyContains);
        if (IsJson2)
        {
            var json2 = Request.Create().UsingPost().WithPath($"/json/2/{model}/{method}");
            return bodyContains is null ? json2 : json2.WithBody(new RegexMatcher(contains));
        }

        // execute_kw arguments are [db, uid, key, model, method, args, kwargs]: model and method sit side by side, options after them.
        return Request.Create().UsingPost().WithPath("/jsonrpc").WithBody(new RegexMatcher(Regex.Escape($"\"{model}\",\"{method}\"") + contains));
    }

    private static void PassToSandbox(WireMockServer odoo, OdooSandboxServer sandbox) =>
        odoo.Given(Request.Create().WithPath("/*")).AtPriority(1000).RespondWith(Response.Create().WithProxy(sandbox.BaseAddress.ToString().TrimEnd('/')));

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, OdooCallRecorder calls) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            // Added after the gateway's own registration, so it runs inside the resilience pipeline: once per attempt.
            builder.ConfigureTestServices(services =>
            {
                EntraIdStandIn.Shared.TrustFromGateway(services);
                services.AddHttpClient(OdooServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new OdooCallRecorder.Handler(calls));
            });
        }
    }

    /// <summary>The model and method of every request the gateway sent to Odoo.</summary>
    private sealed class OdooCallRecorder
    {
        private readonly ConcurrentQueue<(string Model, string Method)> _calls = new();

        public int Count(string model, string method) => _calls.Count(call => call.Model == model && call.Method == method);

        public void Clear() => _calls.Clear();

        public sealed class Handler(OdooCallRecorder recorder) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var path = request.RequestUri!.AbsolutePath;
                if (path.StartsWith("/json/2/", StringComparison.Ordinal) && path.Split('/') is [_, _, _, var model, var method])
                {
                    recorder._calls.Enqueue((model, method));
                }
                else if (path == "/jsonrpc" && request.Content is not null)
                {
                    var args = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))?["params"]?["args"] as JsonArray;
                    if (args is { Count: > 4 })
                    {
                        recorder._calls.Enqueue(((string)args[3]!, (string)args[4]!));
                    }
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
