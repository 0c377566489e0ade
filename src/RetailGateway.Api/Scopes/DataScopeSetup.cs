using RetailGateway.Api.Hosting;
using RetailGateway.Api.Requests;

namespace RetailGateway.Api.Scopes;

internal static class DataScopeSetup
{
    /// <summary>The <c>DataScopes</c> settings, checked at start-up, and the per-request <see cref="CallerScope"/>.</summary>
    public static WebApplicationBuilder AddDataScopes(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DataScopeOptions, DataScopeOptionsValidator>(DataScopeOptions.SectionName);
        builder.Services.AddSingleton<ScopeTags>();
        builder.Services.AddScoped<CallerScope>();
        return builder;
    }

    /// <summary>Enters the authenticated caller's client into the request's <see cref="CallerScope"/>; after authentication.</summary>
    public static IApplicationBuilder UseDataScopes(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                context.RequestServices.GetRequiredService<CallerScope>().Enter(context.Facts().ClientId);
            }

            await next(context);
        });
}
