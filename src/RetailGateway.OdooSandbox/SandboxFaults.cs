namespace RetailGateway.OdooSandbox;

/// <summary>What goes wrong on a faulted request, as a gateway sees real Odoo behind a proxy fail.</summary>
public enum SandboxFaultKind
{
    /// <summary>HTTP 503 with an HTML body (Odoo restarting, proxy without a backend).</summary>
    ServiceUnavailable,

    /// <summary>HTTP 502 with an nginx HTML body (worker killed mid-request).</summary>
    BadGateway,

    /// <summary>The connection is reset without a response.</summary>
    ConnectionAbort,

    /// <summary>HTTP 200 with a truncated JSON body.</summary>
    MalformedJson,

    /// <summary>The request is answered normally after an extra delay.</summary>
    Delay,
}

/// <summary>One injected fault; <see cref="Delay"/> applies to <see cref="SandboxFaultKind.Delay"/>.</summary>
public sealed record SandboxFault(SandboxFaultKind Kind, TimeSpan Delay = default);

/// <summary>
/// Runtime fault injection for the Odoo endpoints. Queued faults hit the next requests one each, in
/// order; when the queue is empty, a configured rate makes a share of requests fail at random.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock gate = new();
    private readonly Queue<SandboxFault> queue = new();
    private SandboxFaultKind rateKind;
    private double rate;

    /// <summary>Added to every Odoo call on top of <see cref="SandboxOptions.Latency"/>.</summary>
    public TimeSpan ExtraLatency { get; set; }

    /// <summary>Faults still queued.</summary>
    public int Pending
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Makes the next <paramref name="count"/> requests fail with <paramref name="kind"/>.</summary>
    public void Enqueue(SandboxFaultKind kind, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Enqueue(new SandboxFault(kind));
        }
    }

    public void Enqueue(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (gate)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>Makes a share (0..1) of requests fail with <paramref name="kind"/> once the queue is empty.</summary>
    public void SetRate(SandboxFaultKind kind, double share)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(share, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        lock (gate)
        {
            rateKind = kind;
            rate = share;
        }
    }

    /// <summary>Clears the queue, the rate and the extra latency.</summary>
    public void Clear()
    {
        lock (gate)
        {
            queue.Clear();
            rate = 0;
        }

        ExtraLatency = TimeSpan.Zero;
    }

    internal SandboxFault? Next()
    {
        lock (gate)
        {
            if (queue.TryDequeue(out var fault))
            {
                return fault;
            }

            // Fault injection wants cheap randomness, not secrecy.
#pragma warning disable CA5394
            return rate > 0 && Random.Shared.NextDouble() < rate ? new SandboxFault(rateKind) : null;
#pragma warning restore CA5394
        }
    }
}
