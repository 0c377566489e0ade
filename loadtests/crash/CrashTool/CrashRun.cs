using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace RetailGateway.Crash;

/// <summary>
/// Two gateway processes, one redis-server (AOF, fsync every second) and the sandbox as its own process (its data kept in a
/// file, as Odoo keeps Postgres), all on loopback. Orders flow through both gateways, each posted several times with
/// one Idempotency-Key, half of them queued (202); meanwhile one gateway and then the other is killed with SIGKILL and
/// started again, Redis is killed and restarted from its AOF, Odoo is stopped and started, and finally Redis is killed
/// and restarted empty, without persistence. Afterwards every Salesforce order is counted in Odoo.
/// </summary>
public static class CrashRun
{
    public static async Task<CrashReport> RunAsync(CrashOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var run = new Run(options, output);
        return await run.ExecuteAsync();
    }
}

/// <summary>What the run measured; <see cref="Passed"/> when nothing was lost, doubled, slower than the budget or a 500.</summary>
public sealed record CrashReport
{
    public required int Orders { get; init; }

    public required int Posts { get; init; }

    /// <summary>Answers by HTTP status; 0 counts the posts that got no answer (connection refused or cut, timeout).</summary>
    public required IReadOnlyDictionary<int, int> Answers { get; init; }

    /// <summary>Salesforce orders that exist more than once in Odoo.</summary>
    public required int Duplicates { get; init; }

    /// <summary>Orders a post answered 2xx (or whose queued submission ended submitted) that are not in Odoo.</summary>
    public required int LostAccepted { get; init; }

    /// <summary>Queued submissions (202) that ended neither submitted nor rejected, nor were lost with Redis's data.</summary>
    public required int Unfinished { get; init; }

    public required int ServerErrors { get; init; }

    /// <summary>Requests slower than the Apex budget, or cut by it.</summary>
    public required int OverBudget { get; init; }

    public required int Queued { get; init; }

    public required int QueuedSubmitted { get; init; }

    public required int QueuedRejected { get; init; }

    /// <summary>Queued submissions gone with Redis's data (404 afterwards): Salesforce resubmits them.</summary>
    public required int LostWithVolatileRedis { get; init; }

    /// <summary>Of those, how many the resubmission found or created exactly once.</summary>
    public required int Resubmitted { get; init; }

    /// <summary>Queued orders claimed (or waiting to retry) by either gateway when gateway B was killed; B's are taken over after the lease.</summary>
    public required long ClaimedWhenKilled { get; init; }

    /// <summary>Answers while Odoo was down: 503 with Retry-After, and their slowest, in ms.</summary>
    public required int OdooDown503 { get; init; }

    public required double OdooDownSlowestMs { get; init; }

    /// <summary>From Odoo back up to the first order created through the gateway, in seconds (the circuit closed by itself).</summary>
    public required double RecoverySeconds { get; init; }

    public required double P99Ms { get; init; }

