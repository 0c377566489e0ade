namespace RetailGateway.Api.Changes;

internal static class ChangeFeedSetup
{
    /// <summary>The change feeds of orders and invoices, with their settle window validated at start-up.</summary>
    public static IServiceCollection AddChangeFeed(this IServiceCollection services)
    {
        services.AddOptions<ChangeFeedOptions>().BindConfiguration(ChangeFeedOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ChangeFeed>();
        return services;
    }
}
