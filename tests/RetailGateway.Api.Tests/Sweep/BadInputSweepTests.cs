using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using RetailGateway.Api.Security;
using RetailGateway.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace RetailGateway.Api.Tests.Sweep;

/// <summary>
/// Every operation of both OpenAPI documents × every parameter, body member (nested ones included) and the
/// body as a whole × a list of hostile values, sent to the real gateway by a client with every permission.
/// Every answer must be documented for the operation, no 5xx but shedding (503 with <c>Retry-After</c>),
/// every error a problem with every member the documents give it, and nothing the documents forbid accepted.
/// Each class has its own gateway and sandbox, so the writes that pass validation touch no other test's data.
/// </summary>
public abstract class BadInputSweep(GatewayFixture gateway, ITestOutputHelper output)
{
    private const int Parallelism = 8;

    /// <summary>
    /// Whether to send only what the documents allow (and what they do not address): input they forbid is refused
    /// before the gateway calls Odoo, the same whatever Odoo's version, so one version's sweep covers it.
    /// </summary>
    protected virtual bool OnlyInputThatReachesOdoo => false;

    [Fact]
    public async Task EveryOperation_RefusesBadInputWithDocumentedProblems_AndAcceptsNothingTheDocumentsForbid()
    {
        using var client = gateway.Client([.. Permissions.All]);
        client.Timeout = TimeSpan.FromSeconds(30);
        var known = await RealValuesAsync(client);
        var cases = OpenApiOperations.All.SelectMany(operation => SweepCases.For(operation, known))
            .Where(c => !OnlyInputThatReachesOdoo || c.Allowed != Allowed.No)
            .ToList();

        var outcomes = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentBag<Failure>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            cases.Select((c, i) => (Case: c, Index: i)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (item, cancellationToken) =>
            {
                var (outcome, broken) = await SendAsync(client, item.Case, item.Index % 3 == 0, cancellationToken);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                foreach (var rule in broken)
                {
                    failures.Add(new Failure(rule.Rule, item.Case, rule.Detail));
                }
            });

        output.WriteLine($"Sweep ({GetType().Name}): {cases.Count} requests over {OpenApiOperations.All.Count} operations in {clock.Elapsed.TotalSeconds:F1} s ({Parallelism} at a time).");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {count,6}  {outcome}");
        }

        var report = failures
            .GroupBy(f => (f.Rule, f.Case.Operation.Document, Operation: f.Case.Operation.OperationId, f.Case.Slot, f.Detail))
            .OrderBy(g => g.Key.Rule, StringComparer.Ordinal).ThenBy(g => g.Key.Document, StringComparer.Ordinal).ThenBy(g => g.Key.Operation, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Rule}: {g.Key.Document} {g.Key.Operation} {g.Key.Slot} [{string.Join(", ", g.Select(f => f.Case.Change).Distinct().Take(8))}]: {g.Key.Detail}")
            .ToList();
        output.WriteLine($"Failures: {failures.Count} requests, {report.Count} groups.");
        foreach (var rule in failures.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {rule.Count(),6}  {rule.Key}");
        }

