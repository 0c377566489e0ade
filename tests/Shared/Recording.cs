using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Tests.Shared;

/// <summary>One exchange recorded from a real Odoo server (see tests/Recordings/README.md).</summary>
internal sealed record Recording(string Name, string Note, int HttpStatus, JsonObject Request, JsonNode? Response)
{
    public const string Odoo17JsonRpc = "odoo17-jsonrpc.jsonl";
    public const string Odoo19Json2 = "odoo19-json2.jsonl";

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
                recordings = File.ReadLines(path)
                    .Where(line => !string.IsNullOrWhiteSpace(line))
                    .Select(Parse)
                    .ToDictionary(r => r.Name);
                Cache[file] = recordings;
            }

            return recordings;
        }
    }

    private static Recording Parse(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        return new Recording(
            node["name"]!.GetValue<string>(),
            node["note"]?.GetValue<string>() ?? string.Empty,
            node["http_status"]!.GetValue<int>(),
            node["request"]!.AsObject(),
            node["response"]);
    }

    /// <summary>The request body (JSON-RPC envelope or JSON-2 named arguments).</summary>
    public JsonNode? RequestBody => Request["body"];

    public string RequestPath => Request["path"]!.GetValue<string>();

    public override string ToString() => Name;

    public static string Serialize(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
