using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RetailGateway.OdooSandbox;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>
/// The real gateway host on Kestrel (loopback, random port), as it runs in production: in front of a
/// real Odoo sandbox server, authenticating through Microsoft.Identity.Web against a local Entra ID
/// stand-in whose key signs the test tokens.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public abstract class GatewayFixture : IAsyncLifetime
{
    /// <summary>The gateway's application (client) id; v2 access tokens carry it as their audience.</summary>
    public const string Audience = "5e3d1c2b-8a47-4f19-b6d0-2c9e7a1f4b85";
    public const string DefaultClient = "sf-org-test";

    /// <summary>The issuer of the stand-in Entra ID tenant the gateway trusts.</summary>
    public static string Issuer => EntraIdStandIn.Shared.Issuer;

    private readonly List<GatewayInstance> _instances = [];
    private OdooSandboxServer? _sandbox;

    /// <summary>The Odoo version the sandbox plays: 17 is reached over JSON-RPC, 19 over JSON-2.</summary>
    protected abstract int OdooVersion { get; }

    public OdooSandboxServer Sandbox => _sandbox ?? throw new InvalidOperationException("Not started.");

    /// <summary>The first gateway instance; most tests need no other.</summary>
    public GatewayInstance Gateway => _instances.Count > 0 ? _instances[0] : throw new InvalidOperationException("Not started.");

    public Uri BaseAddress => Gateway.BaseAddress;

    public async Task InitializeAsync()
    {
        await StartDependenciesAsync();
        _sandbox = await OdooSandboxServer.StartAsync(new SandboxOptions { Version = OdooVersion });
        await StartInstanceAsync();
    }

    /// <summary>
    /// Another gateway instance in front of the same sandbox (and the same Redis, if any); optionally
    /// with settings changed (null removes one), in another environment, or with services replaced.
    /// </summary>
    public Task<GatewayInstance> StartInstanceAsync(
        IReadOnlyDictionary<string, string?>? changes = null,
        string environment = "Production",
        Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Odoo:Url"] = Sandbox.BaseAddress.ToString(),
            ["Odoo:Database"] = Sandbox.Options.Database,
            ["Odoo:Username"] = Sandbox.Options.Username,
            ["Odoo:ApiKey"] = Sandbox.Options.ApiKey,
            ["Odoo:Protocol"] = "Auto",
            ["AzureAd:Instance"] = EntraIdStandIn.Shared.Instance.ToString(),
            ["AzureAd:TenantId"] = EntraIdStandIn.TenantId,
            ["AzureAd:ClientId"] = Audience,
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests of other behaviour must never meet a rate limit; the rate-limit tests set small budgets.
            ["RateLimits:Read:TokenLimit"] = "1000000",
            ["RateLimits:Write:TokenLimit"] = "1000000",
            // Tests of other behaviour act as the retailer's own orgs; the data-scope tests list their clients.
            ["DataScopes:UnlistedClients"] = "All",
        };
        AddSettings(settings);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var instance = new GatewayInstance(settings, environment, services);
        _instances.Add(instance);
        return Task.FromResult(instance);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>Starts what the gateway needs besides Odoo (e.g. Redis).</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    /// <summary>Settings on top of the defaults, for every instance.</summary>
    protected virtual void AddSettings(IDictionary<string, string> settings)
    {
    }

    /// <summary>A client whose token carries <paramref name="permissions"/> as app roles.</summary>
    public HttpClient Client(params string[] permissions) => Gateway.Client(permissions);

    public HttpClient AnonymousClient() => Gateway.AnonymousClient();

    public HttpClient ClientWithToken(string token) => Gateway.ClientWithToken(token);

    /// <summary>
    /// A v2 access token as Entra ID issues it to a Salesforce Named Credential (client credentials):
    /// app roles, <c>azp</c>, <c>tid</c>, signed with the stand-in tenant's key unless <paramref name="signingCredentials"/> says otherwise.
    /// </summary>
    public static string Token(
        IEnumerable<string> roles,
        string clientId = DefaultClient,
        DateTime? expires = null,
        string audience = Audience,
        string? issuer = null,
        SigningCredentials? signingCredentials = null,
        string? scope = null,
        DateTime? notBefore = null,
        string tenantId = EntraIdStandIn.TenantId)
    {
        var claims = new Dictionary<string, object>
        {
            ["azp"] = clientId,
            ["azpacr"] = "1",
            ["tid"] = tenantId,
            ["oid"] = "0b7f3c52-6d1e-4a8b-9c2d-7e5f1a3b9d40",
            ["ver"] = "2.0",
        };
        var roleList = roles.ToArray();
        if (roleList.Length > 0)
        {
            claims["roles"] = roleList;
        }

        if (scope is not null)
        {
            claims["scp"] = scope;
        }

        var now = DateTime.UtcNow;
        var validFrom = notBefore ?? (expires is { } e && e < now ? e.AddMinutes(-10) : now.AddMinutes(-1));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? EntraIdStandIn.Shared.IssuerOf(tenantId),
            Audience = audience,
            Claims = claims,
            Subject = new ClaimsIdentity([new Claim("sub", "0b7f3c52-6d1e-4a8b-9c2d-7e5f1a3b9d40")]),
            IssuedAt = validFrom < now ? validFrom : now,
            NotBefore = validFrom,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = signingCredentials ?? new SigningCredentials(EntraIdStandIn.Shared.SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>One gateway host on Kestrel (loopback, random port).</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly Factory _factory;

    internal GatewayInstance(IReadOnlyDictionary<string, string> settings, string environment, Action<IServiceCollection>? services)
    {
        _factory = new Factory(settings, environment, Logs, services);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>What this instance logged (at the configured levels; audit events included).</summary>
    public CapturedLogs Logs { get; } = new();

    public HttpClient Client(params string[] permissions) => ClientWithToken(GatewayFixture.Token(permissions));

    public HttpClient ClientFor(string clientId, params string[] permissions) => ClientWithToken(GatewayFixture.Token(permissions, clientId));

    public HttpClient AnonymousClient() =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });

    public HttpClient ClientWithToken(string token)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string> settings, string environment, CapturedLogs logs, Action<IServiceCollection>? configureServices)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.AddProvider(logs));
            builder.ConfigureTestServices(services =>
            {
                EntraIdStandIn.Shared.TrustFromGateway(services);
                configureServices?.Invoke(services);
            });
        }
    }
}

