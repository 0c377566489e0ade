using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace RetailGateway.Api.Tests.Sweep;

/// <summary>
/// Whether a value is one an OpenAPI 3.0 schema allows: the keywords the gateway's documents use (type with
/// <c>nullable</c>, format, enum, pattern, lengths, bounds, items, required, properties, additionalProperties, allOf).
/// Written by hand (see docs/architecture.md): JSON Schema validators take JSON Schema, not OpenAPI 3.0's dialect
/// (<c>nullable</c>, formats such as <c>int32</c>), and the sweep needs only these keywords.
/// </summary>
internal static partial class SchemaCheck
{
    /// <summary>The first way <paramref name="value"/> breaks <paramref name="schema"/>, or null when it conforms.</summary>
    public static string? Violation(JsonNode? value, IOpenApiSchema schema, string path = "$")
    {
        var type = schema.Type ?? 0;
        if (value is null)
        {
            // OpenAPI 3.0: null only where nullable (read as the Null type); a schema with no type at all allows anything.
            // The documents make a $ref nullable as "allOf: [$ref], nullable: true" (a bare $ref where null is not allowed);
            // Microsoft.OpenApi drops that nullable, as it comes without a type, so such a wrapper is read as nullable here.
            return type.HasFlag(JsonSchemaType.Null) || type == 0 ? null : $"{path}: null is not allowed";
        }

        var kind = value.GetValueKind();
        if ((type & ~JsonSchemaType.Null) != 0 && !TypeAllows(type, value, kind))
        {
            return $"{path}: a {kind} is not a {type}";
        }

        foreach (var part in schema.AllOf ?? [])
        {
            if (Violation(value, part, path) is { } broken)
            {
                return broken;
            }
        }

        if (schema.Enum is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            return $"{path}: not one of the enum values";
        }

        return kind switch
        {
            JsonValueKind.String => TryGetString(value) is { } text ? StringViolation(text, schema, path) : $"{path}: not a Unicode string (lone surrogate)",
            JsonValueKind.Number => NumberViolation(value.ToJsonString(), schema, path),
            JsonValueKind.Array => ArrayViolation(value.AsArray(), schema, path),
            JsonValueKind.Object => ObjectViolation(value.AsObject(), schema, path),
            _ => null,
        };
    }

    /// <summary>Whether a query, path or header value (text on the wire) is one the parameter's schema allows.</summary>
    public static string? ParameterViolation(string text, IOpenApiSchema schema, string path)
    {
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            // A number parameter's text must be a JSON number (no spaces, no '+', no hex).
            return JsonNumber().IsMatch(text) ? Violation(JsonNode.Parse(text), schema, path) : $"{path}: '{text}' is not a number";
        }

