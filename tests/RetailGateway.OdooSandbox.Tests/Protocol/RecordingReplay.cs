using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;
using RetailGateway.Tests.Shared;

namespace RetailGateway.OdooSandbox.Tests.Protocol;

/// <summary>
/// Replays a recording, in order, against a fresh sandbox. Requests are adapted: the API key, and
/// the ids of records the recording created or referenced (partners and orders created earlier in
/// the sequence, products by SKU), are swapped for the sandbox's own.
/// </summary>
/// <remarks>
/// Products are matched by SKU through <paramref name="catalog"/>'s <c>stock_list_all_storable</c> (the
/// same server's round-1 recording for a later round). A later round also reads records and then names
/// them by id (the order's delivery, its moves, a posted invoice and its journal, the wizard's lines):
/// those ids are paired from the recorded and the replayed answers, record by record.
/// </remarks>
public abstract class RecordingReplay(string file, SandboxOptions options, string? catalog = null) : IAsyncLifetime
{
    private static readonly HashSet<string> RecordMethods = ["read", "web_read", "write", "unlink", "button_validate", "create_returns", "reverse_moves"];

    /// <summary>Relational fields whose ids a later call of the recording reuses, by model: learnt from answers pairwise.</summary>
    private static readonly Dictionary<(string Model, string Field), string> LearntRelations = new()
    {
        [("sale.order", "picking_ids")] = "stock.picking",
        [("stock.picking", "move_ids")] = "stock.move",
        [("stock.picking", "return_id")] = "stock.picking",
        [("stock.return.picking", "product_return_moves")] = "stock.return.picking.line",
        [("account.move", "journal_id")] = "account.journal",
        [("account.move", "reversed_entry_id")] = "account.move",
    };

    /// <summary>Models whose records a round-2 recording reads and then names by id (pickings, moves, invoices, journals).</summary>
    private static readonly HashSet<string> LearntModels = ["stock.picking", "stock.move", "stock.return.picking.line", "account.move", "account.journal"];

    private readonly bool learnsReadIds = catalog is not null;
    private readonly Dictionary<string, Dictionary<int, int>> idMaps = new(StringComparer.Ordinal);

    internal Dictionary<string, ReplayedAnswer> Answers { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        await using var sandbox = await Sandbox.Start(options.Version, o => o.DeliveryModule = options.DeliveryModule);
        MapProducts(sandbox);
        foreach (var recording in Recording.All(file).Values)
        {
            var answer = await Send(sandbox, recording);
            Answers[recording.Name] = answer;
            LearnCreatedIds(recording, answer);
            if (learnsReadIds && recording.HttpStatus == 200)
            {
                var (model, _) = Target(recording);
                LearnReadIds(model, Result(recording.Response), Result(answer.Json));
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<ReplayedAnswer> Send(Sandbox sandbox, Recording recording)
    {
        using var request = new HttpRequestMessage(new HttpMethod(recording.Request["method"]!.GetValue<string>()), recording.RequestPath.TrimStart('/'));
        var body = recording.RequestBody?.DeepClone();
        if (body is JsonValue raw && raw.GetValueKind() == JsonValueKind.String)
        {
            request.Content = Sandbox.Json(raw.GetValue<string>());
        }
        else if (body is not null)
        {
            body = Adapt(body, sandbox.Key);
            AdaptIds(recording.RequestPath, body);
            request.Content = Sandbox.Json(body.ToJsonString());
        }

        if (recording.Request["headers"]?["Authorization"] is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization.GetValue<string>().Replace("<api key>", sandbox.Key, StringComparison.Ordinal));
        }

        using var response = await sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ReplayedAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), text, TryParse(text));
    }

    private void MapProducts(Sandbox sandbox)
    {
        var products = new Dictionary<int, int>();
        var storable = Recording.Get(catalog ?? file, "stock_list_all_storable").Response!;
        foreach (var product in Result(storable)!.AsArray())
        {
            if (product!["default_code"] is JsonValue code && code.GetValueKind() == JsonValueKind.String && sandbox.Server.Data.ProductId(code.GetValue<string>()) is { } id)
            {
                products[product["id"]!.GetValue<int>()] = id;
            }
        }

        idMaps["product.product"] = products;
    }

