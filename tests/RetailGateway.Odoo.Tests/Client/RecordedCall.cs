using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RetailGateway.Odoo.Client;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Client;

/// <summary>
/// A recorded Odoo call restated as the client call that should produce it: model, method and the
/// named arguments (JSON-RPC's positional <c>args</c> are named the way JSON-2 names them).
/// </summary>
internal sealed record RecordedCall(string Model, string Method, JsonObject Named)
{
    public static RecordedCall From(Recording recording)
    {
        var body = recording.RequestBody!.AsObject();
        if (recording.RequestPath == "/jsonrpc")
        {
            var args = body["params"]!["args"]!.AsArray();
            var (model, method) = ((string)args[3]!, (string)args[4]!);
            var positional = args[5]!.AsArray();
            var named = args.Count > 6 ? args[6]!.DeepClone().AsObject() : [];
            switch (method)
            {
                case "search_read":
                    named["domain"] = positional[0]!.DeepClone();
                    break;
                case "create":
                    named["vals_list"] = new JsonArray(positional[0]!.DeepClone());
                    break;
                case "write":
                    named["ids"] = positional[0]!.DeepClone();
                    named["vals"] = positional[1]!.DeepClone();
                    break;
                case "fields_get":
                    named["allfields"] = positional[0]!.DeepClone();
                    break;
                default:
                    named["ids"] = positional[0]!.DeepClone();
                    break;
            }

            return new RecordedCall(model, method, named);
        }

        var segments = recording.RequestPath.Split('/');
        return new RecordedCall(segments[3], segments[4], body.DeepClone().AsObject());
    }

    /// <summary>Makes the call through the public client and returns the result as JSON.</summary>
    public async Task<JsonNode?> InvokeAsync(IOdooClient client, CancellationToken cancellationToken = default)
    {
        var context = Named["context"]?.AsObject();
        switch (Method)
        {
            case "search_read":
                var query = new OdooQuery(Model, Named["domain"]!.AsArray(), Strings("fields"), (int)Named["limit"]!)
                {
                    Order = (string?)Named["order"],
                    Context = context,
                };
                return Array(await client.SearchReadAsync(query, RawJsonContext.Default.JsonElement, cancellationToken));
            case "read":
                return Array(await client.ReadAsync(Model, Ids(), Strings("fields"), RawJsonContext.Default.JsonElement, cancellationToken));
            case "create":
                return await client.CreateAsync(Model, Named["vals_list"]![0]!.AsObject(), context, cancellationToken);
            case "write":
                await client.WriteAsync(Model, Ids(), Named["vals"]!.AsObject(), cancellationToken);
                return true;
            case "fields_get":
                return new JsonArray([.. (await client.GetExistingFieldsAsync(Model, Strings("allfields"), cancellationToken)).Order(StringComparer.Ordinal).Select(name => (JsonNode?)name)]);
            default:
                var result = await client.CallMethodAsync(Model, Method, Ids(), context, cancellationToken);
                return JsonNode.Parse(result.GetRawText());
        }
    }

    private string[] Strings(string name) => [.. Named[name]!.AsArray().Select(node => (string)node!)];

    private long[] Ids() => [.. Named["ids"]!.AsArray().Select(node => (long)node!)];

    private static JsonArray Array(IReadOnlyList<JsonElement> records) => [.. records.Select(record => JsonNode.Parse(record.GetRawText()))];
}

/// <summary>Records as Odoo sent them, so a replay can compare them with the recording field by field.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RawJsonContext : JsonSerializerContext;
