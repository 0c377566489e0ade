using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Tests.Shared;

/// <summary>One exchange recorded from a real Odoo server (see tests/Recordings/README.md).</summary>
internal sealed record Recording(string Name, string Note, int HttpStatus, JsonObject Request, JsonNode? Response)
{
    public const string Odoo17JsonRpc = "odoo17-jsonrpc.jsonl";
    public const string Odoo19Json2 = "odoo19-json2.jsonl";
    public const string Odoo17JsonRpcRound2 = "odoo17-jsonrpc-round2.jsonl";
    public const string Odoo19Json2Round2 = "odoo19-json2-round2.jsonl";

    private static readonly Dictionary<string, IReadOnlyDictionary<string, Recording>> Cache = [];

    /// <summary>The exchange called <paramref name="name"/> in <paramref name="file"/>.</summary>
    public static Recording Get(string file, string name) => All(file)[name];

    public static IReadOnlyDictionary<string, Recording> All(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var recordings))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Recordings", file);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                recordings = File.ReadLines(path)
                    .Where(line => !string.IsNullOrWhiteSpace(line))
                    .Select(Parse)
                    .Select(r => Numbered(r, seen))
                    .ToDictionary(r => r.Name);
                Cache[file] = recordings;
            }

            return recordings;
        }
    }

    /// <summary>A name seen before gets its occurrence number ("order ids #2"), so every exchange keeps its own key.</summary>
    private static Recording Numbered(Recording recording, Dictionary<string, int> seen)
    {
        var count = seen.GetValueOrDefault(recording.Name) + 1;
        seen[recording.Name] = count;
        return count == 1 ? recording : recording with { Name = $"{recording.Name} #{count}" };
    }

    private static Recording Parse(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        return new Recording(
            node["name"]!.GetValue<string>(),
            node["note"]?.GetValue<string>() ?? string.Empty,
            node["http_status"]!.GetValue<int>(),
            node["request"]!.AsObject(),
            node["response"])
        {
            ContentType = node["content_type"]?.GetValue<string>(),
        };
    }

    /// <summary>The request body (JSON-RPC envelope or JSON-2 named arguments).</summary>
    public JsonNode? RequestBody => Request["body"];

    public string RequestPath => Request["path"]!.GetValue<string>();

    /// <summary>The recorded content type (JSON-2 recordings carry one).</summary>
    public string? ContentType { get; init; }

    public override string ToString() => Name;

    public static string Serialize(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
