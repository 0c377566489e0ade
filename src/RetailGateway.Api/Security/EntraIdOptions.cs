using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Security;

/// <summary>
/// The Entra ID settings (section <c>AzureAd</c>) that Microsoft.Identity.Web reads outside
/// Development. Checked at start-up, so a gateway with incomplete identity settings never serves.
/// </summary>
internal sealed class EntraIdOptions
{
    public const string SectionName = "AzureAd";

    /// <summary>The Entra ID cloud, e.g. <c>https://login.microsoftonline.com/</c>. Required, https.</summary>
    public Uri? Instance { get; set; }

    /// <summary>The directory (tenant) id whose tokens are accepted. Required; one tenant, never <c>common</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The gateway's application (client) id in Entra ID. Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>The accepted token audience. Default: the client id and <c>api://{client id}</c>.</summary>
    public string? Audience { get; set; }
}

/// <summary>Names every missing or unsafe identity setting at start-up.</summary>
internal sealed class EntraIdOptionsValidation(IConfiguration configuration) : IValidateOptions<EntraIdOptions>
{
    /// <summary>Where <c>dotnet user-jwts</c> keeps its issuer, audiences and signing keys.</summary>
    public const string DevelopmentTokenSection = "Authentication:Schemes:Bearer";

    // Tenant-independent endpoints would accept tokens from any Entra ID tenant.
    private static readonly string[] SharedTenants = ["common", "organizations", "consumers"];

    public ValidateOptionsResult Validate(string? name, EntraIdOptions options)
    {
        var failures = new List<string>();
        if (options.Instance is not { IsAbsoluteUri: true } instance || instance.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("AzureAd:Instance is required outside Development: the https address of the Entra ID cloud, e.g. https://login.microsoftonline.com/.");
        }

        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            failures.Add("AzureAd:TenantId is required outside Development: the directory (tenant) id of the Entra ID tenant that issues the tokens.");
        }
        else if (SharedTenants.Contains(options.TenantId, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"AzureAd:TenantId must name one tenant (its directory id), not '{options.TenantId}', which would accept tokens from other tenants.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("AzureAd:ClientId is required outside Development: the application (client) id of the gateway's app registration.");
        }

        // The JWT bearer handler binds this section whatever the environment: its keys and issuers would let development tokens in.
        if (configuration.GetSection(DevelopmentTokenSection).Exists())
        {
            failures.Add($"{DevelopmentTokenSection} holds development token settings (dotnet user-jwts) and is refused outside Development; configure AzureAd instead.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
