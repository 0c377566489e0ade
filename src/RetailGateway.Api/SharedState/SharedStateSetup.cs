using Microsoft.Extensions.Caching.StackExchangeRedis;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Operations;
using StackExchange.Redis;

namespace RetailGateway.Api.SharedState;

/// <summary>
/// Everything gateway instances share: idempotency records, natural-key locks, the async intake queue, the
/// exception queue, the change-feed consumptions, the L2 cache and its invalidations. With
/// <c>ConnectionStrings:Redis</c> they live in Redis (one server or a cluster), so any number of instances behave as one;
/// without it, a single instance keeps them in memory with the same behaviour. The choice is made here
/// and nowhere else.
/// </summary>
internal static class SharedStateSetup
{
    public const string ConnectionStringName = "Redis";

    public static WebApplicationBuilder AddSharedState(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<IdempotencyOptions, IdempotencyOptionsValidator>(IdempotencyOptions.SectionName);
        services.AddValidatedOptions<CachingOptions, CachingOptionsValidator>(CachingOptions.SectionName);
        services.AddResourceCache();

        var redis = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IIdempotencyStore, MemoryIdempotencyStore>();
            services.AddSingleton<IResourceLocks, MemoryResourceLocks>();
            services.AddSingleton<ISubmissionStore, MemorySubmissionStore>();
            services.AddSingleton<IExceptionStore, MemoryExceptionStore>();
            services.AddSingleton<IFeedConsumptions, MemoryFeedConsumptions>();
            services.AddSingleton<ICacheInvalidationBus, LocalInvalidationBus>();
            return builder;
        }

        var configuration = ConfigurationOptions.Parse(redis);
        // Keep connecting in the background: a Redis outage must not stop the gateway from starting or serving.
        configuration.AbortOnConnectFail = false;
        // While Redis is down, fail each command at once instead of queueing it until a timeout:
        // the gateway then falls back (Odoo natural keys, in-process cache) within the Apex budget.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            options.InstanceName = "rg:cache:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>());
        });
        services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        services.AddSingleton<RedisSubmissionStore>();
        services.AddSingleton<ISubmissionStore>(provider => provider.GetRequiredService<RedisSubmissionStore>());
        services.AddSingleton<RedisExceptionStore>();
        services.AddSingleton<IExceptionStore>(provider => provider.GetRequiredService<RedisExceptionStore>());
        services.AddHostedService<LegacyKeyMigration>();
        services.AddSingleton<IFeedConsumptions, RedisFeedConsumptions>();
        services.AddSingleton<RedisResourceLocks>();
        services.AddSingleton<IResourceLocks>(provider => provider.GetRequiredService<RedisResourceLocks>());
        services.AddSingleton<RedisInvalidationBus>();
        services.AddSingleton<ICacheInvalidationBus>(provider => provider.GetRequiredService<RedisInvalidationBus>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisInvalidationBus>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }

    /// <summary>True for the failures that mean "Redis is not there right now", as opposed to a bug.</summary>
    public static bool IsOutage(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException
        || (exception is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal));
}
