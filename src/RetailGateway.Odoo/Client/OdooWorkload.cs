namespace RetailGateway.Odoo.Client;

/// <summary>
/// What the Odoo calls made on the current flow (one API request) serve: whether it is a write, and
/// by when the caller needs its answer. Ambient (an <see cref="AsyncLocal{T}"/>) because the host
/// knows both long before the services below it make their Odoo calls, and no call signature should
/// have to carry them.
/// </summary>
public static class OdooWorkload
{
    private static readonly AsyncLocal<Flow?> Current = new();

    /// <summary>
    /// True while serving a write (an order submission, a customer update). Such a flow reads too
    /// (look-ups before a create, the read-back after it); those reads share the write's reserved
    /// capacity, so a burst of stock reads cannot starve an order halfway.
    /// </summary>
    public static bool IsWrite => Current.Value?.Write ?? false;

    /// <summary>When the flow's answer is due; no Odoo call on it is given time beyond this.</summary>
    public static DateTimeOffset? Deadline => Current.Value?.Deadline;

    /// <summary>Marks every Odoo call on this async flow until the scope is disposed.</summary>
    public static IDisposable Begin(bool write, DateTimeOffset? deadline)
    {
        var scope = new Scope(Current.Value);
        Current.Value = new Flow(write, deadline);
        return scope;
    }

    private sealed record Flow(bool Write, DateTimeOffset? Deadline);

    private sealed class Scope(Flow? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
