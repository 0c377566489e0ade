using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RetailGateway.OdooSandbox;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// The provider as Salesforce meets it: the real gateway host on Kestrel (loopback, random port) in
/// front of a real Odoo sandbox, accepting tokens signed by a local test key, plus the test-only
/// provider-state endpoint the verifier calls (<see cref="SalesforceStates"/>). Nothing here is in the product.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public abstract class GatewayProvider : IAsyncLifetime
{
    private const string Issuer = "https://login.retailgateway.test/";
    private const string Audience = "api://retailgateway-tests";
    private static readonly byte[] SigningKey = Encoding.ASCII.GetBytes("retailgateway-pact-signing-key-of-at-least-256-bits");

    /// <summary>Every permission of the API a Salesforce org calls, as the Salesforce integration's app registration holds them.</summary>
    private static readonly string[] SalesforcePermissions =
        ["Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read", "Products.Read", "Quotes.Read", "Quotes.Write",
            "Returns.Read", "Returns.Write", "Invoices.Write"];

    /// <summary>The client whose read budget is one request an hour, for the <c>quota_exceeded</c> interactions.</summary>
    public const string QuotaClientId = "sf-org-pact-quota";

    /// <summary>The Salesforce integration's client id (<c>azp</c>): idempotency keys are scoped by it.</summary>
    public const string ClientId = "sf-org-pact";

    private Factory? _factory;
    private OdooSandboxServer? _sandbox;
    private SalesforceStates? _states;

    protected abstract int OdooVersion { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public Uri StateChangeUrl => _states?.Url ?? throw new InvalidOperationException("Not started.");

    public OdooSandboxServer Sandbox => _sandbox ?? throw new InvalidOperationException("Not started.");

    /// <summary>A valid token as Entra ID issues it to the Salesforce Named Credential (app roles, <c>azp</c>).</summary>
    public static string SalesforceToken(string clientId = ClientId)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["azp"] = clientId, ["roles"] = SalesforcePermissions },
            Subject = new ClaimsIdentity([new Claim("sub", clientId)]),
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The gateway host's services, for provider states that set up the gateway's own state.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client(string clientId = ClientId)
    {
        var client = _factory!.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SalesforceToken(clientId));
        return client;
    }

    public async Task InitializeAsync()
    {
        _sandbox = await OdooSandboxServer.StartAsync(new SandboxOptions { Version = OdooVersion });
        _factory = new Factory(_sandbox);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        _states = await SalesforceStates.StartAsync(this);
    }

    public async Task DisposeAsync()
    {
        if (_states is not null)
        {
            await _states.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    private sealed class Factory(OdooSandboxServer sandbox) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development authentication (locally signed JWTs, as with dotnet user-jwts): the pacts are about
            // what Salesforce sends and gets, not about the identity provider, which the API tests cover.
            builder.UseEnvironment("Development");
            var settings = new Dictionary<string, string>
            {
                ["Odoo:Url"] = sandbox.BaseAddress.ToString(),
                ["Odoo:Database"] = sandbox.Options.Database,
                ["Odoo:Username"] = sandbox.Options.Username,
                ["Odoo:ApiKey"] = sandbox.Options.ApiKey,
                ["Odoo:Protocol"] = "Auto",
                ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
                ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
                ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
                ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(SigningKey),
                ["Logging:LogLevel:Default"] = "Warning",
                ["DataScopes:UnlistedClients"] = "All",
                // One read an hour: a provider state spends it, and the interaction meets quota_exceeded.
                [$"RateLimits:Clients:{QuotaClientId}:Read:TokenLimit"] = "1",
                [$"RateLimits:Clients:{QuotaClientId}:Read:TokensPerPeriod"] = "1",
                [$"RateLimits:Clients:{QuotaClientId}:Read:ReplenishmentPeriod"] = "01:00:00",
                // The change-feed states wait out the settle window (SalesforceStates.SettleWait): the shortest allowed keeps them quick.
                ["ChangeFeed:SettleWindow"] = "00:00:01",
            };
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

/// <summary>The gateway in front of an Odoo 17 sandbox (JSON-RPC).</summary>
public sealed class JsonRpcGatewayProvider : GatewayProvider
{
    protected override int OdooVersion => 17;
}

/// <summary>The gateway in front of an Odoo 19 sandbox (JSON-2).</summary>
public sealed class Json2GatewayProvider : GatewayProvider
{
    protected override int OdooVersion => 19;
}