    public required double MaxMs { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public bool Passed => Duplicates == 0 && LostAccepted == 0 && Unfinished == 0 && ServerErrors == 0 && OverBudget == 0;
}

internal sealed class Run : IAsyncDisposable
{
    private const string Issuer = "https://login.crash.local/";
    private const string Audience = "api://retailgateway-crash";
    private static readonly string[] Skus = ["DESK0005", "DESK0006", "E-COM07", "E-COM08", "E-COM10", "E-COM11", "E-COM12", "E-COM13", "FURN_7777", "FURN_8888"];
    private static readonly string[] Customers = ["4", "5", "6", "7", "8", "9", "12", "13"];
    private static readonly string[] Roles = ["Orders.Read", "Orders.Write"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly CrashOptions _options;
    private readonly TextWriter _output;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private readonly byte[] _signingKey = RandomNumberGenerator();
    private readonly Service _redis;
    private readonly Service _sandbox;
    private readonly Service[] _gateways;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _eventLock = new();
    private Task _events = Task.CompletedTask;
    private Task _settled = Task.CompletedTask;
    private volatile string _phase = "steady";
    private int _nextEvent;
    private double _odooDownAt = double.NaN;
    private long _claimedAtKill;
    private double _odooUpAt = double.NaN;

    public Run(CrashOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
        Directory.CreateDirectory(options.WorkDirectory);
        _redis = new Service("redis", options.PortBase, options.WorkDirectory);
        _sandbox = new Service("odoo", options.PortBase + 1, options.WorkDirectory);
        _gateways = [new Service("gateway-a", options.PortBase + 2, options.WorkDirectory), new Service("gateway-b", options.PortBase + 3, options.WorkDirectory)];
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
        {
            Timeout = options.Budget,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
    }

    private string RedisDirectory => Path.Combine(_options.WorkDirectory, "redis");

    private string OdooDataFile => Path.Combine(_options.WorkDirectory, "odoo-data.json");

    /// <summary>The chaos, each at a share of the orders started; each waits for the one before.</summary>
    private (double At, string What, Func<Task> Act)[] Events =>
    [
        (0.10, "kill -9 gateway-a", () => _gateways[0].KillAsync()),
        (0.20, "start gateway-a", () => StartGatewayAsync(_gateways[0])),
        (0.30, "kill -9 gateway-b", async () =>
        {
            _claimedAtKill = await ClaimedAsync();
            await _gateways[1].KillAsync();
        }),
        (0.40, "start gateway-b", () => StartGatewayAsync(_gateways[1])),
        (0.50, "kill -9 redis, start it again from its AOF", async () =>
        {
            await _redis.KillAsync();
            await StartRedisAsync(persistent: true);
        }),
        (0.62, $"stop Odoo (SIGTERM), start it again after {_options.OdooDown.TotalSeconds:0.#} s", async () =>
        {
            await _sandbox.StopAsync();
            _odooDownAt = Now;
            await Task.Delay(_options.OdooDown);
            await StartSandboxAsync();
            _odooUpAt = Now;
        }),
        (0.80, "kill -9 redis, start it again empty, without persistence", async () =>
        {
            await _redis.KillAsync();
            Directory.Delete(RedisDirectory, recursive: true);
            await StartRedisAsync(persistent: false);
        }),
    ];

    private double Now => _clock.Elapsed.TotalSeconds;

    public async Task<CrashReport> ExecuteAsync()
    {
        Say($"work folder {_options.WorkDirectory}; run {_runId}: {_options.Orders} orders x {_options.Copies} posts, {_options.AsyncShare:P0} queued");
        await StartRedisAsync(persistent: true);
        await StartSandboxAsync();
        await Task.WhenAll(_gateways.Select(StartGatewayAsync));

        var orders = Enumerable.Range(0, _options.Orders).Select(NewOrder).ToArray();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency }, async (order, _) =>
        {
            await ReachedAsync(order.Index);
            await PostAsync(order);
        });
        Say("load done; waiting for the last restarts");
        await WaitEventsAsync();

        Say("draining queued orders");
        await DrainAsync(orders);
        // A status gone with Redis's data says nothing by itself: the order may have reached Odoo before. Odoo tells.
        var counts = await CountInOdooAsync();
        foreach (var order in orders.Where(o => o.StatusGone))
        {
            order.Accepted = counts.ContainsKey(order.SalesforceId);
            order.LostWithRedis = !order.Accepted;
        }

        var lost = orders.Where(o => o.LostWithRedis).ToList();
        foreach (var order in lost)
        {
            // What Salesforce does when its queued order's status is gone: submit it again, with a new key.
            order.Key = Guid.NewGuid().ToString();
            await PostOnceAsync(order, order.Index % 2, queue: false);
        }

        return Report(orders, lost.Count > 0 ? await CountInOdooAsync() : counts, lost.Count(o => o.Accepted));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _sandbox.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Order NewOrder(int index) => new()
    {
        Index = index,
        SalesforceId = $"801CR{_runId}{index:D5}",
        // Spread evenly: the share's running count steps up at this order.
        IsAsync = Math.Floor((index + 1) * _options.AsyncShare) > Math.Floor(index * _options.AsyncShare),
        Key = Guid.NewGuid().ToString(),
        Body = JsonSerializer.Serialize(new
        {
            salesforceId = $"801CR{_runId}{index:D5}",
            customerId = Customers[index % Customers.Length],
            lines = Enumerable.Range(0, 1 + (index % 2)).Select(line => new { sku = Skus[(index + (line * 3)) % Skus.Length], quantity = 1 + (index % 3) }).ToArray(),
        }),
    };

    /// <summary>
    /// Starts the events whose share of orders <paramref name="index"/> reached, then waits until every event before
    /// them is done: the load goes on while an event happens, but does not run ahead of the run's story.
    /// </summary>
    private Task ReachedAsync(int index)
    {
        lock (_eventLock)
        {
            var events = Events;
            while (_nextEvent < events.Length && index >= events[_nextEvent].At * _options.Orders)
            {
                var (_, what, act) = events[_nextEvent++];
                _settled = _events;
                _events = _events.ContinueWith(
                    async _ =>
                    {
                        Say($"at order {index}: {what}");
                        _phase = what;
                        await act();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default).Unwrap();
            }

            return _settled;
        }
    }

    private async Task WaitEventsAsync()
    {
        await ReachedAsync(_options.Orders);
        Task events;
        lock (_eventLock)
        {
            events = _events;
        }

        await events;
    }

    /// <summary>Salesforce-style: the same order and key, to one instance and then the other; more tries until one is answered.</summary>
    private async Task PostAsync(Order order)
    {
        for (var attempt = 0; attempt < _options.Copies + 10; attempt++)
        {
            if (attempt >= _options.Copies && (order.Accepted || order.Queued || order.Refused))
            {
                return;
            }

            var answer = await PostOnceAsync(order, (order.Index + attempt) % 2, order.IsAsync);
            if (order.Refused)
            {
                return;
            }

            if (attempt + 1 >= _options.Copies && answer.Status is 0 or 409 or >= 500)
            {
                await Task.Delay(answer.RetryAfter is { } wait && wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private async Task<Answer> PostOnceAsync(Order order, int instance, bool queue)
    {
        var gateway = _gateways[instance];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.BaseAddress, queue ? "api/v2/order-submissions" : "api/v2/orders"))
        {
            Content = new StringContent(order.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", order.Key);
        var started = Now;
        var phase = _phase;
        Answer answer;
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            answer = new Answer(started, Now - started, (int)response.StatusCode, response.Headers.RetryAfter?.Delta, false)
            {
                Phase = phase,
                Code = response.IsSuccessStatusCode ? null : ErrorCode(body),
            };
            if (response.StatusCode == HttpStatusCode.Accepted && JsonNode.Parse(body)?["submissionId"]?.GetValue<string>() is { } submissionId)
            {
                order.Queued = true;
                lock (order.SubmissionIds)
                {
                    order.SubmissionIds.Add(submissionId);
                }
            }
            else if (response.IsSuccessStatusCode)
            {
                order.Accepted = true;
            }
            else if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 409 and not 429)
            {
                order.Refused = true;
                Say($"{order.SalesforceId} refused {(int)response.StatusCode}: {body}");
            }
        }
        catch (Exception failure) when (IsNoAnswer(failure))
        {
            answer = new Answer(started, Now - started, 0, null, failure is TaskCanceledException) { Phase = phase };
        }

        _answers.Enqueue(answer);
        return answer;
    }

    private static string? ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["errorCode"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task DrainAsync(Order[] orders)
    {
        var deadline = Now + _options.Drain.TotalSeconds;
        var pending = orders.Where(o => o.IsAsync && o.SubmissionIds.Count > 0 && !o.Accepted).ToList();
        while (pending.Count > 0 && Now < deadline)
        {
            foreach (var order in pending)
            {
                var states = new List<string>();
                foreach (var submissionId in order.SubmissionIds)
                {
                    states.Add(await SubmissionStateAsync(submissionId));
                }

                if (states.Contains("submitted"))
                {
                    order.Accepted = true;
                }
                else if (states.Contains("rejected"))
                {
                    order.Rejected = true;
                }
                else if (states.All(s => s == "gone"))
                {
                    order.StatusGone = true;
                }

                order.LastStates = string.Join(", ", order.SubmissionIds.Zip(states, (id, state) => $"{id} {state}"));
            }

            pending = pending.Where(o => !o.Accepted && !o.Rejected && !o.StatusGone).ToList();
            if (pending.Count > 0)
            {
                await Task.Delay(500);
            }
        }
    }

    private async Task<string> SubmissionStateAsync(string submissionId)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(_gateways[0].BaseAddress, $"api/v2/order-submissions/{submissionId}"));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return "gone";
            }

            return response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonObject>())?["status"]?.GetValue<string>() ?? "unknown"
                : "unknown";
        }
        catch (Exception failure) when (IsNoAnswer(failure))
        {
            return "unknown";
        }
    }

