using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace RetailGateway.Api.Caching;

/// <summary>Tells other gateway instances to drop cache entries a write made stale.</summary>
internal interface ICacheInvalidationBus
{
    Task PublishAsync(CacheInvalidation invalidation);
}

/// <summary>
/// Forgets keys and tags on this instance: the response snapshots made from them, then HybridCache's entries. The one
/// way an invalidation is applied, whether this instance's write made it or the bus brought it from another.
/// </summary>
internal sealed class LocalInvalidation(HybridCache cache, ResponseSnapshots snapshots)
{
    public async Task ApplyAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags)
    {
        snapshots.Forget([.. keys, .. tags]);
        if (keys.Count > 0)
        {
            await cache.RemoveAsync(keys);
        }

        if (tags.Count > 0)
        {
            await cache.RemoveByTagAsync(tags);
        }
    }
}

/// <summary>A single instance has no one to tell.</summary>
internal sealed class LocalInvalidationBus : ICacheInvalidationBus
{
    public Task PublishAsync(CacheInvalidation invalidation) => Task.CompletedTask;
}

/// <summary>
/// Redis pub/sub: HybridCache removes entries from Redis (L2) and this instance's memory (L1); the
/// other instances' memory (entries and response snapshots) hears about it here.
/// </summary>
internal sealed partial class RedisInvalidationBus(IConnectionMultiplexer redis, LocalInvalidation local, ILogger<RedisInvalidationBus> logger) : ICacheInvalidationBus, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("rg:cache:invalidate");
    private readonly string _instance = Guid.NewGuid().ToString("N");

    public Task PublishAsync(CacheInvalidation invalidation) =>
        redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new Message(_instance, invalidation.Keys, invalidation.Tags), InvalidationJsonContext.Default.Message));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ChannelMessageQueue queue;
        try
        {
            queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        }
        catch (Exception exception) when (SharedState.SharedStateSetup.IsOutage(exception))
        {
            // Starting without Redis is allowed; this instance then hears no invalidations and its
            // entries live out their (short) TTLs.
            LogSubscribeFailed(logger, exception.GetType().Name);
            return;
        }

        queue.OnMessage(async received =>
        {
            var message = JsonSerializer.Deserialize(received.Message.ToString(), InvalidationJsonContext.Default.Message);
            if (message is null || message.Instance == _instance)
            {
                return;
            }

            // Only this instance's memory: Redis was already cleared by the publisher.
            await local.ApplyAsync(message.Keys, message.Tags);
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception exception) when (SharedState.SharedStateSetup.IsOutage(exception))
        {
            LogSubscribeFailed(logger, exception.GetType().Name);
        }
        catch (ObjectDisposedException)
        {
            // The host may dispose the connection while it stops; a closed connection has no subscription left to end.
        }
    }

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Could not subscribe to cache invalidations ({Failure}); this instance relies on cache TTLs")]
    private static partial void LogSubscribeFailed(ILogger logger, string failure);

    internal sealed record Message(string Instance, IReadOnlyList<string> Keys, IReadOnlyList<string> Tags);
}

[JsonSerializable(typeof(RedisInvalidationBus.Message))]
internal sealed partial class InvalidationJsonContext : JsonSerializerContext;
