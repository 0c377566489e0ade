using System.Threading.RateLimiting;
using RetailGateway.Odoo.Resilience;

namespace RetailGateway.Odoo.Tests.Resilience;

/// <summary>Reads cannot take the slots reserved for writes; writes can take any free slot; overflow is refused at once with Retry-After.</summary>
public sealed class OdooConcurrencyLimiterTests
{
    private static readonly OdooResilienceOptions Options = new()
    {
        MaxConcurrentCalls = 3,
        ReservedForWrites = 1,
        QueueLimit = 0,
        ShedRetryAfter = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Reads_FillOnlyTheSharedSlots_AndTheNextIsShedWithRetryAfter()
    {
        using var limiter = new OdooConcurrencyLimiter(Options);
        using var read1 = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);
        using var read2 = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);

        using var read3 = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);

        Assert.True(read1.IsAcquired && read2.IsAcquired);
        Assert.False(read3.IsAcquired);
        Assert.True(read3.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
    }

    [Fact]
    public async Task Write_WhileReadsFillTheSharedSlots_GetsTheReservedSlot()
    {
        using var limiter = new OdooConcurrencyLimiter(Options);
        using var read1 = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);
        using var read2 = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);

        using var write = await limiter.AcquireAsync(servesWrite: true, CancellationToken.None);
        using var secondWrite = await limiter.AcquireAsync(servesWrite: true, CancellationToken.None);

        Assert.True(write.IsAcquired);
        Assert.False(secondWrite.IsAcquired);
    }

    [Fact]
    public async Task Writes_WithNoReads_UseEverySlot_AndNoMore()
    {
        using var limiter = new OdooConcurrencyLimiter(Options);
        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 4; i++)
        {
            leases.Add(await limiter.AcquireAsync(servesWrite: true, CancellationToken.None));
        }

        Assert.Equal([true, true, true, false], leases.Select(lease => lease.IsAcquired));
        leases.ForEach(lease => lease.Dispose());
    }

    [Fact]
    public async Task ReleasedSlot_IsGivenToTheQueuedRead()
    {
        using var limiter = new OdooConcurrencyLimiter(new OdooResilienceOptions { MaxConcurrentCalls = 2, ReservedForWrites = 1, QueueLimit = 1 });
        var first = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);

        var queued = limiter.AcquireAsync(servesWrite: false, CancellationToken.None).AsTask();
        using var overflow = await limiter.AcquireAsync(servesWrite: false, CancellationToken.None);
        Assert.False(queued.IsCompleted);
        first.Dispose();

        using var admitted = await queued;
        Assert.True(admitted.IsAcquired);
        Assert.False(overflow.IsAcquired);
    }
}