    /// <summary>
    /// A request a killed or stopped gateway left without an answer. A connection cut while it is being made can surface
    /// as the bare <see cref="System.Net.Sockets.SocketException"/> of reading its remote end point, not wrapped in an
    /// <see cref="HttpRequestException"/>.
    /// </summary>
    private static bool IsNoAnswer(Exception failure) =>
        failure is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException or IOException;

    /// <summary>
    /// Queued orders under a worker's lease (or waiting out a retry) right now, by either instance: in the intake's
    /// pending sets, an entry scored after now is claimed or retrying, one scored before is waiting for a worker.
    /// </summary>
    private async Task<long> ClaimedAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port},connectTimeout=1000");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long claimed = 0;
        foreach (var priority in new[] { "high", "normal", "low" })
        {
            claimed += await redis.GetDatabase().SortedSetLengthAsync($"rg:{{intake}}:pending:{priority}", now, double.PositiveInfinity, Exclude.Start);
        }

        return claimed;
    }

    /// <summary>Every sale order of this run in Odoo, counted by its Salesforce id (the customer reference).</summary>
    private async Task<Dictionary<string, int>> CountInOdooAsync()
    {
        var call = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "call",
            ["id"] = 1,
            ["params"] = new JsonObject
            {
                ["service"] = "object",
                ["method"] = "execute_kw",
                ["args"] = new JsonArray("retail", 2, "sandbox-api-key", "sale.order", "search_read",
                    new JsonArray(new JsonArray(new JsonArray("client_order_ref", "ilike", $"801CR{_runId}"))),
                    new JsonObject { ["fields"] = new JsonArray("client_order_ref") }),
            },
        };
        using var response = await _http.PostAsync(new Uri(_sandbox.BaseAddress, "jsonrpc"), new StringContent(call.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var records = answer["result"]?.AsArray() ?? throw new InvalidOperationException($"Odoo did not list the orders: {answer.ToJsonString()}");
        return records.GroupBy(r => r!["client_order_ref"]!.GetValue<string>(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private CrashReport Report(Order[] orders, Dictionary<string, int> counts, int resubmitted)
    {
        var answers = _answers.ToArray();
        var latencies = answers.Select(a => a.Seconds * 1000).Order().ToArray();
        var down = answers.Where(a => a.At >= _odooDownAt && a.At < _odooUpAt).ToArray();
        var firstCreated = answers.Where(a => a.At >= _odooUpAt && a.Status is 200 or 201).Select(a => a.At + a.Seconds).DefaultIfEmpty(double.NaN).Min();
        var report = new CrashReport
        {
            Orders = orders.Length,
            Posts = answers.Length,
            Answers = answers.GroupBy(a => a.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            Duplicates = orders.Count(o => counts.GetValueOrDefault(o.SalesforceId) > 1),
            LostAccepted = orders.Count(o => o.Accepted && counts.GetValueOrDefault(o.SalesforceId) == 0),
            Unfinished = orders.Count(o => o.IsAsync && o.Queued && !o.Accepted && !o.Rejected && !o.StatusGone),
            ServerErrors = answers.Count(a => a.Status == 500),
            OverBudget = answers.Count(a => a.TimedOut || a.Seconds > _options.Budget.TotalSeconds),
            Queued = orders.Count(o => o.Queued),
            QueuedSubmitted = orders.Count(o => o.Queued && o.Accepted && !o.LostWithRedis),
            QueuedRejected = orders.Count(o => o.Rejected),
            LostWithVolatileRedis = orders.Count(o => o.LostWithRedis),
            Resubmitted = resubmitted,
            ClaimedWhenKilled = _claimedAtKill,
            OdooDown503 = down.Count(a => a.Status == 503 && a.RetryAfter is not null),
            OdooDownSlowestMs = down.Select(a => a.Seconds * 1000).DefaultIfEmpty(0).Max(),
            RecoverySeconds = firstCreated - _odooUpAt,
            P99Ms = latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(latencies.Length * 0.99) - 1)],
            MaxMs = latencies.DefaultIfEmpty(0).Max(),
            Elapsed = _clock.Elapsed,
        };
        foreach (var order in orders.Where(o => o.IsAsync && o.Queued && !o.Accepted && !o.Rejected && !o.StatusGone))
        {
            Say($"  unfinished: {order.SalesforceId}: {order.LastStates}");
        }

        foreach (var phase in answers.GroupBy(a => a.Phase, StringComparer.Ordinal).OrderBy(g => g.Min(a => a.At)))
        {
            var statuses = string.Join(", ", phase.GroupBy(a => (a.Status, a.Code)).OrderBy(g => g.Key.Status)
                .Select(g => $"{(g.Key.Status == 0 ? "none" : g.Key.Status)}{(g.Key.Code is null ? "" : $" {g.Key.Code}")}: {g.Count()}"));
            Say($"  after '{phase.Key}': {statuses}; slowest {phase.Max(a => a.Seconds) * 1000:0} ms");
        }

        Print(report);
        return report;
    }

    private void Print(CrashReport r)
    {
        var answers = string.Join(", ", r.Answers.Select(a => a.Key == 0 ? $"no answer {a.Value}" : $"{a.Key} {a.Value}"));
        Say($"orders {r.Orders}, posts {r.Posts}: {answers}");
        Say($"queued (202) {r.Queued}: submitted {r.QueuedSubmitted}, rejected {r.QueuedRejected}, gone with the empty Redis {r.LostWithVolatileRedis} " +
            $"(resubmitted by Salesforce and in Odoo once: {r.Resubmitted}), unfinished {r.Unfinished}; claimed by a worker when gateway-b was killed {r.ClaimedWhenKilled}");
        Say($"Odoo down: {r.OdooDown503} answers 503 with Retry-After, slowest {r.OdooDownSlowestMs:0} ms; first order created {r.RecoverySeconds:0.0} s after Odoo was back");
        Say($"latency p99 {r.P99Ms:0} ms, max {r.MaxMs:0} ms; over the {_options.Budget.TotalSeconds:0} s budget {r.OverBudget}; 500s {r.ServerErrors}");
        Say($"duplicates in Odoo {r.Duplicates}, accepted orders missing from Odoo {r.LostAccepted}  =>  {(r.Passed ? "PASS" : "FAIL")} in {r.Elapsed.TotalSeconds:0} s");
        File.WriteAllText(Path.Combine(_options.WorkDirectory, "crash-summary.json"), JsonSerializer.Serialize(r, Indented));
    }

    private void Say(string line)
    {
        lock (_output)
        {
            _output.WriteLine($"[{Now,6:0.0}s] {line}");
        }
    }

    private Task StartRedisAsync(bool persistent)
    {
        Directory.CreateDirectory(RedisDirectory);
        string[] persistence = persistent ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"];
        return _redis.StartAsync(
            "redis-server",
            ["--port", _redis.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", RedisDirectory, "--save", "", .. persistence],
            new Dictionary<string, string>());
    }

    private Task StartSandboxAsync() => _sandbox.StartAsync(
        "dotnet",
        [Path.Combine(_options.SandboxDirectory, "RetailGateway.OdooSandbox.dll"), "--urls", _sandbox.BaseAddress.ToString().TrimEnd('/')],
        new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Sandbox__Version"] = "17",
            ["Sandbox__Latency"] = _options.SandboxLatency.ToString("c", CultureInfo.InvariantCulture),
            ["Sandbox__DataFile"] = OdooDataFile,
            ["Logging__LogLevel__Default"] = "Warning",
        },
        _options.SandboxDirectory);

    // Development authentication (locally signed HS256 tokens): outside Development the gateway takes only Entra ID tokens.
    private Task StartGatewayAsync(Service gateway) => gateway.StartAsync(
        "dotnet",
        [Path.Combine(_options.ApiDirectory, "RetailGateway.Api.dll")],
        new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = gateway.BaseAddress.ToString().TrimEnd('/'),
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{_redis.Port},abortConnect=false,connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000",
            ["Odoo__Url"] = _sandbox.BaseAddress.ToString(),
            ["Odoo__Database"] = "retail",
            ["Odoo__Username"] = "admin",
            ["Odoo__ApiKey"] = "sandbox-api-key",
            ["Odoo__Protocol"] = "JsonRpc",
            ["Authentication__Schemes__Bearer__ValidIssuer"] = Issuer,
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = Audience,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Issuer,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(_signingKey),
            ["RateLimits__Read__TokenLimit"] = "1000000000",
            ["RateLimits__Read__TokensPerPeriod"] = "1000000000",
            ["RateLimits__Write__TokenLimit"] = "1000000000",
            ["RateLimits__Write__TokensPerPeriod"] = "1000000000",
            ["DataScopes__UnlistedClients"] = "All",
            // A killed instance's claims are taken over after the lease: short here, so that the run sees it happen.
            ["Intake__Lease"] = "00:00:05",
            ["Intake__PollInterval"] = "00:00:00.200",
            ["Intake__RetryDelay"] = "00:00:01",
            ["Intake__MaxRetryDelay"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Warning",
        },
        _options.ApiDirectory);

    private string Token() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Claims = new Dictionary<string, object> { ["azp"] = "crash-client", ["sub"] = "crash-client", ["roles"] = Roles },
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_signingKey), SecurityAlgorithms.HmacSha256),
    });

    private static byte[] RandomNumberGenerator() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>One post: when it left (s since start), how long it took, its status (0: no answer).</summary>
    private sealed record Answer(double At, double Seconds, int Status, TimeSpan? RetryAfter, bool TimedOut)
    {
        /// <summary>The latest event started when the post left.</summary>
        public required string Phase { get; init; }

        /// <summary>A problem answer's <c>errorCode</c>.</summary>
        public string? Code { get; init; }
    }

    private sealed class Order
    {
        public required int Index { get; init; }

        public required string SalesforceId { get; init; }

        public required bool IsAsync { get; init; }

        public required string Key { get; set; }

        public required string Body { get; init; }

        public HashSet<string> SubmissionIds { get; } = new(StringComparer.Ordinal);

        public bool Accepted { get; set; }

        public bool Queued { get; set; }

        public bool Refused { get; set; }

        public bool Rejected { get; set; }

        /// <summary>Every submission status of the order answered 404: Redis lost them.</summary>
        public bool StatusGone { get; set; }

        public bool LostWithRedis { get; set; }

        /// <summary>Each submission id and the status it last answered, to name an order that never finished.</summary>
        public string LastStates { get; set; } = "";
    }
}
