using System.Globalization;

namespace RetailGateway.Crash;

/// <summary>What a crash run loads and where it finds the built gateway and sandbox.</summary>
public sealed record CrashOptions
{
    public const string Usage =
        "usage: CrashTool --api <RetailGateway.Api build dir> --sandbox <RetailGateway.OdooSandbox build dir> [--work <dir>]\n" +
        "                 [--orders 1000] [--copies 3] [--async-share 0.5] [--concurrency 24] [--port-base 18160]\n" +
        "                 [--budget-seconds 10] [--odoo-down-seconds 4] [--sandbox-latency-ms 20] [--drain-seconds 120]";

    /// <summary>The folder holding RetailGateway.Api.dll.</summary>
    public required string ApiDirectory { get; init; }

    /// <summary>The folder holding RetailGateway.OdooSandbox.dll.</summary>
    public required string SandboxDirectory { get; init; }

    /// <summary>Logs, Redis's AOF and the sandbox's data file; a fresh temporary folder by default.</summary>
    public string WorkDirectory { get; init; } = Directory.CreateTempSubdirectory("retailgateway-crash.").FullName;

    /// <summary>Distinct Salesforce orders.</summary>
    public int Orders { get; init; } = 1000;

    /// <summary>Posts of each order with one Idempotency-Key, alternating instances, as Salesforce retries after a timeout.</summary>
    public int Copies { get; init; } = 3;

    /// <summary>Share of orders queued with <c>POST /api/v2/order-submissions</c> (202) rather than submitted at once.</summary>
    public double AsyncShare { get; init; } = 0.5;

    /// <summary>Orders in flight at once.</summary>
    public int Concurrency { get; init; } = 24;

    /// <summary>First of the five loopback ports used: Redis, the sandbox, two gateways (and one spare).</summary>
    public int PortBase { get; init; } = 18160;

    /// <summary>The Apex callout budget: a request that takes longer has failed its caller.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long Odoo (the sandbox process) stays down in its restart.</summary>
    public TimeSpan OdooDown { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Added to each sandbox call, so that requests are in flight when something dies.</summary>
    public TimeSpan SandboxLatency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long queued orders may take to finish after the load.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(120);

    public static CrashOptions? Parse(IReadOnlyList<string> args)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            named[args[i][2..]] = args[i + 1];
        }

        if (args.Count % 2 != 0 || !named.TryGetValue("api", out var api) || !named.TryGetValue("sandbox", out var sandbox))
        {
            return null;
        }

        var options = new CrashOptions { ApiDirectory = api, SandboxDirectory = sandbox };
        int Int(string name, int fallback) => named.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Number(string name, double fallback) => named.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return options with
        {
            WorkDirectory = named.TryGetValue("work", out var work) ? work : options.WorkDirectory,
            Orders = Int("orders", options.Orders),
            Copies = Int("copies", options.Copies),
            AsyncShare = Number("async-share", options.AsyncShare),
            Concurrency = Int("concurrency", options.Concurrency),
            PortBase = Int("port-base", options.PortBase),
            Budget = TimeSpan.FromSeconds(Number("budget-seconds", options.Budget.TotalSeconds)),
            OdooDown = TimeSpan.FromSeconds(Number("odoo-down-seconds", options.OdooDown.TotalSeconds)),
            SandboxLatency = TimeSpan.FromMilliseconds(Number("sandbox-latency-ms", options.SandboxLatency.TotalMilliseconds)),
            Drain = TimeSpan.FromSeconds(Number("drain-seconds", options.Drain.TotalSeconds)),
        };
    }
}
