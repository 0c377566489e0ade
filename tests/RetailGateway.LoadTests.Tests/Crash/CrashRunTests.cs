using System.Net;
using System.Net.Sockets;
using RetailGateway.Crash;
using RetailGateway.Tests.Shared;
using Xunit.Abstractions;

namespace RetailGateway.LoadTests.Tests.Crash;

/// <summary>
/// The crash and restart run of <c>loadtests/crash/run.sh</c>, scaled down: real gateway processes killed with SIGKILL,
/// redis-server killed and restarted from its AOF and then empty, the sandbox process restarted, all under order load
/// posted Salesforce-style; afterwards no order is in Odoo twice and none that was accepted is missing.
/// </summary>
public sealed class CrashRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillsAndRestarts_UnderOrderLoad_LoseAndDoubleNothing_AndNeverAnswer500()
    {
        // The test runs from bin/<configuration>/net10.0: the gateway and the sandbox were built alongside in the same configuration.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string Build(string project) => Path.Combine(ToolProcess.RepositoryRoot, "src", project, "bin", configuration, "net10.0");
        using var log = new StringWriter();
        var report = await CrashRun.RunAsync(
            new CrashOptions
            {
                ApiDirectory = Build("RetailGateway.Api"),
                SandboxDirectory = Build("RetailGateway.OdooSandbox"),
                Orders = 120,
                PortBase = FreePortRange(4),
                Drain = TimeSpan.FromSeconds(90),
            },
            log);
        output.WriteLine(log.ToString());

        Assert.True(report.Passed, log.ToString());
        Assert.Equal(0, report.Duplicates);
        Assert.Equal(0, report.LostAccepted);
        // The story happened: posts were cut by the kills, queued orders went through, Odoo's outage was answered 503.
        Assert.True(report.Answers.GetValueOrDefault(0) > 0, "no post was cut by a kill");
        Assert.True(report.QueuedSubmitted > 0, "no queued order reached Odoo");
        Assert.True(report.OdooDown503 > 0, "no 503 with Retry-After while Odoo was down");
        Assert.True(report.Answers.GetValueOrDefault(201) > 0, "no order was created");
    }

    /// <summary>A base port with <paramref name="count"/> free loopback ports from it on.</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var start = Random.Shared.Next(20_000, 60_000);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException("No free port range on 127.0.0.1.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