        return type.HasFlag(JsonSchemaType.Boolean)
            ? text is "true" or "false" ? null : $"{path}: not a boolean"
            : Violation(JsonValue.Create(text), schema, path);
    }

    private static string? TryGetString(JsonNode value)
    {
        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TypeAllows(JsonSchemaType type, JsonNode value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => type.HasFlag(JsonSchemaType.String),
        JsonValueKind.Number => type.HasFlag(JsonSchemaType.Number) || (type.HasFlag(JsonSchemaType.Integer) && IsWhole(value.ToJsonString())),
        JsonValueKind.True or JsonValueKind.False => type.HasFlag(JsonSchemaType.Boolean),
        JsonValueKind.Array => type.HasFlag(JsonSchemaType.Array),
        JsonValueKind.Object => type.HasFlag(JsonSchemaType.Object),
        _ => false,
    };

    private static bool IsWhole(string number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? decimal.Truncate(d) == d : !number.Contains('.', StringComparison.Ordinal) && !number.Contains('e', StringComparison.OrdinalIgnoreCase);

    private static string? StringViolation(string text, IOpenApiSchema schema, string path)
    {
        if (!IsWellFormedUtf16(text))
        {
            return $"{path}: not a Unicode string (lone surrogate)";
        }

        // JSON Schema counts characters (code points), not UTF-16 units.
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            return $"{path}: longer than {max}";
        }

        if (schema.MinLength is { } min && length < min)
        {
            return $"{path}: shorter than {min}";
        }

        if (schema.Pattern is { } pattern && !Ecma(pattern).IsMatch(text))
        {
            return $"{path}: does not match {pattern}";
        }

        return schema.Format switch
        {
            "date" when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => $"{path}: not a date",
            "date-time" when !IsDateTime(text) => $"{path}: not an RFC 3339 date-time",
            _ => null,
        };
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3339 <c>date-time</c>: date, <c>T</c>, time, and a zone (<c>Z</c> or an offset); a real calendar instant.</summary>
    private static bool IsDateTime(string text) =>
        DateTimeText().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string? NumberViolation(string number, IOpenApiSchema schema, string path)
    {
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return $"{path}: {number} is out of any range";
        }

        var exact = decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null;
        string? OutOf(string? bound, Func<decimal, bool> exactTest, Func<double, bool> test, string what) =>
            bound is null ? null
            : (exact is { } e ? exactTest(e) : test(value)) ? $"{path}: {number} is {what} {bound}" : null;
        var limit = (string? bound) => bound is null ? 0m : decimal.Parse(bound, NumberStyles.Float, CultureInfo.InvariantCulture);
        var limitD = (string? bound) => bound is null ? 0d : double.Parse(bound, CultureInfo.InvariantCulture);
        return OutOf(schema.Maximum, e => e > limit(schema.Maximum), v => v > limitD(schema.Maximum), "above")
            ?? OutOf(schema.Minimum, e => e < limit(schema.Minimum), v => v < limitD(schema.Minimum), "below")
            ?? OutOf(schema.ExclusiveMaximum, e => e >= limit(schema.ExclusiveMaximum), v => v >= limitD(schema.ExclusiveMaximum), "not below")
            ?? OutOf(schema.ExclusiveMinimum, e => e <= limit(schema.ExclusiveMinimum), v => v <= limitD(schema.ExclusiveMinimum), "not above")
            ?? schema.Format switch
            {
                "int32" when exact is not { } i32 || i32 is < int.MinValue or > int.MaxValue => $"{path}: {number} is not an int32",
                "int64" when exact is not { } i64 || i64 is < long.MinValue or > long.MaxValue => $"{path}: {number} is not an int64",
                _ => null,
            };
    }

    private static string? ArrayViolation(JsonArray array, IOpenApiSchema schema, string path)
    {
        if (schema.MaxItems is { } max && array.Count > max)
        {
            return $"{path}: more than {max} items";
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            return $"{path}: fewer than {min} items";
        }

        return schema.Items is { } items
            ? array.Select((item, i) => Violation(item, items, $"{path}[{i}]")).FirstOrDefault(v => v is not null)
            : null;
    }

    private static string? ObjectViolation(JsonObject obj, IOpenApiSchema schema, string path)
    {
        foreach (var required in schema.Required ?? new HashSet<string>())
        {
            if (!obj.ContainsKey(required))
            {
                return $"{path}.{required}: required";
            }
        }

        foreach (var (name, member) in obj)
        {
            if (schema.Properties?.TryGetValue(name, out var memberSchema) == true)
            {
                if (Violation(member, memberSchema, $"{path}.{name}") is { } broken)
                {
                    return broken;
                }
            }
            else if (!schema.AdditionalPropertiesAllowed)
            {
                return $"{path}.{name}: not a documented member";
            }
        }

        return null;
    }

    /// <summary>
    /// The pattern as ECMA-262 (which OpenAPI names) reads it: <c>$</c> ends the text (in .NET it also
    /// matches before a final newline) and <c>\d</c> is ASCII-only; <c>\s</c> is Unicode in both.
    /// </summary>
    private static Regex Ecma(string pattern) => Patterns.GetOrAdd(pattern, p =>
    {
        var converted = new StringBuilder();
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var escaped = p[++i];
                converted.Append(escaped != 'd' ? $"\\{escaped}" : inClass ? "0-9" : "[0-9]");
                continue;
            }

            inClass = c == '[' || (inClass && c != ']');
            converted.Append(c == '$' && !inClass ? @"(?![\s\S])" : c.ToString());
        }

        return new Regex(converted.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Patterns = new();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.ECMAScript)]
    private static partial Regex DateTimeText();
}
