namespace RetailGateway.Odoo.Client;

/// <summary>
/// Whether the Odoo calls made on the current flow serve a write (an order submission, a customer
/// update). Such a flow reads too (look-ups before a create, the read-back after it); those reads
/// share the write's reserved capacity, so a burst of stock reads cannot starve an order halfway.
/// Ambient (an <see cref="AsyncLocal{T}"/>) because the host knows a request is a write long before
/// the services below it make their Odoo calls, and no call signature should have to carry it.
/// </summary>
public static class OdooWorkload
{
    private static readonly AsyncLocal<bool> ServingWrite = new();

    /// <summary>True inside a <see cref="BeginWrite"/> scope on this async flow.</summary>
    public static bool IsWrite => ServingWrite.Value;

    /// <summary>Marks every Odoo call on this async flow as serving a write until the scope is disposed.</summary>
    public static IDisposable BeginWrite()
    {
        var scope = new Scope(ServingWrite.Value);
        ServingWrite.Value = true;
        return scope;
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => ServingWrite.Value = previous;
    }
}
