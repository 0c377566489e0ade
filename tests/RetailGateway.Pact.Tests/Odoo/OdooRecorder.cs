using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RetailGateway.Odoo;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Odoo.OdooShapes;

namespace RetailGateway.Pact.Tests.Odoo;

/// <summary>
/// What Odoo answers one ORM call in a consumer test: the interaction's description and provider states, and
/// either the result (written with matchers, as the pact holds it) or the error Odoo refuses the call with.
/// </summary>
internal sealed record OdooAnswer(string Model, string Method, string Description, IReadOnlyList<State> States, JsonNode? Result, OdooError? Error = null);

/// <summary>
/// Plays Odoo for a dry run of the consumer: the real client sends its requests here first, and each ORM call is
/// recorded as the client wrote it and answered with the example values of its <see cref="OdooAnswer"/>. The pact's
/// expected requests are these recorded bodies (with matchers for the values that vary), so the pact says what the
/// gateway's classes send, not what a test restates.
/// </summary>
internal sealed partial class OdooRecorder(OdooProtocol protocol, IReadOnlyList<OdooAnswer> answers) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<(OdooAnswer Answer, OdooCall Call)> _calls = [];

    /// <summary>The recorded ORM calls with the answer each got, in the order of the answers (concurrent calls arrive in any order).</summary>
    public IReadOnlyList<(OdooAnswer Answer, OdooCall Call)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls.OrderBy(c => IndexOf(c.Answer))];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/web/version")
        {
            return Json(HttpStatusCode.OK, new JsonObject { ["version_info"] = new JsonArray(19, 0, 0, "final", 0, string.Empty), ["version"] = "19.0" });
        }

        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        if (protocol == OdooProtocol.JsonRpc)
        {
            var parameters = body["params"]!;
            var args = parameters["args"]!.AsArray();
            var answer = parameters["method"]!.GetValue<string>() switch
            {
                "version" => (JsonNode)new JsonObject { ["server_version"] = "17.0", ["server_version_info"] = new JsonArray(17, 0, 0, "final", 0, string.Empty) },
                "authenticate" => Uid,
                _ => null,
            };
            if (answer is not null)
            {
                return Json(HttpStatusCode.OK, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]!.DeepClone(), ["result"] = answer });
            }

            var call = new OdooCall(args[3]!.GetValue<string>(), args[4]!.GetValue<string>(), args[5]!.AsArray(), args[6]!.AsObject(), []);
            var played = Record(call);
            var reply = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]!.DeepClone() };
            if (played.Error is { } error)
            {
                reply["error"] = new JsonObject { ["code"] = 200, ["message"] = "Odoo Server Error", ["data"] = new JsonObject { ["name"] = error.Name, ["message"] = error.Message } };
            }
            else if (played.Result is not null)
            {
                reply["result"] = Example(played.Result);
            }

            return Json(HttpStatusCode.OK, reply);
        }

        var match = Json2Path().Match(path);
        var json2 = Record(new OdooCall(match.Groups["model"].Value, match.Groups["method"].Value, [], [], body.AsObject()));
        if (json2.Error is { } failure)
        {
            return Json(failure.Json2Status, new JsonObject { ["name"] = failure.Name, ["message"] = failure.Message });
        }

        var result = json2.Result is null ? null : Example(json2.Result);
        return Json(HttpStatusCode.OK, json2.Method == "create" ? new JsonArray(result) : result);
    }

    /// <summary>The example a matcher (or a body holding matchers) stands for: what the mock server answers.</summary>
    public static JsonNode? Example(JsonNode? node) => node switch
    {
        JsonObject matcher when matcher.ContainsKey("pact:matcher:type") => Example(matcher["value"]),
        JsonObject record => new JsonObject(record.Select(p => KeyValuePair.Create(p.Key, Example(p.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Example)]),
        _ => node?.DeepClone(),
    };

    private OdooAnswer Record(OdooCall call)
    {
        lock (_gate)
        {
            var answer = answers.FirstOrDefault(a => a.Model == call.Model && a.Method == call.Method && _calls.All(c => c.Answer != a))
                ?? throw new InvalidOperationException($"The consumer called {call.Model}.{call.Method}, which the test gives no answer for.");
            _calls.Add((answer, call));
            return answer;
        }
    }

    private int IndexOf(OdooAnswer answer)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i] == answer)
            {
                return i;
            }
        }

        return -1;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode? body) => new(status)
    {
        Content = new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json"),
    };

    [GeneratedRegex("^/json/2/(?<model>[^/]+)/(?<method>[^/]+)$")]
    private static partial Regex Json2Path();
}

/// <summary>
/// Turns a recorded request into the pact's expected one: values the provider-state set-up decides (ids, refs) become
/// provider-state values, Odoo datetimes a regex; everything else (models, methods, fields, domain operators) stays literal,
/// so a changed query is a changed pact.
/// </summary>
internal sealed class Varying
{
    private readonly Dictionary<long, JsonNode> _ids = [];
    private readonly Dictionary<string, JsonNode> _texts = new(StringComparer.Ordinal);

    public Varying Id(long example, string state)
    {
        _ids[example] = FromState(state, example);
        return this;
    }

    public Varying Text(string example, string state)
    {
        _texts[example] = FromState(state, example);
        return this;
    }

    public OdooCall Apply(OdooCall call) => call with
    {
        Args = (JsonArray)Apply(call.Args, null)!,
        Kwargs = (JsonObject)Apply(call.Kwargs, null)!,
        Named = (JsonObject)Apply(call.Named, null)!,
    };

    private JsonNode? Apply(JsonNode? node, string? key) => node switch
    {
        JsonObject record => new JsonObject(record.Select(p => KeyValuePair.Create(p.Key, Apply(p.Value, p.Key)))),
        JsonArray list => new JsonArray([.. list.Select(n => Apply(n, null))]),
        JsonValue value when key != "limit" && value.TryGetValue<long>(out var id) && _ids.TryGetValue(id, out var state) => state.DeepClone(),
        JsonValue value when value.TryGetValue<string>(out var text) && _texts.TryGetValue(text, out var state) => state.DeepClone(),
        JsonValue value when value.TryGetValue<string>(out var text) && Regex.IsMatch(text, DateTimePattern) => OdooShapes.DateTime(text),
        _ => node?.DeepClone(),
    };
}
