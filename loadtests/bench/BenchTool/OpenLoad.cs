using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace RetailGateway.Bench;

/// <summary>
/// Requests leave at a fixed rate whether or not earlier ones have been answered (an open model,
/// as Salesforce traffic arrives), which closed-loop tools such as wrk cannot do: under overload
/// they slow down with the server and never show queueing or timeouts.
/// </summary>
internal static class OpenLoad
{
    /// <summary>Apex's default callout timeout: a later answer is a timeout to Salesforce.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connections the client may hold open. A connection per outstanding request (no limit) made the client, not
    /// the server, the bottleneck beyond about 4,000 requests/s on 2 cores: thousands of sockets opened and
    /// closed. With a fixed pool a request that finds every connection busy waits in the client, and that wait
    /// is counted (latency runs from the request's scheduled time), so no queueing is hidden.
    /// </summary>
    private const int Connections = 256;

    /// <summary>Sent at the same rate before the measured window and not counted: the client's own JIT and connection set-up.</summary>
    private const int WarmupSeconds = 1;

    public static async Task<int> RunAsync(Uri url, string token, double rate, int seconds)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Connections,
            ConnectTimeout = Timeout,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var invoker = new HttpMessageInvoker(handler);
        var authorization = new AuthenticationHeaderValue("Bearer", token);
        var warmup = (int)(rate * WarmupSeconds);
        var total = warmup + (int)(rate * seconds);
        var results = new Result[total];
        var tasks = new Task[total];
        var start = Stopwatch.GetTimestamp();
        var next = 0;

        // Each tick sends every request whose time has come: a timer's 1 ms resolution bounds the bursts, not
        // the rate, which one-request-per-wait pacing capped.
        while (next < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; next < due; next++)
            {
                var scheduled = start + (long)(next / rate * Stopwatch.Frequency);
                tasks[next] = SendAsync(invoker, url, authorization, scheduled, results, next);
            }

            if (next < total)
            {
                await Task.Delay(1);
            }
        }

        var sent = Stopwatch.GetElapsedTime(start) - TimeSpan.FromSeconds(WarmupSeconds);
        await Task.WhenAll(tasks);
        Report(results[warmup..], rate, sent);
        return 0;
    }

    /// <summary>Sends one request and records its status and its latency from <paramref name="scheduled"/>.</summary>
    private static async Task SendAsync(HttpMessageInvoker invoker, Uri url, AuthenticationHeaderValue authorization, long scheduled, Result[] results, int index)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var response = await invoker.SendAsync(request, timeout.Token);
            await response.Content.CopyToAsync(Stream.Null, timeout.Token);
            results[index] = new Result((int)response.StatusCode, Elapsed(scheduled));
        }
        catch (OperationCanceledException)
        {
            results[index] = new Result(Result.TimedOut, Elapsed(scheduled));
        }
        catch (HttpRequestException)
        {
            results[index] = new Result(Result.Failed, Elapsed(scheduled));
        }
    }

    private static double Elapsed(long since) => Stopwatch.GetElapsedTime(since).TotalMilliseconds;

    /// <summary>One key=value line, read by run.sh.</summary>
    private static void Report(Result[] results, double rate, TimeSpan sent)
    {
        var admitted = results.Where(r => r.Status is >= 200 and < 300).Select(r => r.Milliseconds).ToArray();
        var rejected = results.Where(r => r.Status is 429 or 503).Select(r => r.Milliseconds).ToArray();
        var statuses = string.Join(",", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{Name(g.Key)}:{g.Count()}"));
        var fields = new Dictionary<string, string>
        {
            ["offered_rps"] = Format(rate),
            ["sent_rps"] = Format(results.Length / sent.TotalSeconds),
            ["requests"] = results.Length.ToString(CultureInfo.InvariantCulture),
            ["statuses"] = statuses,
            ["admitted_p50_ms"] = Format(Percentile(admitted, 0.50)),
            ["admitted_p99_ms"] = Format(Percentile(admitted, 0.99)),
            ["rejected"] = rejected.Length.ToString(CultureInfo.InvariantCulture),
            ["rejected_p50_ms"] = Format(Percentile(rejected, 0.50)),
            ["rejected_p99_ms"] = Format(Percentile(rejected, 0.99)),
            ["timeouts"] = results.Count(r => r.Status == Result.TimedOut).ToString(CultureInfo.InvariantCulture),
            ["failed"] = results.Count(r => r.Status == Result.Failed).ToString(CultureInfo.InvariantCulture),
        };
        Console.WriteLine(string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}")));
    }

    private static string Name(int status) => status switch
    {
        Result.TimedOut => "timeout",
        Result.Failed => "error",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    private static double Percentile(double[] values, double quantile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        return values[Math.Min(values.Length - 1, (int)Math.Ceiling(quantile * values.Length) - 1)];
    }

    private static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture);

    private readonly record struct Result(int Status, double Milliseconds)
    {
        public const int TimedOut = -1;
        public const int Failed = -2;
    }
}
