using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Operations;
using RetailGateway.Api.SharedState;
using RetailGateway.Api.Tests.Hosting;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.SharedState;

/// <summary>
/// The contract each of the five shared stores keeps, run as one suite against the in-memory and the Redis
/// implementations, both as <see cref="SharedStateSetup"/> chooses them: the gateway behaves the same with or without Redis.
/// </summary>
public abstract class SharedStoreTests : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>The Redis connection string, or null for the in-memory stores.</summary>
    protected abstract string? Redis { get; }

    /// <summary>The implementation type names every store must have (Memory... or Redis...).</summary>
    protected abstract string Prefix { get; }

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public virtual Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (Redis is { } redis)
        {
            builder.Configuration[$"ConnectionStrings:{SharedStateSetup.ConnectionStringName}"] = redis;
        }

        builder.AddSharedState();
        _services = builder.Services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public void EveryStore_IsChosenInOnePlace_AllFromTheSameBackend()
    {
        Type[] stores =
        [
            Services.GetRequiredService<IIdempotencyStore>().GetType(),
            Services.GetRequiredService<IResourceLocks>().GetType(),
            Services.GetRequiredService<ISubmissionStore>().GetType(),
            Services.GetRequiredService<IExceptionStore>().GetType(),
            Services.GetRequiredService<IFeedConsumptions>().GetType(),
        ];

        Assert.All(stores, type => Assert.StartsWith(Prefix, type.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Idempotency_ClaimsOnce_ReplaysTheSamePayload_RefusesAnother_AndFreesAReleasedKey()
    {
        var store = Services.GetRequiredService<IIdempotencyStore>();
        var key = TestApi.Unique("key-");

        var claim = await store.ClaimAsync(key, "payload-a", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(ClaimOutcome.InFlight, (await store.ClaimAsync(key, "payload-a", CancellationToken.None)).Outcome);
        Assert.Equal(ClaimOutcome.Mismatch, (await store.ClaimAsync(key, "payload-b", CancellationToken.None)).Outcome);

        await store.CompleteAsync(claim, new StoredResponse(201, "application/json", "/api/v1/orders/7", [1, 2, 3]), CancellationToken.None);
        var replay = await store.ClaimAsync(key, "payload-a", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Replay, replay.Outcome);
        Assert.Equal(201, replay.Record.Response!.Status);
        Assert.Equal("/api/v1/orders/7", replay.Record.Response.Location);
        Assert.Equal([1, 2, 3], replay.Record.Response.Body);

        var released = TestApi.Unique("key-");
        await store.ReleaseAsync(await store.ClaimAsync(released, "payload-a", CancellationToken.None), CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, (await store.ClaimAsync(released, "payload-b", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Locks_LetOneHolderIn_AndTheNextOnceItReleases()
    {
        var locks = Services.GetRequiredService<IResourceLocks>();
        var name = TestApi.Unique("order:");

        var held = await locks.AcquireAsync(name, CancellationToken.None);
        var waiting = locks.AcquireAsync(name, CancellationToken.None);
        await Task.Delay(200, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await using (await locks.AcquireAsync(TestApi.Unique("order:"), CancellationToken.None))
        {
            // Another name is never blocked by this one.
        }

        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    [Fact]
    public async Task Submissions_AreQueued_ClaimedOnce_AndKeptWithTheirOutcome()
    {
        var store = Services.GetRequiredService<ISubmissionStore>();
        var id = TestApi.Unique("sub");
        var now = DateTimeOffset.UtcNow;
        var queued = new OrderSubmissionStatus { SubmissionId = id, Status = SubmissionState.Queued, ApiVersion = 1, SalesforceId = "801" + id, QueuedAt = now.AddSeconds(-1) };

        await store.EnqueueAsync(queued, """{"salesforceId":"x"}""", CancellationToken.None);
        Assert.Equal(SubmissionState.Queued, (await store.GetAsync(id, CancellationToken.None))!.Status);
        var claimed = await store.ClaimAsync(now, now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(id, claimed!.Status.SubmissionId);
        Assert.Equal("""{"salesforceId":"x"}""", claimed.Payload);
        Assert.Null(await store.ClaimAsync(now, now.AddMinutes(1), CancellationToken.None));

        await store.CompleteAsync(claimed.Status with { Status = SubmissionState.Submitted, OrderId = "42" }, CancellationToken.None);
        var done = await store.GetAsync(id, CancellationToken.None);
        Assert.Equal((SubmissionState.Submitted, "42"), (done!.Status, done.OrderId));
        Assert.Null(await store.ClaimAsync(now.AddMinutes(2), now.AddMinutes(3), CancellationToken.None));
    }

    [Fact]
    public async Task Submissions_AWorkerWhoseLeaseRanOut_CannotPutBackAnOrderAnotherWorkerSubmitted()
    {
        var store = Services.GetRequiredService<ISubmissionStore>();
        var id = TestApi.Unique("sub");
        var now = DateTimeOffset.UtcNow;
        var queued = new OrderSubmissionStatus { SubmissionId = id, Status = SubmissionState.Queued, ApiVersion = 2, SalesforceId = "801" + id, QueuedAt = now.AddSeconds(-1) };
        await store.EnqueueAsync(queued, "{}", CancellationToken.None);

        // The first worker stalls past its lease; a second takes the order over, submits it and says so.
        var stalled = await store.ClaimAsync(now, now.AddSeconds(5), CancellationToken.None);
        var takeover = await store.ClaimAsync(now.AddSeconds(6), now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(id, takeover?.Status.SubmissionId);
        await store.CompleteAsync(takeover!.Status with { Status = SubmissionState.Submitted, OrderId = "42", Attempts = 1 }, CancellationToken.None);

        // The first worker's attempt then fails: its retry must not make the submitted order queued again.
        await store.RetryLaterAsync(stalled!, stalled!.Status with { Attempts = 1 }, now.AddSeconds(7), CancellationToken.None);

        var status = await store.GetAsync(id, CancellationToken.None);
        Assert.Equal((SubmissionState.Submitted, "42"), (status!.Status, status.OrderId));
        Assert.Null(await store.ClaimAsync(now.AddMinutes(10), now.AddMinutes(11), CancellationToken.None));
    }

    [Fact]
    public async Task Submissions_AWorkerWhoseLeaseRanOut_DoesNotShortenTheNewHoldersLease()
    {
        var store = Services.GetRequiredService<ISubmissionStore>();
        var id = TestApi.Unique("sub");
        var now = DateTimeOffset.UtcNow;
        await store.EnqueueAsync(new OrderSubmissionStatus { SubmissionId = id, Status = SubmissionState.Queued, ApiVersion = 2, SalesforceId = "801" + id, QueuedAt = now.AddSeconds(-1) }, "{}", CancellationToken.None);

        var stalled = await store.ClaimAsync(now, now.AddSeconds(5), CancellationToken.None);
        Assert.NotNull(await store.ClaimAsync(now.AddSeconds(6), now.AddMinutes(1), CancellationToken.None));
        await store.RetryLaterAsync(stalled!, stalled!.Status with { Attempts = 1 }, now.AddSeconds(7), CancellationToken.None);

        // Still the second worker's until its lease ends, not claimable again at the first one's retry time.
        Assert.Null(await store.ClaimAsync(now.AddSeconds(8), now.AddMinutes(2), CancellationToken.None));
        Assert.Equal(id, (await store.ClaimAsync(now.AddMinutes(1).AddSeconds(1), now.AddMinutes(2), CancellationToken.None))?.Status.SubmissionId);
    }

    /// <summary>An open exception for an order refused for an unknown SKU, recorded at <paramref name="now"/>.</summary>
    private protected static QueuedException OpenException(DateTimeOffset now) => new QueuedException
        {
            ExceptionId = TestApi.Unique("exc"),
            Operation = ExceptionReplayer.SubmitOrder,
            ApiVersion = 1,
            ClientId = "sf-org-test",
            Method = "POST",
            Path = "/api/v1/orders",
            Body = JsonSerializer.SerializeToElement(new { salesforceId = "801x" }),
            Reason = "unknown_sku",
            Detail = "Unknown SKU.",
            OccurredAt = now,
            UpdatedAt = now,
            Attempts = 1,
            Status = ExceptionStatus.Open,
        };

    [Fact]
    public async Task Exceptions_AreReplacedOnlyFromTheRevisionRead_AndLeaveTheOpenListWhenClosed()
    {
        var store = Services.GetRequiredService<IExceptionStore>();
        var now = DateTimeOffset.UtcNow;
        var open = OpenException(now);

        await store.AddAsync(open, CancellationToken.None);
        Assert.Equal(open.Reason, (await store.GetAsync(open.ExceptionId, CancellationToken.None))!.Reason);
        Assert.Contains(store.ReadOpen(), e => e.ExceptionId == open.ExceptionId);

        var resolved = open with { Status = ExceptionStatus.Resolved, UpdatedAt = now.AddSeconds(1) };
        Assert.True(await store.ReplaceAsync(open, resolved, CancellationToken.None));
        // A second operator still holding the open revision loses: it must read again.
        Assert.False(await store.ReplaceAsync(open, open with { Attempts = 2 }, CancellationToken.None));
        Assert.Equal(ExceptionStatus.Resolved, (await store.GetAsync(open.ExceptionId, CancellationToken.None))!.Status);
        Assert.DoesNotContain(store.ReadOpen(), e => e.ExceptionId == open.ExceptionId);
    }

    [Fact]
    public async Task FeedConsumptions_KeepTheLastPageEachClientReadOfEachFeed()
    {
        var store = Services.GetRequiredService<IFeedConsumptions>();
        var client = TestApi.Unique("sf-feed-");
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        await store.RecordAsync(new FeedConsumption("orders", client, t0.AddMinutes(-5), t0), CancellationToken.None);
        await store.RecordAsync(new FeedConsumption("orders", client, t0.AddMinutes(-1), t0.AddSeconds(30)), CancellationToken.None);
        await store.RecordAsync(new FeedConsumption("invoices", client, t0.AddMinutes(-2), t0.AddSeconds(10)), CancellationToken.None);

        var mine = store.ReadAll().Where(c => c.ClientId == client).OrderBy(c => c.Feed, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new FeedConsumption("invoices", client, t0.AddMinutes(-2), t0.AddSeconds(10)), new FeedConsumption("orders", client, t0.AddMinutes(-1), t0.AddSeconds(30))],
            mine);
    }
}

public sealed class SharedStoresInMemory : SharedStoreTests
{
    protected override string? Redis => null;

    protected override string Prefix => "Memory";
}

/// <summary>The Redis stores, on one server and on a cluster: also what they do with keys an older version left.</summary>
public abstract class SharedStoresInRedisTests(IRedisUnderTest redis) : SharedStoreTests
{
    protected override string? Redis => redis.ConnectionString;

    protected override string Prefix => "Redis";

    /// <summary>Emptied before each test, as a restart without persistence would.</summary>
    public override async Task InitializeAsync()
    {
        await redis.FlushAsync();
        await base.InitializeAsync();
    }

    [Fact]
    public async Task Submissions_AnOrderRedisLostWhileAWorkerHeldIt_IsQueuedAgainFromTheClaimWhenTheAttemptFails()
    {
        var store = Services.GetRequiredService<ISubmissionStore>();
        var id = TestApi.Unique("sub");
        var now = DateTimeOffset.UtcNow;
        var queued = new OrderSubmissionStatus { SubmissionId = id, Status = SubmissionState.Queued, ApiVersion = 2, SalesforceId = "801" + id, QueuedAt = now.AddSeconds(-1) };
        await store.EnqueueAsync(queued, """{"salesforceId":"x"}""", CancellationToken.None);
        var claimed = await store.ClaimAsync(now, now.AddMinutes(1), CancellationToken.None);

        // Redis restarts empty (no persistence) while the worker's attempt runs; the attempt then fails transiently.
        await redis.FlushAsync();
        await store.RetryLaterAsync(claimed!, claimed!.Status with { Attempts = 1 }, now.AddSeconds(1), CancellationToken.None);

        var status = await store.GetAsync(id, CancellationToken.None);
        Assert.Equal((SubmissionState.Queued, 1), (status!.Status, status.Attempts));
        var again = await store.ClaimAsync(now.AddSeconds(2), now.AddMinutes(1), CancellationToken.None);
        Assert.Equal((id, """{"salesforceId":"x"}""", 1), (again?.Status.SubmissionId, again?.Payload, again?.Status.Attempts));
    }

    [Fact]
    public async Task KeysOfTheLayoutBeforeHashTags_AreMoved_AndTheirOrdersAndExceptionsCarryOn()
    {
        var now = DateTimeOffset.UtcNow;
        var queued = new OrderSubmissionStatus { SubmissionId = TestApi.Unique("sub"), Status = SubmissionState.Queued, ApiVersion = 1, SalesforceId = "801q", QueuedAt = now.AddMinutes(-5) };
        var done = queued with { SubmissionId = TestApi.Unique("sub"), Status = SubmissionState.Submitted, OrderId = "7" };
        var entry = OpenException(now);
        // As the previous version wrote them, one key at a time (so also on a cluster, over several nodes).
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var db = connection.GetDatabase();
            await db.HashSetAsync($"rg:intake:{queued.SubmissionId}", [new("status", SubmissionJson.Serialize(queued)), new("payload", "{}")]);
            await db.SortedSetAddAsync("rg:intake:pending", queued.SubmissionId, queued.QueuedAt.ToUnixTimeMilliseconds());
            await db.SortedSetAddAsync("rg:intake:queued", queued.SubmissionId, queued.QueuedAt.ToUnixTimeMilliseconds());
            await db.HashSetAsync($"rg:intake:{done.SubmissionId}", [new("status", SubmissionJson.Serialize(done)), new("payload", "{}")]);
            await db.KeyExpireAsync($"rg:intake:{done.SubmissionId}", TimeSpan.FromDays(7));
            await db.HashSetAsync($"rg:exceptions:{entry.ExceptionId}", [new("json", ExceptionJson.Serialize(entry)), new("rev", ExceptionJson.Revision(entry))]);
            await db.SortedSetAddAsync("rg:exceptions", entry.ExceptionId, 0);
            await db.SortedSetAddAsync("rg:exceptions:open", entry.ExceptionId, 0);
        }

        var submissions = Services.GetRequiredService<RedisSubmissionStore>();
        var exceptions = Services.GetRequiredService<RedisExceptionStore>();
        Assert.Equal(2, await submissions.MoveLegacyKeysAsync(CancellationToken.None));
        Assert.Equal(1, await exceptions.MoveLegacyKeysAsync(CancellationToken.None));
        // A second start finds nothing left to move.
        Assert.Equal(0, await submissions.MoveLegacyKeysAsync(CancellationToken.None) + await exceptions.MoveLegacyKeysAsync(CancellationToken.None));

        Assert.Equal(1, submissions.ReadBacklog().Depth);
        Assert.Equal(queued.QueuedAt, submissions.ReadBacklog().OldestQueuedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(queued.SubmissionId, (await submissions.ClaimAsync(now, now.AddMinutes(1), CancellationToken.None))?.Status.SubmissionId);
        Assert.Equal("7", (await submissions.GetAsync(done.SubmissionId, CancellationToken.None))?.OrderId);
        Assert.Equal(entry.Reason, (await exceptions.GetAsync(entry.ExceptionId, CancellationToken.None))?.Reason);
        Assert.Contains(exceptions.ReadOpen(), e => e.ExceptionId == entry.ExceptionId);
        Assert.Equal(0, await redis.CountKeysAsync("rg:intake:*") + await redis.CountKeysAsync("rg:exceptions*"));
        await using var check = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ttl = await check.GetDatabase().KeyTimeToLiveAsync($"rg:{{intake}}:sub:{done.SubmissionId}");
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }
}

public sealed class SharedStoresInRedis(SharedStoresInRedis.Server server) : SharedStoresInRedisTests(server.Redis), IClassFixture<SharedStoresInRedis.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        private RedisServer? _redis;

        public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

        public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

        public async Task DisposeAsync()
        {
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }
}

[Collection(RedisClusterGroup.Name)]
public sealed class SharedStoresOnRedisCluster(RedisCluster cluster) : SharedStoresInRedisTests(cluster)
{
    [Fact]
    public async Task TheClusterRefusesTheClaimOverTheOldKeyNames_ButNotOverTheTaggedOnes()
    {
        const string script = "return redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        var db = connection.GetDatabase();

        var refused = await Assert.ThrowsAsync<RedisCommandException>(() => db.ScriptEvaluateAsync(script, ["rg:intake:pending:high", "rg:intake:pending", "rg:intake:pending:low"]));
        Assert.StartsWith("Multi-key operations must involve a single slot", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (int)await db.ScriptEvaluateAsync(script, ["rg:{intake}:pending:high", "rg:{intake}:pending:normal", "rg:{intake}:pending:low"]));
    }
}