    private void LearnCreatedIds(Recording recording, ReplayedAnswer answer)
    {
        var (model, method) = Target(recording);
        var recorded = Result(recording.Response);
        var actual = Result(answer.Json);
        if (method != "create" || recording.HttpStatus != 200 || recorded is JsonObject || actual is null or JsonObject)
        {
            return;
        }

        var map = Map(model);
        var pairs = recorded is JsonArray list ? list.Zip(actual.AsArray()) : [(recorded, actual)];
        foreach (var (from, to) in pairs)
        {
            map[from!.GetValue<int>()] = to!.GetValue<int>();
        }
    }

    /// <summary>
    /// Pairs the ids of records the recording read (and of window actions' <c>res_id</c>) with the sandbox's, for the models a
    /// later call names by id; the first pairing of an id wins.
    /// </summary>
    private void LearnReadIds(string model, JsonNode? recorded, JsonNode? actual)
    {
        switch (recorded, actual)
        {
            case (JsonObject action, JsonObject played) when action["res_model"] is JsonValue resModel && action["res_id"] is JsonValue resId
                && resId.GetValueKind() == JsonValueKind.Number && played["res_id"] is JsonValue playedId && playedId.GetValueKind() == JsonValueKind.Number:
                Map(resModel.GetValue<string>()).TryAdd(resId.GetValue<int>(), playedId.GetValue<int>());
                break;
            case (JsonObject page, JsonObject playedPage) when page["records"] is JsonArray:
                LearnReadIds(model, page["records"], playedPage["records"]);
                break;
            case (JsonArray rows, JsonArray playedRows):
                foreach (var (row, playedRow) in rows.Zip(playedRows))
                {
                    if (row is JsonObject record && playedRow is JsonObject playedRecord)
                    {
                        LearnRecord(model, record, playedRecord);
                    }
                }

                break;
        }
    }

