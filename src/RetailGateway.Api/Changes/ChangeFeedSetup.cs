using RetailGateway.Api.Hosting;
using StackExchange.Redis;

namespace RetailGateway.Api.Changes;

internal static class ChangeFeedSetup
{
    /// <summary>
    /// The change feeds of orders and invoices, with their settle window validated at start-up, and
    /// the record of each client's consumption (in Redis when configured) behind the lag gauges.
    /// </summary>
    public static IServiceCollection AddChangeFeed(this IServiceCollection services)
    {
        services.AddValidatedOptions<ChangeFeedOptions, ChangeFeedOptionsValidator>(ChangeFeedOptions.SectionName);
        services.AddHttpContextAccessor();
        services.AddSingleton<IFeedConsumptions>(provider => provider.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisFeedConsumptions(redis)
            : new MemoryFeedConsumptions());
        services.AddHostedService<ChangeFeedMetrics>();
        services.AddScoped<ChangeFeed>();
        return services;
    }
}
