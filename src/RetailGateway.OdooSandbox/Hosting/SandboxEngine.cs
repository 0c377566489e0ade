using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Models;
using RetailGateway.OdooSandbox.Orm;
using RetailGateway.OdooSandbox.Seed;

namespace RetailGateway.OdooSandbox.Hosting;

/// <summary>The sandbox's state: the played version's models, the seeded database, counters and faults.</summary>
internal sealed class SandboxEngine
{
    public SandboxEngine(SandboxOptions options, TimeProvider time)
    {
        if (options.Version is not (17 or 19))
        {
            throw new ArgumentException($"Sandbox:Version must be 17 or 19, not {options.Version}.", nameof(options));
        }

        Options = options;
        Time = time;
        Registry = ModelCatalog.Build(options.Version, options.DeliveryModule);
        if (options.DataFile is { } file && File.Exists(file))
        {
            using var stream = File.OpenRead(file);
            Db.Load(stream);
        }
        else
        {
            RetailSeed.Load(Db, Registry, time.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>Writes the database to <see cref="SandboxOptions.DataFile"/>, if set, once no call runs; replaces the file only when complete.</summary>
    public void SaveData()
    {
        if (Options.DataFile is not { } file)
        {
            return;
        }

        Db.Gate.Wait();
        try
        {
            var partial = file + ".partial";
            using (var stream = File.Create(partial))
            {
                Db.Save(stream);
            }

            File.Move(partial, file, overwrite: true);
        }
        finally
        {
            Db.Gate.Release();
        }
    }

    public SandboxOptions Options { get; }

    public TimeProvider Time { get; }

    public Registry Registry { get; }

    public Database Db { get; } = new();

    public SandboxCalls Calls { get; } = new();

    public SandboxFaults Faults { get; } = new();

    /// <summary>
    /// Runs one Odoo call against the database, one caller at a time. Callers waiting for their turn hold
    /// no thread: under load a blocking lock here starves the thread pool the gateway shares with it.
    /// </summary>
    public async Task<JsonNode?> RunAsync(JsonObject? context, Func<Env, JsonNode?> work, CancellationToken cancellationToken)
    {
        await Db.Gate.WaitAsync(cancellationToken);
        try
        {
            return work(new Env(Db, Registry, context ?? [], () => Time.GetUtcNow().UtcDateTime));
        }
        finally
        {
            Db.Gate.Release();
        }
    }

    /// <summary>Runs one call against the database from outside a request (seeding and inspection), one caller at a time.</summary>
    public JsonNode? Run(JsonObject? context, Func<Env, JsonNode?> work)
    {
        Db.Gate.Wait();
        try
        {
            return work(new Env(Db, Registry, context ?? [], () => Time.GetUtcNow().UtcDateTime));
        }
        finally
        {
            Db.Gate.Release();
        }
    }

    /// <summary>The module's private-method message differs between 17 and 19.</summary>
    public OdooException PrivateMethod(string model, string method) => OdooException.AccessError(
        Options.Version >= 19
            ? $"Private methods (such as '{model}.{method}') cannot be called remotely."
            : $"Private methods (such as {method}) cannot be called remotely.");
}
