using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Odoo;
using RetailGateway.Odoo.Client;
using RetailGateway.OdooSandbox;
using RetailGateway.Pact.Tests.Odoo;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// The provider of an Odoo pact: an Odoo sandbox playing the pact's version, or — when
/// <c>PACT_ODOO_URL</c> is set — that Odoo (with <c>PACT_ODOO_DB</c>, <c>PACT_ODOO_USER</c>,
/// <c>PACT_ODOO_KEY</c>). Hosts the provider-state endpoint the verifier calls; the states are set
/// up through Odoo's API (<see cref="OdooSetup"/>), so the same set-up serves the sandbox and a real Odoo.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public abstract class OdooProvider : IAsyncLifetime
{
    public const string UrlVariable = "PACT_ODOO_URL";
    public const string DatabaseVariable = "PACT_ODOO_DB";
    public const string UserVariable = "PACT_ODOO_USER";
    public const string KeyVariable = "PACT_ODOO_KEY";

    private OdooSandboxServer? _sandbox;
    private ServiceProvider? _services;
    private WebApplication? _states;

    /// <summary>The Odoo version whose sandbox plays the provider (17 for JSON-RPC, 19 for JSON-2).</summary>
    protected abstract int SandboxVersion { get; }

    public abstract string Provider { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public Uri StateChangeUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>True when the pact is verified against a real Odoo (<c>PACT_ODOO_URL</c>) rather than the sandbox.</summary>
    public static bool TargetsRealOdoo => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UrlVariable));

    public async Task InitializeAsync()
    {
        OdooTarget target;
        if (TargetsRealOdoo)
        {
            target = new OdooTarget(
                new Uri(Environment.GetEnvironmentVariable(UrlVariable)!),
                Required(DatabaseVariable),
                Required(UserVariable),
                Required(KeyVariable));
        }
        else
        {
            _sandbox = await OdooSandboxServer.StartAsync(new SandboxOptions { Version = SandboxVersion });
            target = new OdooTarget(_sandbox.BaseAddress, _sandbox.Options.Database, _sandbox.Options.Username, _sandbox.Options.ApiKey);
        }

        BaseAddress = target.Url;
        _services = OdooClientFor(target);
        var setup = new OdooSetup(target, _services.GetRequiredService<IOdooClient>(), _services.GetRequiredService<IHttpClientFactory>());

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _states = builder.Build();
        _states.MapPost("/provider-states", (Delegate)(async (HttpContext context) => await setup.HandleAsync(context)));
        await _states.StartAsync();
        StateChangeUrl = new Uri(new Uri(_states.Urls.First()), "/provider-states");
    }

    public async Task DisposeAsync()
    {
        if (_states is not null)
        {
            await _states.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>The gateway's own Odoo client, as the provider-state set-up's way into Odoo.</summary>
    private static ServiceProvider OdooClientFor(OdooTarget target)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Odoo:Url"] = target.Url.ToString(),
                ["Odoo:Database"] = target.Database,
                ["Odoo:Username"] = target.Login,
                ["Odoo:ApiKey"] = target.ApiKey,
                ["Odoo:Resilience:MaxRetries"] = "0",
            })
            .Build();
        return new ServiceCollection().AddLogging().AddOdooClient(configuration).BuildServiceProvider();
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{UrlVariable} is set, so {variable} must be set too.");
}

/// <summary>The Odoo a pact is verified against, and the API user the gateway would use there.</summary>
internal sealed record OdooTarget(Uri Url, string Database, string Login, string ApiKey);

/// <summary>Odoo 17 (or <c>PACT_ODOO_URL</c>) verifying <c>RetailGateway-Odoo.json</c> over JSON-RPC.</summary>
public sealed class JsonRpcOdooProvider : OdooProvider
{
    protected override int SandboxVersion => 17;

    public override string Provider => OdooShapes.JsonRpcProvider;
}

/// <summary>Odoo 19 (or <c>PACT_ODOO_URL</c>) verifying <c>RetailGateway-OdooJson2.json</c> over JSON-2.</summary>
public sealed class Json2OdooProvider : OdooProvider
{
    protected override int SandboxVersion => 19;

    public override string Provider => OdooShapes.Json2Provider;
}
