using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Pact.Tests.Engine;

/// <summary>
/// Pact matchers, written in the engine's JSON matcher format (<c>pact:matcher:type</c>) so that the
/// engine, not this code, does the matching. Names follow PactNet's <c>Match</c>.
/// </summary>
internal static class Match
{
    /// <summary>Any value of the same JSON type as <paramref name="example"/> (objects: recursively by type).</summary>
    public static JsonNode Type(object? example) => Matcher("type", example);

    /// <summary>An array with at least <paramref name="min"/> elements, each of the type of <paramref name="example"/>.</summary>
    public static JsonNode MinType(object? example, int min)
    {
        var matcher = Matcher("type", new[] { example });
        matcher["min"] = min;
        return matcher;
    }

    /// <summary>A string matching <paramref name="regex"/>.</summary>
    public static JsonNode Regex(string example, string regex)
    {
        var matcher = Matcher("regex", example);
        matcher["regex"] = regex;
        return matcher;
    }

    /// <summary>An object whose values each have the type of <paramref name="example"/>'s values, whatever its keys (none included).</summary>
    public static JsonNode Values(JsonObject example) => Matcher("values", example);

    public static JsonNode Integer(long example) => Matcher("integer", example);

    public static JsonNode Decimal(decimal example) => Matcher("decimal", example);

    /// <summary>Any JSON number, integer or not.</summary>
    public static JsonNode Number(decimal example) => Matcher("number", example);

    /// <summary>A string that contains <paramref name="text"/>.</summary>
    public static JsonNode Include(string text) => Matcher("include", text);

    /// <summary>Exactly <paramref name="value"/>, even inside a <see cref="Type"/> matcher.</summary>
    public static JsonNode Equality(object? value) => Matcher("equality", value);

    public static JsonNode Null() => Matcher("null", null);

    /// <summary>
    /// A value the provider fills in from its provider-state set-up (Pact's <c>ProviderState</c>
    /// generator): <paramref name="expression"/> names values such as <c>${customerId}</c> that the
    /// state-change endpoint returned; <paramref name="example"/> is what the consumer test uses, and
    /// <paramref name="regex"/> (if given) what the consumer accepts instead of any value of its type.
    /// </summary>
    public static JsonNode FromProviderState(string expression, object? example, string? regex = null)
    {
        var matcher = regex is null ? Matcher("type", example) : (JsonObject)Regex((string)example!, regex);
        matcher["pact:generator:type"] = "ProviderState";
        matcher["expression"] = expression;
        return matcher;
    }

    /// <summary>
    /// A request path holding provider-state values, e.g. <c>/api/v1/orders/${orderId}</c>: the
    /// consumer accepts the path with any segment in place of each value.
    /// </summary>
    public static JsonNode PathFromProviderState(string expression, string example)
    {
        var pattern = System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Escape(expression), @"\\\$\\\{[A-Za-z]+}", "[^/]+");
        return FromProviderState(expression, example, $"^{pattern}$");
    }

    private static JsonObject Matcher(string type, object? example) => new()
    {
        ["pact:matcher:type"] = type,
        ["value"] = example is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(example, PactJson.Options),
    };
}

/// <summary>JSON as the contract tests write bodies: camelCase, nulls kept (Apex serializes unset fields as null).</summary>
internal static class PactJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static string Serialize(object? value) => value is JsonNode node ? node.ToJsonString(Options) : JsonSerializer.Serialize(value, Options);
}
