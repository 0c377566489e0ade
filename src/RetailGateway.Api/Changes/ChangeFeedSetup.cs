using RetailGateway.Api.Hosting;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Changes;

internal static class ChangeFeedSetup
{
    /// <summary>
    /// The change feeds of orders, invoices and products, with their settle window validated at start-up, and
    /// the lag gauges over each client's consumption (stored as <see cref="SharedStateSetup"/> chooses).
    /// </summary>
    public static IServiceCollection AddChangeFeed(this IServiceCollection services)
    {
        services.AddValidatedOptions<ChangeFeedOptions, ChangeFeedOptionsValidator>(ChangeFeedOptions.SectionName);
        services.AddHttpContextAccessor();
        services.AddHostedService<ChangeFeedMetrics>();
        services.AddScoped<ChangeFeed>();
        return services;
    }
}