/// <summary>The gateway in front of an Odoo 17 sandbox: the auto probe picks JSON-RPC.</summary>
public sealed class JsonRpcGateway : GatewayFixture
{
    protected override int OdooVersion => 17;
}

/// <summary>The gateway in front of an Odoo 19 sandbox: the auto probe picks JSON-2.</summary>
public sealed class Json2Gateway : GatewayFixture
{
    protected override int OdooVersion => 19;
}

/// <summary>
/// The gateway with a real Redis: shared idempotency records, locks and L2 cache. A server of its own by default;
/// with <see cref="OnCluster"/>, the 3-primary cluster of <see cref="RedisClusterGroup"/>, emptied first (its
/// classes run one after another).
/// </summary>
public class RedisGateway : GatewayFixture
{
    private RedisServer? _server;
    private RedisCluster? _cluster;

    public IRedisUnderTest Redis => (IRedisUnderTest?)_server ?? _cluster ?? throw new InvalidOperationException("Not started.");

    /// <summary>The server of its own, for the tests that stop and restart it.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("Not started, or on the cluster, which the tests never stop.");

    protected override int OdooVersion => 17;

    /// <summary>True to run on the shared cluster; the test class must then be in <see cref="RedisClusterGroup"/>.</summary>
    protected virtual bool OnCluster => false;

    protected override async Task StartDependenciesAsync()
    {
        if (OnCluster)
        {
            _cluster = RedisCluster.Started;
            await _cluster.FlushAsync();
        }
        else
        {
            _server = await RedisServer.StartAsync();
        }
    }

    protected override void AddSettings(IDictionary<string, string> settings) => settings["ConnectionStrings:Redis"] = Redis.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The gateway on the Redis cluster.</summary>
public sealed class RedisClusterGateway : RedisGateway
{
    protected override bool OnCluster => true;
}
