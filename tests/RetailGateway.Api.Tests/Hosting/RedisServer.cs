using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>A Redis the tests start on loopback, either one server or a cluster: what the suites run against.</summary>
public interface IRedisUnderTest
{
    /// <summary>For the gateway's <c>ConnectionStrings:Redis</c>.</summary>
    string ConnectionString { get; }

    /// <summary>Drops every key, as a Redis restart without persistence would.</summary>
    Task FlushAsync();

    Task<long> CountKeysAsync(string pattern);
}

/// <summary>A real <c>redis-server</c> (the Debian package) on a free loopback port, without persistence.</summary>
public sealed class RedisServer : IRedisUnderTest, IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port, empty.</summary>
    public async Task RestartAsync()
    {
        _process = await StartProcessAsync(Port);
    }

    /// <summary>
    /// A <c>redis-server</c> on <paramref name="port"/> without persistence, once it answers; <paramref name="options"/> are
    /// further command-line options.
    /// </summary>
    internal static async Task<Process> StartProcessAsync(int port, params string[] options)
    {
        var start = new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (.ci/run does it).", exception);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return process;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not answer on port {port}.");
    }

    /// <summary>Stops the server: every instance loses its shared state at once.</summary>
    public async Task StopAsync()
    {
        await StopProcessAsync(_process);
        _process = null;
    }

    internal static async Task StopProcessAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }

    public async Task FlushAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},allowAdmin=true");
        await connection.GetServers()[0].FlushAllDatabasesAsync();
    }

    public async Task<long> CountKeysAsync(string pattern)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");
        long count = 0;
        await foreach (var _ in connection.GetServers()[0].KeysAsync(pattern: pattern))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
