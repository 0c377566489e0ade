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
        services.AddOptions<ChangeFeedOptions>().BindConfiguration(ChangeFeedOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<IFeedConsumptions>(provider => provider.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisFeedConsumptions(redis)
            : new MemoryFeedConsumptions());
        services.AddHostedService<ChangeFeedMetrics>();
        services.AddScoped<ChangeFeed>();
        return services;
    }
}
