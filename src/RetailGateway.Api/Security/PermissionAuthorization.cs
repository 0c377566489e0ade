using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using RetailGateway.Api.Hosting;

namespace RetailGateway.Api.Security;

/// <summary>A token must carry the permission as an app role or as a delegated scope.</summary>
internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    // Inbound claim mapping may rename "roles"/"scp"; accept the raw and the mapped names.
    private static readonly string[] RoleClaims = ["roles", "role", ClaimTypes.Role];
    private static readonly string[] ScopeClaims = ["scp", "scope", "http://schemas.microsoft.com/identity/claims/scope"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var user = context.User;
        var granted = user.Claims.Any(c =>
            (RoleClaims.Contains(c.Type) && c.Value == requirement.Permission) ||
            (ScopeClaims.Contains(c.Type) && c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(requirement.Permission)));
        if (granted)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

internal static class SecuritySetup
{
    /// <summary>
    /// Bearer tokens from Entra ID through Microsoft.Identity.Web (section <c>AzureAd</c>), or in
    /// Development from <c>dotnet user-jwts</c> (<c>Authentication:Schemes:Bearer</c>); one policy per permission.
    /// </summary>
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var authentication = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        if (environment.IsDevelopment())
        {
            authentication.AddJwtBearer();
        }
        else
        {
            services.AddOptions<EntraIdOptions>().BindConfiguration(EntraIdOptions.SectionName).ValidateOnStart();
            services.AddSingleton<IValidateOptions<EntraIdOptions>, EntraIdOptionsValidation>();
            authentication.AddMicrosoftIdentityWebApi(configuration.GetSection(EntraIdOptions.SectionName));
            // Every operation's permission policy decides. Microsoft.Identity.Web's blanket "some role or
            // scope" check would answer 401 to a valid token without roles, where 403 is the truth.
            services.Configure<MicrosoftIdentityOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.AllowWebApiToBeAuthorizedByACL = true);
        }

        // The caller's token is never sent on (Odoo is called with the gateway's own key), so no request keeps a copy of it
        // in its authentication properties: the handler's default did that on every request, for nothing.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.SaveToken = false);
        // Set to the value it has anyway: the authorization middleware reads this switch on every request, and an unset
        // switch costs two lookups under AppContext's process-wide locks instead of one.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authorization.SuppressUseHttpContextAsAuthorizationResource", false);

        services.AddValidatedOptions<ValidatedTokenCacheOptions, ValidatedTokenCacheOptionsValidator>(ValidatedTokenCacheOptions.SectionName);
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, ValidatedTokenCacheEvents>();

        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddAuthorization(options =>
        {
            foreach (var permission in Permissions.All)
            {
                options.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }
        });
        return services;
    }

    /// <summary>The calling application: <c>azp</c> (v2 tokens) or <c>appid</c> (v1 tokens).</summary>
    public static string ClientId(this ClaimsPrincipal user) =>
        user.FindFirst("azp")?.Value ?? user.FindFirst("appid")?.Value ?? user.FindFirst("client_id")?.Value ?? "unknown";
}
