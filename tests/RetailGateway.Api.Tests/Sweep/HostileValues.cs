using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RetailGateway.Api.Tests.Sweep;

/// <summary>A value a careless or hostile caller sends: its name (for the report) and its JSON text.</summary>
internal sealed record Hostile(string Name, string Json);

/// <summary>
/// What the sweep sends in place of one valid value: wrong types, null, empty and blank text, very long text,
/// numbers out of every range, broken dates, control characters and escape sequences, wildcards and
/// SQL- or Odoo-domain-like text, Unicode edge cases, and values at and just past each limit the schema states.
/// </summary>
internal static class HostileValues
{
    private static string Text(string value) => JsonSerializer.Serialize(value);

    /// <summary>Sent in place of every member and parameter, whatever its type.</summary>
    private static readonly Hostile[] Everywhere =
    [
        new("a string", Text("abc")),
        new("a number", "12"),
        new("a boolean", "true"),
        new("an object", """{"a":1}"""),
        new("an empty array", "[]"),
        new("an Odoo domain", """["id","!=",0]"""),
        new("null", "null"),
        new("empty", Text(string.Empty)),
        new("blank", Text("   ")),
        new("10k characters", Text(new string('x', 10_000))),
        new("a NUL", Text("a\0b")),
        new("CR LF", Text("a\r\nb")),
        new("an ANSI escape", Text("\u001b[31mred\u001b[0m")),
        new("a % wildcard", Text("%")),
        new("a _ wildcard", Text("_")),
        new("SQL", Text("' OR 1=1 --")),
        new("a lone surrogate", "\"\\ud800\""),
        new("an RTL override", Text("\u202Eevil")),
        new("an emoji", Text("\U0001F600")),
    ];

    private static readonly Hostile[] ForText =
    [
        new("wildcards", Text("%_@_%")),
        new("an Odoo domain as text", Text("""["id","!=",0]""")),
        new("tab and newline", Text("\t\n")),
        new("a zero-width space", Text("\u200B")),
        new("a byte-order mark", Text("\uFEFF")),
        new("a combining accent", Text("e\u0301")),
        new("a lone low surrogate", "\"x\\udfff\""),
        new("digits", Text("1")),
        new("a negative number as text", Text("-1")),
        new("a huge number as text", Text("1e309")),
        new("an email without domain", Text("a@")),
        new("an email without user", Text("@b.example")),
        new("two @", Text("a@b@c.example")),
        new("a date in another format", Text("27/11/2026")),
        new("the 30th of February", Text("2026-02-30")),
        new("a date-time without zone", Text("2026-11-27T10:00:00")),
        new("a date-time", Text("2026-11-27T10:00:00Z")),
        new("a date-time with a bad offset", Text("2026-11-27T10:00:00+25:00")),
        new("a month 13", Text("2026-13-01T00:00:00Z")),
        new("a date", Text("2026-11-27")),
        new("a word for a date", Text("yesterday")),
        new("year 0001", Text("0001-01-01T00:00:00Z")),
        new("year 9999", Text("9999-12-31T23:59:59Z")),
    ];

    private static readonly Hostile[] ForNumbers =
    [
        new("a number as text", Text("2")),
        new("minus one", "-1"),
        new("zero", "0"),
        new("minus zero", "-0"),
        new("1e309", "1e309"),
        new("-1e309", "-1e309"),
        new("2^63", "9223372036854775808"),
        new("-2^63-1", "-9223372036854775809"),
        new("a fraction", "1.5"),
        new("a tiny fraction", "0.0001"),
        new("1e-400", "1e-400"),
        new("a hex number", Text("0x10")),
    ];

    /// <summary>The values to send in place of a member or parameter with <paramref name="schema"/> whose valid value is <paramref name="valid"/>.</summary>
    public static IEnumerable<Hostile> For(IOpenApiSchema schema, JsonNode? valid)
    {
        var type = Effective(schema).Type ?? 0;
        var values = new List<Hostile>(Everywhere);
        if (type.HasFlag(JsonSchemaType.String) || type == 0)
        {
            values.AddRange(ForText);
        }

        if (type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer))
        {
            values.AddRange(ForNumbers);
        }

        values.AddRange(AtTheLimits(Effective(schema), valid));
        return values.DistinctBy(v => v.Json);
    }

    /// <summary>Values at each limit the schema states and just past it; and a valid value bent out of its pattern or enum.</summary>
    private static IEnumerable<Hostile> AtTheLimits(IOpenApiSchema schema, JsonNode? valid)
    {
        if (schema.MaxLength is { } max)
        {
            yield return new($"{max} characters", Text(new string('a', max)));
            yield return new($"{max + 1} characters", Text(new string('a', max + 1)));
        }

        if (schema.MinLength is > 0 and var min)
        {
            yield return new($"{min - 1} characters", Text(new string('a', min - 1)));
        }

        foreach (var (bound, step) in new[] { (schema.Maximum, 1), (schema.Minimum, -1) })
        {
            if (bound is not null && decimal.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
            {
                yield return new($"the bound {bound}", limit.ToString(CultureInfo.InvariantCulture));
                yield return new($"just past {bound}", (limit + (step * 0.001m)).ToString(CultureInfo.InvariantCulture));
                yield return new($"1 past {bound}", (limit + step).ToString(CultureInfo.InvariantCulture));
            }
        }

        if (schema.MaxItems is { } maxItems && valid is JsonArray { Count: > 0 } array)
        {
            var tooMany = new JsonArray(Enumerable.Range(0, maxItems + 1).Select(_ => array[0]!.DeepClone()).ToArray());
            yield return new($"{maxItems + 1} items", tooMany.ToJsonString());
        }

        if (valid is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            var value = text.GetValue<string>();
            yield return new("the valid value and a newline", Text(value + "\n"));
            yield return new("the valid value after a space", Text(" " + value));
            yield return new("the valid value in upper case", Text(value.ToUpperInvariant()));
            yield return new("the valid value and a NUL", Text(value + "\0"));
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                yield return new("the valid value as a JSON number", number.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The schema that says what a member is: a nullable <c>allOf</c> around a <c>$ref</c> says it through the reference.</summary>
    public static IOpenApiSchema Effective(IOpenApiSchema schema) =>
        ((schema.Type ?? 0) & ~JsonSchemaType.Null) == 0 && schema.AllOf is { Count: 1 } allOf ? allOf[0] : schema;
}