        foreach (var line in report.Take(1000))
        {
            output.WriteLine(line);
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} requests broke a rule; the first: {string.Join(Environment.NewLine, report.Take(20))}");
    }

    /// <summary>Values of real records by member name (ids, SKUs, Salesforce ids), from the first page of every list operation.</summary>
    private static async Task<IReadOnlyDictionary<string, JsonNode>> RealValuesAsync(HttpClient client)
    {
        var known = new Dictionary<string, JsonNode>();
        var lists = OpenApiOperations.All.Where(o => o.Method == HttpMethod.Get && !o.Parameters.Any(p => p.Required));
        foreach (var list in lists)
        {
            var response = await client.GetAsync(list.Path(new Dictionary<string, string>()));
            if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(await response.Content.ReadAsStringAsync())?["items"] is not JsonArray items)
            {
                continue;
            }

            foreach (var (name, value) in items.OfType<JsonObject>().SelectMany(item => item))
            {
                if (value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
                {
                    known.TryAdd(name, scalar.DeepClone());
                }
            }
        }

        return known;
    }

    private static async Task<(string Outcome, IReadOnlyList<(string Rule, string Detail)> Broken)> SendAsync(
        HttpClient client, SweepCase sweepCase, bool acceptProblemJson, CancellationToken cancellationToken)
    {
        using var message = sweepCase.Request.ToMessage(sweepCase.Operation, acceptProblemJson);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException) when (sweepCase.Request.Headers.Any(h => h.Value.Any(c => c is < ' ' or > '~')))
        {
            // HttpClient refuses to send a header with control or non-ASCII characters; no caller of ours can send one either.
            return ("not sendable (header HttpClient refuses)", []);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            var broken = Judge(sweepCase, response, status, body, acceptProblemJson);
            var allowed = sweepCase.Allowed switch { Allowed.Yes => "allowed", Allowed.No => "forbidden", _ => "unsaid" };
            return ($"{status} to input the documents {allowed}", broken);
        }
    }

    /// <summary>The rules an answer must keep; each broken one with what was seen.</summary>
    private static List<(string Rule, string Detail)> Judge(SweepCase sweepCase, HttpResponseMessage response, int status, string body, bool acceptProblemJson)
    {
        var operation = sweepCase.Operation;
        var broken = new List<(string, string)>();
        var shedding = status == 503 && operation.Responses.ContainsKey(503) && response.Headers.RetryAfter is not null;
        if (status >= 500 && !shedding)
        {
            broken.Add(("a 5xx", $"{status}: {Shorten(body)}"));
        }

        if (!operation.Responses.ContainsKey(status))
        {
            broken.Add(("a status the operation does not document", $"{status}"));
        }

        if (status is >= 200 and < 300 && sweepCase.Allowed == Allowed.No)
        {
            broken.Add(("accepted what the documents forbid", $"{status} for {sweepCase.Why}"));
        }

        if (status is >= 200 and < 300 && operation.ResponseSchema(status) is { } documented && AnswerViolation(body, documented) is { } wrong)
        {
            // Partners generate clients from these schemas: whatever a hostile request made the gateway store, it must answer within them.
            broken.Add(("an answer the documented schema does not allow", $"{status}: {wrong}"));
        }

        if (status >= 400 && !RefusedAsMalformedHttp(sweepCase.Request, status, body))
        {
            broken.AddRange(ProblemRules(operation, response, status, body, acceptProblemJson));
        }

        return broken;
    }

    private static string? AnswerViolation(string body, IOpenApiSchema schema)
    {
        try
        {
            return SchemaCheck.Violation(JsonNode.Parse(body), schema, "answer");
        }
        catch (JsonException)
        {
            return $"not JSON: {Shorten(body)}";
        }
    }

    /// <summary>
    /// Kestrel refuses a request that is not valid HTTP (a control character in a header field, a path that decodes
    /// to NUL) with a bare 400 before any of the gateway's code runs, so no problem can be written for it.
    /// </summary>
    private static bool RefusedAsMalformedHttp(SweepRequest request, int status, string body) =>
        status == 400 && body.Length == 0
        && (request.Headers.Any(h => h.Value.Any(char.IsControl)) || request.PathValues.Values.Any(v => Uri.UnescapeDataString(v).Contains('\0', StringComparison.Ordinal)));

    /// <summary>
    /// An error is a problem (docs/api.md, "Errors"): served as <c>application/problem+json</c> to a caller that asks for it,
    /// else as <c>application/json</c>; a body the documented schema allows, with every member it declares
    /// (title, status, detail, instance, errorCode, errors, traceId), and the answer's own status.
    /// </summary>
    private static IEnumerable<(string Rule, string Detail)> ProblemRules(ApiOperation operation, HttpResponseMessage response, int status, string body, bool acceptProblemJson)
    {
        var expected = acceptProblemJson ? "application/problem+json" : "application/json";
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != expected)
        {
            yield return ("an error that is not a problem", $"{status} as {mediaType ?? "no content type"} (asked for {expected})");
            yield break;
        }

        JsonNode? problem;
        try
        {
            problem = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            problem = null;
        }

        if (problem is not JsonObject members)
        {
            yield return ("an error that is not a problem", $"{status} with the body {Shorten(body)}");
            yield break;
        }

        var schema = operation.ResponseSchema(status) ?? operation.ResponseSchema(400)!;
        var missing = (HostileValues.Effective(schema).Properties?.Keys ?? []).Where(name => !members.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            yield return ("a problem without a documented member", $"{status} {members["errorCode"]} lacks {string.Join(", ", missing)}");
        }

        if (SchemaCheck.Violation(members, schema, "problem") is { } violation)
        {
            yield return ("a problem the documented schema does not allow", $"{status}: {violation}");
        }

        if (members["status"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || value.GetValue<int>() != status)
        {
            yield return ("a problem whose status is not the answer's", $"{status} says {members["status"]?.ToJsonString()}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private sealed record Failure(string Rule, SweepCase Case, string Detail);
}

/// <summary>The sweep against the gateway in front of Odoo 17 (JSON-RPC).</summary>
public sealed class BadInputSweepOverJsonRpcTests(JsonRpcGateway gateway, ITestOutputHelper output)
    : BadInputSweep(gateway, output), IClassFixture<JsonRpcGateway>;

/// <summary>The sweep against the gateway in front of Odoo 19 (JSON-2): the input that gets as far as Odoo.</summary>
public sealed class BadInputSweepOverJson2Tests(Json2Gateway gateway, ITestOutputHelper output)
    : BadInputSweep(gateway, output), IClassFixture<Json2Gateway>
{
    protected override bool OnlyInputThatReachesOdoo => true;
}
