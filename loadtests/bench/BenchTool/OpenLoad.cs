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

    public static async Task<int> RunAsync(Uri url, string token, double rate, int seconds)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, ConnectTimeout = Timeout };
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var total = (int)(rate * seconds);
        var results = new Result[total];
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks.Add(Task.Run(async () => results[index] = await SendAsync(client, url, token)));
        }

        var sent = clock.Elapsed;
        await Task.WhenAll(tasks);
        Report(results, rate, sent);
        return 0;
    }

    private static async Task<Result> SendAsync(HttpClient client, Uri url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = new CancellationTokenSource(Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return new Result((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            return new Result(Result.TimedOut, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return new Result(Result.Failed, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

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
