using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RetailGateway.OdooSandbox;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>
/// The real gateway host on Kestrel (loopback, random port) in front of a real Odoo sandbox
/// server, with tokens signed by a local test key.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public abstract class GatewayFixture : IAsyncLifetime
{
    public const string Issuer = "https://login.retailgateway.test/";
    public const string Audience = "api://retailgateway-tests";
    public const string DefaultClient = "sf-org-test";
    internal static readonly byte[] SigningKey = Encoding.ASCII.GetBytes("retailgateway-test-signing-key-of-at-least-256-bits!");

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

    /// <summary>Another gateway instance in front of the same sandbox (and the same Redis, if any).</summary>
    public Task<GatewayInstance> StartInstanceAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Odoo:Url"] = Sandbox.BaseAddress.ToString(),
            ["Odoo:Database"] = Sandbox.Options.Database,
            ["Odoo:Username"] = Sandbox.Options.Username,
            ["Odoo:ApiKey"] = Sandbox.Options.ApiKey,
            ["Odoo:Protocol"] = "Auto",
            ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(SigningKey),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddSettings(settings);
        var instance = new GatewayInstance(settings);
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

    /// <summary>A token as Entra ID issues them to a Salesforce Named Credential: app roles and <c>azp</c>.</summary>
    public static string Token(
        IEnumerable<string> roles,
        string clientId = DefaultClient,
        DateTime? expires = null,
        string audience = Audience,
        string issuer = Issuer,
        byte[]? key = null,
        string? scope = null)
    {
        var claims = new Dictionary<string, object> { ["azp"] = clientId, ["roles"] = roles.ToArray() };
        if (scope is not null)
        {
            claims["scp"] = scope;
        }

        var now = DateTime.UtcNow;
        var notBefore = expires is { } e && e < now ? e.AddMinutes(-10) : now.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            Subject = new ClaimsIdentity([new Claim("sub", clientId)]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }
}

/// <summary>One gateway host on Kestrel (loopback, random port).</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly Factory _factory;

    internal GatewayInstance(IReadOnlyDictionary<string, string> settings)
    {
        _factory = new Factory(settings);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

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

    private sealed class Factory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
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

/// <summary>The gateway with a real Redis: shared idempotency records, locks and L2 cache.</summary>
public class RedisGateway : GatewayFixture
{
    private RedisServer? _redis;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    protected override int OdooVersion => 17;

    protected override async Task StartDependenciesAsync() => _redis = await RedisServer.StartAsync();

    protected override void AddSettings(IDictionary<string, string> settings) => settings["ConnectionStrings:Redis"] = Redis.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
