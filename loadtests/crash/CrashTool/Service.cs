using System.Diagnostics;
using System.Net.Sockets;

namespace RetailGateway.Crash;

/// <summary>
/// One process of the run (a gateway, the sandbox, redis-server), started again on the same port after it died;
/// its output goes to a log file in the work folder.
/// </summary>
internal sealed class Service(string name, int port, string workDirectory) : IAsyncDisposable
{
    private Process? _process;
    private int _starts;

    public string Name { get; } = name;

    public int Port { get; } = port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts the process and waits until its port accepts connections.</summary>
    public async Task StartAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? directory = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory ?? workDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(workDirectory, $"{Name}-{++_starts}.log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => log.Dispose();
        _process = process;
        for (var waited = 0; waited < 600; waited++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} at start; see {workDirectory}/{Name}-{_starts}.log");
            }

            if (await AcceptsAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"{Name} did not listen on {Port} within 30 s.");
    }

    /// <summary><c>kill -9</c>: no shutdown, no flush, requests in flight cut.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary><c>kill -TERM</c>: the process shuts down as a service manager stops it.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process exited while its last lines were read.
            }
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
