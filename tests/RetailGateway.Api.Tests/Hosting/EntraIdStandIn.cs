using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>
/// A local stand-in for Entra ID: HTTPS on loopback with a self-signed certificate, serving one
/// tenant's OpenID configuration and signing keys in the shapes login.microsoftonline.com serves
/// them (tenanted v2.0 issuer, keys carrying their issuer), so that the gateway's
/// Microsoft.Identity.Web path runs for real with no network. One for the whole test run.
/// </summary>
public sealed class EntraIdStandIn
{
    public const string TenantId = "3f6c2a9e-1b7d-4c85-9e0a-5d2f8b41c7a3";

    /// <summary>Name of the <c>HttpClient</c> Microsoft.Identity.Web's issuer validator is given in tests.</summary>
    public const string HttpClientName = "EntraIdStandIn";

    private static readonly Lazy<EntraIdStandIn> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private int _metadataRequests;

    private EntraIdStandIn(X509Certificate2 certificate, RsaSecurityKey signingKey)
    {
        Certificate = certificate;
        SigningKey = signingKey;
    }

    public static EntraIdStandIn Shared => Started.Value;

    /// <summary>The <c>AzureAd:Instance</c> the gateway is given, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Instance { get; private set; } = null!;

    /// <summary>The tenant's v2.0 issuer, as Entra ID writes it into <c>iss</c>.</summary>
    public string Issuer => IssuerOf(TenantId);

    public RsaSecurityKey SigningKey { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>How often the OpenID configuration was fetched: proof that the gateway asked this stand-in.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public string IssuerOf(string tenantId) => $"{Instance}{tenantId}/v2.0";

    /// <summary>An HTTPS handler that trusts this stand-in's certificate and nothing else.</summary>
    /// <summary>The gateway settings that make it trust this tenant, for <paramref name="audience"/>.</summary>
    public void AddGatewaySettings(IDictionary<string, string?> settings, string audience)
    {
        settings["AzureAd:Instance"] = Instance.ToString();
        settings["AzureAd:TenantId"] = TenantId;
        settings["AzureAd:ClientId"] = audience;
    }

    /// <summary>Only the HTTPS clients that fetch the tenant's metadata trust the stand-in's self-signed certificate.</summary>
    public void TrustFromGateway(IServiceCollection services)
    {
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = CreateBackchannelHandler());
        services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = HttpClientName);
        services.AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(CreateBackchannelHandler);
    }

    public HttpMessageHandler CreateBackchannelHandler()
    {
        var pinned = Certificate.GetCertHash(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned),
            },
        };
    }

    private static EntraIdStandIn Start()
    {
        var certificate = SelfSignedCertificate();
        var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "stand-in-key-1" };
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var standIn = new EntraIdStandIn(certificate, signingKey);
        app.UseRouting();
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
        {
            Interlocked.Increment(ref standIn._metadataRequests);
            return tenant == TenantId ? Results.Json(standIn.OpenIdConfiguration()) : Results.NotFound();
        });
        app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => tenant == TenantId ? Results.Json(standIn.KeySet()) : Results.NotFound());
        // Lives as long as the test run: every fixture's gateway asks it for keys.
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Urls.First();
        standIn.Instance = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    private Dictionary<string, object> OpenIdConfiguration() => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = $"{Instance}{TenantId}/discovery/v2.0/keys",
        ["token_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/token",
        ["authorization_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/authorize",
        ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["tenant_region_scope"] = "EU",
    };

    /// <summary>Entra ID's key set: each key names the issuer it signs for.</summary>
    private Dictionary<string, object> KeySet()
    {
        var parameters = SigningKey.Rsa.ExportParameters(includePrivateParameters: false);
        return new()
        {
            ["keys"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = SigningKey.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["issuer"] = Issuer,
                },
            },
        };
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=entra-id-stand-in", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Kestrel needs the private key in a form it can load on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