    private void LearnRecord(string model, JsonObject record, JsonObject played)
    {
        if (LearntModels.Contains(model) && record["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.Number && played["id"] is JsonValue playedId && playedId.GetValueKind() == JsonValueKind.Number)
        {
            Map(model).TryAdd(id.GetValue<int>(), playedId.GetValue<int>());
        }

        foreach (var (field, value) in record)
        {
            if (!LearntRelations.TryGetValue((model, field), out var relation) && !(model == "sale.order" && field == "order_line"))
            {
                continue;
            }

            relation ??= "sale.order.line";
            var other = played[field];
            if (value is JsonArray { Count: 2 } many2one && many2one[1]?.GetValueKind() == JsonValueKind.String && other is JsonArray { Count: 2 } playedMany2one)
            {
                Map(relation).TryAdd(many2one[0]!.GetValue<int>(), playedMany2one[0]!.GetValue<int>());
            }
            else if (value is JsonArray items && other is JsonArray playedItems)
            {
                foreach (var (item, playedItem) in items.Zip(playedItems))
                {
                    if (item is JsonObject nested && playedItem is JsonObject playedNested)
                    {
                        LearnRecord(relation, nested, playedNested);
                    }
                    else if (item is JsonValue itemId && itemId.GetValueKind() == JsonValueKind.Number && playedItem is JsonValue playedItemId && LearntModels.Contains(relation))
                    {
                        Map(relation).TryAdd(itemId.GetValue<int>(), playedItemId.GetValue<int>());
                    }
                }
            }
        }
    }

    private void AdaptIds(string path, JsonNode body)
    {
        if (path == "/jsonrpc")
        {
            var args = body["params"]!["args"]!.AsArray();
            if (body["params"]!["service"]!.GetValue<string>() == "object" && args.Count > 5)
            {
                var model = args[3]!.GetValue<string>();
                var method = args[4]!.GetValue<string>();
                if ((RecordMethods.Contains(method) || method.StartsWith("action_", StringComparison.Ordinal) || method.StartsWith('_')) && args[5] is JsonArray { Count: > 0 } positional)
                {
                    positional[0] = MapIds(model, positional[0]);
                }

                AdaptReferences(args[5], model);
                if (args.Count > 6)
                {
                    AdaptReferences(args[6], model);
                }
            }

            return;
        }

        var target = path.Split('/')[3];
        if (body["ids"] is { } ids)
        {
            body["ids"] = MapIds(target, ids);
        }

        AdaptReferences(body, target);
    }

    private void AdaptReferences(JsonNode? node, string target)
    {
        switch (node)
        {
            case JsonObject obj:
                var activeModel = obj["active_model"] is JsonValue active && active.GetValueKind() == JsonValueKind.String ? active.GetValue<string>() : null;
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var model = key is "active_id" or "active_ids" ? activeModel : Reference(key, target);
                    if (model is not null && obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
                    {
                        obj[key] = MapIds(model, value);
                    }
                    else if (model is not null && obj[key] is JsonArray list)
                    {
                        // A list of ids, or x2many commands whose ids are mapped ([6, 0, ids], [4, id]).
                        obj[key] = new JsonArray(list.Select(item => item is JsonArray { Count: 3 } set && set[0]?.GetValue<int>() == 6
                            ? new JsonArray(6, 0, MapIds(model, set[2]))
                            : item is JsonArray { Count: >= 2 } command && command[0]?.GetValue<int>() is 4
                                ? new JsonArray(4, MapIds(model, command[1]))
                                : MapIds(model, item)).ToArray());
                    }
                    else
                    {
                        AdaptReferences(obj[key], target);
                    }
                }

                break;
            case JsonArray { Count: 3 } leaf when leaf[0] is JsonValue field && field.GetValueKind() == JsonValueKind.String && Reference(field.GetValue<string>(), target) is { } model:
                leaf[2] = MapIds(model, leaf[2]);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AdaptReferences(item, target);
                }

                break;
        }
    }

    private static string? Reference(string field, string target) => field switch
    {
        "partner_id" or "parent_id" => "res.partner",
        "product_id" => "product.product",
        "sale_id" or "order_id" => "sale.order",
        "picking_id" => "stock.picking",
        "journal_id" => "account.journal",
        "reversed_entry_id" => "account.move",
        "move_ids" when target == "account.move.reversal" => "account.move",
        _ => null,
    };

    private JsonNode? MapIds(string model, JsonNode? node) => node switch
    {
        JsonArray list => new JsonArray(list.Select(item => MapIds(model, item)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && Map(model).TryGetValue(value.GetValue<int>(), out var id) => id,
        _ => node?.DeepClone(),
    };

    private Dictionary<int, int> Map(string model)
    {
        if (!idMaps.TryGetValue(model, out var map))
        {
            map = [];
            idMaps[model] = map;
        }

        return map;
    }

    /// <summary>Swaps the recording's key placeholder for the sandbox's key, in place.</summary>
    private static JsonNode Adapt(JsonNode body, string key)
    {
        static bool IsPlaceholder(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "<api key>";
        switch (body)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsPlaceholder(obj[name]))
                    {
                        obj[name] = key;
                    }
                    else if (obj[name] is { } child)
                    {
                        Adapt(child, key);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsPlaceholder(array[i]))
                    {
                        array[i] = key;
                    }
                    else if (array[i] is { } child)
                    {
                        Adapt(child, key);
                    }
                }

                break;
        }

        return body;
    }

    internal static (string Model, string Method) Target(Recording recording)
    {
        if (recording.RequestPath.StartsWith("/json/2/", StringComparison.Ordinal))
        {
            var parts = recording.RequestPath.Split('/');
            return (parts[3], parts[4]);
        }

        var args = recording.RequestBody?["params"]?["args"]?.AsArray();
        return args is { Count: > 4 } && args[3] is JsonValue model && model.GetValueKind() == JsonValueKind.String
            ? (model.GetValue<string>(), args[4]!.GetValue<string>())
            : (string.Empty, recording.RequestBody?["params"]?["method"]?.GetValue<string>() ?? string.Empty);
    }

    /// <summary>The result of a JSON-RPC envelope, or a JSON-2 body as it is.</summary>
    private static JsonNode? Result(JsonNode? body) => body is JsonObject envelope && envelope.ContainsKey("jsonrpc") ? envelope["result"] : body;

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record ReplayedAnswer(int Status, string? ContentType, string Text, JsonNode? Json);

public sealed class Odoo17Replay() : RecordingReplay(Recording.Odoo17JsonRpc, new SandboxOptions { Version = 17, DeliveryModule = false });

public sealed class Odoo19Replay() : RecordingReplay(Recording.Odoo19Json2, new SandboxOptions { Version = 19 });

public sealed class Odoo17Round2Replay() : RecordingReplay(Recording.Odoo17JsonRpcRound2, new SandboxOptions { Version = 17, DeliveryModule = false }, Recording.Odoo17JsonRpc);

public sealed class Odoo19Round2Replay() : RecordingReplay(Recording.Odoo19Json2Round2, new SandboxOptions { Version = 19 }, Recording.Odoo19Json2);
