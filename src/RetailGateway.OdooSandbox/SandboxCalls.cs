using System.Collections.Concurrent;

namespace RetailGateway.OdooSandbox;

/// <summary>Counts the model method calls the sandbox received (JSON-RPC execute_kw and JSON-2), thread-safe.</summary>
public sealed class SandboxCalls
{
    private readonly ConcurrentDictionary<(string Model, string Method), int> counts = new();
    private readonly ConcurrentDictionary<string, int> savesCreating = new();
    private int total;

    /// <summary>All model method calls since start or the last <see cref="Reset"/>.</summary>
    public int Total => Volatile.Read(ref total);

    /// <summary>Calls of <paramref name="method"/> on <paramref name="model"/>, e.g. ("sale.order", "create").</summary>
    public int Count(string model, string method) => counts.GetValueOrDefault((model, method));

    /// <summary>
    /// Calls that create records in <paramref name="model"/>: <c>create</c>, and <c>web_save</c> on no records (which Odoo
    /// turns into a create), so that "nothing was created" holds whichever of the two the gateway sent.
    /// </summary>
    public int Creates(string model) => Count(model, "create") + savesCreating.GetValueOrDefault(model);

    public void Reset()
    {
        counts.Clear();
        savesCreating.Clear();
        Interlocked.Exchange(ref total, 0);
    }

    internal void Record(string model, string method, bool onNoRecords)
    {
        counts.AddOrUpdate((model, method), 1, (_, n) => n + 1);
        if (method == "web_save" && onNoRecords)
        {
            savesCreating.AddOrUpdate(model, 1, (_, n) => n + 1);
        }

        Interlocked.Increment(ref total);
    }
}
