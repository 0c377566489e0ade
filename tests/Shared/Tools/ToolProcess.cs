using System.Diagnostics;
using System.Text;

namespace RetailGateway.Tests.Shared;

/// <summary>
/// Runs the outside tools the tests drive (npm, node, dotnet tools) as their users run them: a command
/// that finishes with its exit code and output, or a server that runs until disposed.
/// </summary>
internal static class ToolProcess
{
    /// <summary>The checkout: the folder holding RetailGateway.sln above the test output.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Runs <paramref name="fileName"/> to its end; <paramref name="environment"/> sets variables (a null
    /// value removes one). A tool that outlives <paramref name="timeout"/> is killed and throws.
    /// </summary>
    public static ToolResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Start(fileName, arguments, workingDirectory, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// As <see cref="Run"/>, without holding a thread while it waits: when the server a tool loads (a k6
    /// run) lives in the test process, a blocked thread-pool thread would slow its answers, not the tool.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        using var process = Start(fileName, arguments, workingDirectory, null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// <c>npm ci</c> in <paramref name="directory"/> when its packages are missing or older than its lock
    /// file. A failed install throws with npm's output: the tests that need the packages must not skip.
    /// </summary>
    public static void EnsureNpmPackages(string directory)
    {
        var installed = Path.Combine(directory, "node_modules", ".package-lock.json");
        var locked = Path.Combine(directory, "package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(locked))
        {
            return;
        }

        var result = Run("npm", ["ci", "--no-audit", "--no-fund"], directory, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {directory} failed ({result.ExitCode}):\n{result.Output}");
        }
    }

    internal static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RetailGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RetailGateway.sln not found above the test output folder.");
    }
}

/// <summary>What a finished tool said.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// A tool that serves until disposed (e.g. a proxy): started, awaited until it prints
/// <c>readyWhen</c>, its output kept for assertions, killed with its children on dispose.
/// </summary>
internal sealed class ToolServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ToolServer(Process process, string readyWhen)
    {
        _process = process;
        void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line.Data);
            }

            if (line.Data.Contains(readyWhen, StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{process.StartInfo.FileName} exited before it was ready:\n{Output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the tool printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ToolServer> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, string readyWhen, TimeSpan timeout)
    {
        var server = new ToolServer(ToolProcess.Start(fileName, arguments, workingDirectory, null), readyWhen);
        try
        {
            await server._ready.Task.WaitAsync(timeout);
            return server;
        }
        catch (TimeoutException)
        {
            server.Dispose();
            throw new TimeoutException($"{fileName} did not print '{readyWhen}' within {timeout}:\n{server.Output}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
