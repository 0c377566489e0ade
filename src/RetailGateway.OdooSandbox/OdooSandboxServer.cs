using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RetailGateway.OdooSandbox.Hosting;

namespace RetailGateway.OdooSandbox;

/// <summary>
/// An in-memory stand-in for an Odoo server, speaking Odoo 17 JSON-RPC or Odoo 19 JSON-2 as the
/// recorded real servers do, seeded with retail demo data. A test double: never production.
/// </summary>
public sealed class OdooSandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SandboxEngine engine;

    private OdooSandboxServer(WebApplication app, SandboxEngine engine)
    {
        this.app = app;
        this.engine = engine;
        Data = new SandboxData(engine);
    }

    /// <summary>Where the sandbox listens, with a trailing slash.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:8069/");

    public SandboxOptions Options => engine.Options;

    public SandboxCalls Calls => engine.Calls;

    public SandboxFaults Faults => engine.Faults;

    public SandboxData Data { get; }

    /// <summary>Starts a sandbox on a free loopback port.</summary>
    public static Task<OdooSandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    internal static async Task<OdooSandboxServer> StartAsync(SandboxOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration files and logs nothing: an embedded sandbox stays
        // quiet and starts no file watchers, however many a test run creates.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var server = Create(builder, options, time);
        await server.app.StartAsync(cancellationToken);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Builds the sandbox app on a host builder; the standalone host and <see cref="StartAsync(SandboxOptions, CancellationToken)"/> share it.</summary>
    internal static OdooSandboxServer Create(WebApplicationBuilder builder, SandboxOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = new SandboxEngine(options, time);
        var server = new OdooSandboxServer(SandboxApp.Build(builder, engine), engine);
        // The business rules an operator can switch on, so that a running sandbox refuses as a configured Odoo would.
        foreach (var partnerId in options.CreditHolds)
        {
            server.Data.HoldCredit(partnerId, onHold: true);
        }

        server.Data.VerifyVat(options.VerifyVat);
        // After the last request: what a restarted sandbox loads is what callers were last answered from.
        server.app.Lifetime.ApplicationStopped.Register(engine.SaveData);
        server.Data.EnablePricelists(options.Pricelists);
        return server;
    }

    internal Task RunAsync() => app.RunAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
