using System.Runtime.CompilerServices;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Operations;
using StackExchange.Redis;

namespace RetailGateway.Api.SharedState;

/// <summary>
/// Single-key moves from one key layout to another, safe on Redis Cluster (no command spans two keys) and
/// safe to run twice or on two instances at once: a key already moved is left as it is.
/// </summary>
internal static class LegacyKeys
{
    /// <summary>The keys matching <paramref name="pattern"/> on every primary (each holds its own slots on a cluster).</summary>
    public static async IAsyncEnumerable<RedisKey> ScanAsync(IConnectionMultiplexer redis, int database, string pattern, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database, pattern).WithCancellation(cancellationToken))
            {
                yield return key;
            }
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/> with its TTL, then deletes it; false if it was not there.</summary>
    public static async Task<bool> MoveAsync(IDatabase db, RedisKey from, RedisKey to)
    {
        // The TTL before the value: a key that expires in between then has no value, and is not moved without its TTL.
        var ttl = await db.KeyTimeToLiveAsync(from);
        if (await db.KeyDumpAsync(from) is not { } value)
        {
            return false;
        }

        try
        {
            await db.KeyRestoreAsync(to, value, ttl);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYKEY", StringComparison.Ordinal))
        {
            // Moved already, by another instance or a start that stopped half-way: the moved copy may have changed since.
        }

        await db.KeyDeleteAsync(from);
        return true;
    }

    /// <summary>
    /// Adds the members of sorted set <paramref name="from"/> to <paramref name="to"/> with their scores (a
    /// member already there keeps its own), then removes them from <paramref name="from"/>.
    /// </summary>
    public static async Task MoveIndexAsync(IDatabase db, RedisKey from, RedisKey to)
    {
        var entries = await db.SortedSetRangeByRankWithScoresAsync(from);
        if (entries.Length == 0)
        {
            return;
        }

        await db.SortedSetAddAsync(to, entries, SortedSetWhen.NotExists);
        // Only what was copied: a member an instance of the old version adds meanwhile stays for the next start.
        await db.SortedSetRemoveAsync(from, [.. entries.Select(e => e.Element)]);
    }
}

/// <summary>
/// Moves the intake and exception queues from the key layout before Redis Cluster support into the hash-tagged
/// one at every start, before the gateway serves (a few commands when there is nothing to move): orders queued and
/// exceptions open at the upgrade are neither lost nor left behind. Until Redis answers, it tries again in the background.
/// </summary>
internal sealed partial class LegacyKeyMigration(
    RedisSubmissionStore submissions,
    RedisExceptionStore exceptions,
    ILogger<LegacyKeyMigration> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private bool _moved;

    /// <summary>The first move before the gateway serves: an order's status polled right after the upgrade is found, not a 404.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _moved = await TryMoveAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!_moved)
        {
            await Task.Delay(RetryDelay, stoppingToken);
            _moved = await TryMoveAsync(stoppingToken);
        }
    }

    private async Task<bool> TryMoveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var orders = await submissions.MoveLegacyKeysAsync(cancellationToken);
            var entries = await exceptions.MoveLegacyKeysAsync(cancellationToken);
            if (orders + entries > 0)
            {
                LogMoved(logger, orders, entries);
            }

            return true;
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            LogDeferred(logger, exception.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Moved {Orders} intake order(s) and {Entries} exception(s) from the key layout before hash tags")]
    private static partial void LogMoved(ILogger logger, int orders, int entries);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Could not check Redis for keys of the layout before hash tags ({Failure}); trying again")]
    private static partial void LogDeferred(ILogger logger, string failure);
}
