using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using RetailGateway.Odoo.Transports;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

/// <summary>The records Odoo answered in a recorded exchange, read the way the gateway reads them.</summary>
internal static class RecordedRecords
{
    /// <summary>Copies of the recorded records: JSON-RPC wraps them in <c>result</c>, JSON-2 answers them bare.</summary>
    public static List<JsonObject> Json(string file, string name)
    {
        var response = Recording.Get(file, name).Response!;
        var result = file == Recording.Odoo17JsonRpc ? response["result"]! : response;
        return [.. result.AsArray().Select(record => record!.DeepClone().AsObject())];
    }

    /// <summary>The recorded records as wire records, after <paramref name="edit"/> (if any) has changed each one.</summary>
    public static IReadOnlyList<T> Read<T>(string file, string name, Action<JsonObject>? edit = null)
    {
        var records = Json(file, name);
        if (edit is not null)
        {
            records.ForEach(edit);
        }

        return Parse<T>(records);
    }

    /// <summary>The recorded record with id <paramref name="id"/>, after <paramref name="edit"/> (if any) has changed it.</summary>
    public static T ReadOne<T>(string file, string name, long id, Action<JsonObject>? edit = null)
    {
        var record = Json(file, name).Single(r => (long)r["id"]! == id);
        edit?.Invoke(record);
        return Parse<T>([record])[0];
    }

    /// <summary><paramref name="records"/> as Odoo would answer them, read the way the client reads an answer.</summary>
    public static IReadOnlyList<T> Parse<T>(IEnumerable<JsonNode?> records)
    {
        var answer = Encoding.UTF8.GetBytes(new JsonArray([.. records.Select(record => record?.DeepClone())]).ToJsonString());
        return OdooResults.Read(answer, OdooResults.Records(Record<T>()), "recorded", "read");
    }

    /// <summary>The generated metadata the aggregates read <typeparamref name="T"/> with.</summary>
    public static JsonTypeInfo<T> Record<T>() => (JsonTypeInfo<T>)OdooWireContext.Default.GetTypeInfo(typeof(T))!;

    /// <summary>
    /// The named arguments of a recorded request: JSON-RPC passes the call's keyword arguments last in
    /// <c>args</c>, JSON-2 sends them as the body.
    /// </summary>
    public static JsonObject Keywords(string file, string name)
    {
        var body = Recording.Get(file, name).RequestBody!.AsObject();
        return file == Recording.Odoo17JsonRpc ? body["params"]!["args"]![6]!.AsObject() : body;
    }

    /// <summary>A positional argument of a recorded JSON-RPC <c>execute_kw</c> (domain, ids or values).</summary>
    public static JsonNode JsonRpcPositional(string name, int index) =>
        Recording.Get(Recording.Odoo17JsonRpc, name).RequestBody!["params"]!["args"]![5]![index]!;
}
