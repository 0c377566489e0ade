using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>
/// A local Redis Cluster of three primaries (no replicas), each a <c>redis-server --cluster-enabled yes</c> on free
/// loopback ports, joined by <c>redis-cli --cluster create</c>. Started once for the test classes of
/// <see cref="RedisClusterGroup"/> (they run one after another) and stopped after the last of them.
/// </summary>
public sealed class RedisCluster : IRedisUnderTest, IAsyncLifetime
{
    private const int Primaries = 3;

    private static RedisCluster? s_started;

    private readonly List<Process> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("rg-redis-cluster-").FullName;
    private int[] _ports = [];

    /// <summary>
    /// The cluster of the running collection, for the gateway fixtures of its classes: xunit builds a class fixture
    /// before the class, without the collection's fixtures.
    /// </summary>
    public static RedisCluster Started => s_started
        ?? throw new InvalidOperationException($"The Redis cluster runs for the classes marked [Collection(RedisClusterGroup.Name)] only.");

    public string ConnectionString =>
        string.Join(',', _ports.Select(p => $"127.0.0.1:{p}")) + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public async Task InitializeAsync()
    {
        _ports = [.. Enumerable.Range(0, Primaries).Select(_ => RedisServer.FreePort())];
        foreach (var port in _ports)
        {
            var name = port.ToString(CultureInfo.InvariantCulture);
            // The bus port is set explicitly: the default (port + 10000) may be taken or above 65535.
            _processes.Add(await RedisServer.StartProcessAsync(
                port,
                "--cluster-enabled", "yes",
                "--cluster-port", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture),
                "--cluster-config-file", $"nodes-{name}.conf",
                "--dir", _directory));
        }

        await CreateAsync();
        s_started = this;
    }

    public async Task DisposeAsync()
    {
        s_started = null;
        foreach (var process in _processes)
        {
            await RedisServer.StopProcessAsync(process);
        }

        Directory.Delete(_directory, recursive: true);
    }

    public async Task FlushAsync()
    {
        await using var connection = await ConnectAsync(",allowAdmin=true");
        await Task.WhenAll(connection.GetServers().Where(s => !s.IsReplica).Select(s => s.FlushAllDatabasesAsync()));
    }

    public async Task<long> CountKeysAsync(string pattern)
    {
        await using var connection = await ConnectAsync();
        long count = 0;
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var _ in server.KeysAsync(pattern: pattern))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The port of the primary that holds <paramref name="key"/>'s slot.</summary>
    public async Task<int> PortOfAsync(RedisKey key)
    {
        await using var connection = await ConnectAsync();
        var node = connection.GetServers()[0].ClusterConfiguration?.GetBySlot(key)
            ?? throw new InvalidOperationException($"No node holds the slot of {key}.");
        return ((System.Net.IPEndPoint)node.EndPoint!).Port;
    }

    private Task<ConnectionMultiplexer> ConnectAsync(string options = "") => ConnectionMultiplexer.ConnectAsync(ConnectionString + options);

    /// <summary>Assigns the slots over the primaries and waits until every one of them reports the cluster ok.</summary>
    private async Task CreateAsync()
    {
        var create = new ProcessStartInfo("redis-cli", ["--cluster", "create", .. _ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process started;
        try
        {
            started = Process.Start(create) ?? throw new InvalidOperationException("redis-cli did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-cli is not installed: apt-get install redis-tools (.ci/run does it).", exception);
        }

        using (var cli = started)
        {
            var output = cli.StandardOutput.ReadToEndAsync();
            var error = cli.StandardError.ReadToEndAsync();
            await cli.WaitForExitAsync();
            if (cli.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({cli.ExitCode}): {await output}{await error}");
            }
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await AllReportOkAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("The Redis cluster did not reach cluster_state:ok.");
    }

    private async Task<bool> AllReportOkAsync()
    {
        foreach (var port in _ports)
        {
            await using var node = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500,allowAdmin=true");
            var info = (string?)await node.GetServers()[0].ExecuteAsync("CLUSTER", "INFO");
            if (info?.Contains("cluster_state:ok", StringComparison.Ordinal) != true)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The test classes that run on the one Redis cluster, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterGroup : ICollectionFixture<RedisCluster>
{
    public const string Name = "Redis cluster";
}
