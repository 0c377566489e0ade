using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>Binds wire arguments to a method's Python signature and runs it in one transaction.</summary>
internal static class Dispatcher
{
    /// <summary>JSON-RPC <c>execute_kw</c>: positional args (record ids first for record methods) plus kwargs.</summary>
    public static JsonNode? CallPositional(Env env, ModelDef model, MethodDef method, JsonArray positional, JsonObject kwargs)
    {
        var rest = positional.ToList();
        IReadOnlyList<int> ids = [];
        if (method.OnRecords)
        {
            if (rest.Count == 0)
            {
                throw Mismatch($"{method.Name}() missing 1 required positional argument: 'self'");
            }

            ids = IdList(rest[0]);
            rest.RemoveAt(0);
        }

        if (rest.Count > method.Parameters.Count)
        {
            throw Mismatch($"{method.Name}() takes {method.Parameters.Count + 1} positional arguments but {rest.Count + 1} were given");
        }

        var bound = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < rest.Count; i++)
        {
            bound[method.Parameters[i]] = rest[i];
        }

        return Call(env, model, method, ids, bound, kwargs);
    }

    /// <summary>JSON-2: every argument is named; <c>ids</c> selects the records.</summary>
    public static JsonNode? CallNamed(Env env, ModelDef model, MethodDef method, JsonObject body)
    {
        var ids = body["ids"] is { } node ? IdList(node) : [];
        var named = new JsonObject();
        foreach (var (key, value) in body.Where(p => p.Key != "ids"))
        {
            named[key] = value?.DeepClone();
        }

        return Call(env, model, method, ids, new Dictionary<string, JsonNode?>(StringComparer.Ordinal), named);
    }

    private static JsonNode? Call(Env env, ModelDef model, MethodDef method, IReadOnlyList<int> ids, Dictionary<string, JsonNode?> bound, JsonObject kwargs)
    {
        foreach (var (key, value) in kwargs.Where(p => p.Key != "context"))
        {
            if (bound.ContainsKey(key))
            {
                throw Mismatch($"{method.Name}() got multiple values for argument '{key}'");
            }

            if (!method.Parameters.Contains(key) && !method.AcceptsAnyKeyword)
            {
                throw Mismatch($"{method.Name}() got an unexpected keyword argument '{key}'");
            }

            bound[key] = value;
        }

        // PostgreSQL cannot hold a NUL in text, and psycopg2 refuses the query before it is sent: whatever the
        // method, a NUL in any argument (a value to store, a domain literal) fails the call as in Odoo.
        if (bound.Values.Any(HasNul) || kwargs.Where(p => p.Key != "context").Any(p => HasNul(p.Value)))
        {
            throw OdooException.NulInText();
        }

        var call = new MethodCall(model, ids, bound);
        return env.Db.InTransaction(() => method.Invoke(env, call));
    }

    private static bool HasNul(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(p => p.Key.Contains('\0', StringComparison.Ordinal) || HasNul(p.Value)),
        JsonArray a => a.Any(HasNul),
        JsonValue v => v.TryGetValue<string>(out var text) && text.Contains('\0', StringComparison.Ordinal),
        _ => false,
    };

    private static List<int> IdList(JsonNode? node) => node switch
    {
        JsonArray array => array.Where(JsonNumbers.IsNumber).Select(n => JsonNumbers.Int(n!)).ToList(),
        _ when JsonNumbers.IsNumber(node) => [JsonNumbers.Int(node!)],
        _ => [],
    };

    private static OdooException Mismatch(string message) => new("builtins.TypeError", message, 500) { IsSignatureMismatch = true };
}
