using System.Threading.RateLimiting;

namespace RetailGateway.Odoo.Resilience;

/// <summary>
/// At most <see cref="OdooResilienceOptions.MaxConcurrentCalls"/> Odoo calls at once, of which
/// <see cref="OdooResilienceOptions.ReservedForWrites"/> only writes may take. Reads wait in a short
/// queue for a shared slot; writes take a free shared slot if there is one, else wait for a reserved
/// one. A call that finds its queue full is refused at once with a lease that carries
/// <see cref="OdooResilienceOptions.ShedRetryAfter"/>, which the pipeline passes on as <c>Retry-After</c>.
/// </summary>
internal sealed class OdooConcurrencyLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _shared;
    private readonly ConcurrencyLimiter? _reserved;
    private readonly TimeSpan _retryAfter;

    public OdooConcurrencyLimiter(OdooResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _shared = Limiter(options.MaxConcurrentCalls - options.ReservedForWrites, options.QueueLimit);
        _reserved = options.ReservedForWrites > 0 ? Limiter(options.ReservedForWrites, options.QueueLimit) : null;
        _retryAfter = options.ShedRetryAfter;
    }

    public async ValueTask<RateLimitLease> AcquireAsync(bool servesWrite, CancellationToken cancellationToken)
    {
        RateLimitLease lease;
        if (servesWrite && _reserved is not null)
        {
            lease = _shared.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                lease = await _reserved.AcquireAsync(1, cancellationToken);
            }
        }
        else
        {
            lease = await _shared.AcquireAsync(1, cancellationToken);
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return new ShedLease(_retryAfter);
    }

    public void Dispose()
    {
        _shared.Dispose();
        _reserved?.Dispose();
    }

    private static ConcurrencyLimiter Limiter(int permits, int queue) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A refusal that says when to come back; <see cref="ConcurrencyLimiter"/>'s own refusals carry no <c>Retry-After</c>.</summary>
    private sealed class ShedLease(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
