using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>
/// Odoo search domains: prefix-notation <c>&amp;</c>, <c>|</c>, <c>!</c> with implicit AND, leaves
/// <c>[path, operator, value]</c> where the path may follow relations (<c>product_id.default_code</c>).
/// </summary>
internal static class DomainFilter
{
    private static readonly HashSet<string> Operators =
        ["=", "!=", "<>", ">", ">=", "<", "<=", "in", "not in", "like", "ilike", "not like", "not ilike", "=like", "=ilike"];

    public static Func<Record, bool> Compile(Env env, ModelDef model, JsonArray? domain)
    {
        if (domain is null || domain.Count == 0)
        {
            return _ => true;
        }

        var stack = new Stack<Func<Record, bool>>();
        for (var i = domain.Count - 1; i >= 0; i--)
        {
            var token = domain[i];
            if (token is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                var op = value.GetValue<string>();
                switch (op)
                {
                    case "!" when stack.Count >= 1:
                        var operand = stack.Pop();
                        stack.Push(r => !operand(r));
                        break;
                    case "&" when stack.Count >= 2:
                        var (a, b) = (stack.Pop(), stack.Pop());
                        stack.Push(r => a(r) && b(r));
                        break;
                    case "|" when stack.Count >= 2:
                        var (left, right) = (stack.Pop(), stack.Pop());
                        stack.Push(r => left(r) || right(r));
                        break;
                    default:
                        throw OdooException.ValueError($"Invalid domain {domain.ToJsonString()}");
                }
            }
            else
            {
                stack.Push(Leaf(env, model, token));
            }
        }

        var all = stack.ToArray();
        return r => all.All(p => p(r));
    }

    /// <summary>Whether any leaf of the domain is on <paramref name="field"/> (Odoo's active_test rule).</summary>
    public static bool Mentions(JsonArray? domain, string field) =>
        domain is not null && domain.OfType<JsonArray>().Any(leaf =>
            leaf.Count == 3 && leaf[0] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == field);

    private static Func<Record, bool> Leaf(Env env, ModelDef model, JsonNode? token)
    {
        if (token is not JsonArray { Count: 3 } leaf || leaf[1] is not JsonValue opNode || opNode.GetValueKind() != JsonValueKind.String)
        {
            throw OdooException.ValueError($"Invalid leaf {token?.ToJsonString()}");
        }

        var op = opNode.GetValue<string>();
        if (JsonNumbers.IsNumber(leaf[0]))
        {
            // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
            var constant = JsonNumbers.Int(leaf[0]!) == 1;
            return _ => constant;
        }

        var path = leaf[0]!.GetValue<string>();
        if (!Operators.Contains(op))
        {
            throw OdooException.ValueError($"Invalid leaf {leaf.ToJsonString()}");
        }

        return Path(env, model, path, op == "<>" ? "!=" : op, leaf[2]);
    }

    private static Func<Record, bool> Path(Env env, ModelDef model, string path, string op, JsonNode? literal)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? path : path[..dot];
        var field = model.Field(name) ?? throw OdooException.InvalidField(model.Name, name);
        if (dot >= 0)
        {
            if (!field.IsRelational)
            {
                throw OdooException.InvalidField(model.Name, path);
            }

            var related = env.Model(field.Relation!);
            var inner = Path(env, related, path[(dot + 1)..], op, literal);
            return r => RelatedIds(env.Get(r, field)).Any(id => env.Browse(related.Name, id) is { } target && inner(target));
        }

        if (field.IsX2Many)
        {
            return X2Many(field, op, literal, env);
        }

        if (field.Type == FieldType.Many2one && literal is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            // A name on a many2one matches the related record's display name (Odoo's name_search).
            var byName = Scalar(FieldType.Char, op, literal);
            return r => byName(env.Many2one(r, field.Name) is { } target ? env.DisplayName(target) : null);
        }

        var predicate = Scalar(field.Type, op, literal);
        return r => predicate(Comparable(env.Get(r, field), field.Type));
    }

    private static Func<Record, bool> X2Many(FieldDef field, string op, JsonNode? literal, Env env)
    {
        var wanted = (literal as JsonArray)?.Where(JsonNumbers.IsNumber).Select(n => JsonNumbers.Int(n!)).ToHashSet()
            ?? (JsonNumbers.IsNumber(literal) ? [JsonNumbers.Int(literal!)] : []);
        var isFalse = literal is null || literal.GetValueKind() == JsonValueKind.False;
        return op switch
        {
            "=" or "in" when isFalse => r => !RelatedIds(env.Get(r, field)).Any(),
            "!=" or "not in" when isFalse => r => RelatedIds(env.Get(r, field)).Any(),
            "=" or "in" => r => RelatedIds(env.Get(r, field)).Any(wanted.Contains),
            "!=" or "not in" => r => !RelatedIds(env.Get(r, field)).Any(wanted.Contains),
            _ => throw OdooException.ValueError($"Invalid operator {op} on {field.Name}"),
        };
    }

    private static IEnumerable<int> RelatedIds(object? value) => value switch
    {
        int id => [id],
        IEnumerable<int> ids => ids,
        _ => [],
    };

    /// <summary>A stored value as something comparable: null, bool, double or string.</summary>
    private static object? Comparable(object? value, FieldType type) => value switch
    {
        null => type == FieldType.Boolean ? false : null,
        string { Length: 0 } => null,
        int i => (double)i,
        DateTime dt => dt.ToString(Values.DatetimeFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString(Values.DateFormat, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static object? Literal(JsonNode? node, FieldType type) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => type == FieldType.Boolean ? false : null,
        JsonValueKind.False => type == FieldType.Boolean ? false : null,
        JsonValueKind.True => true,
        JsonValueKind.Number => JsonNumbers.Double(node),
        JsonValueKind.String => node.GetValue<string>() is { Length: > 0 } s ? s : null,
        _ => node.ToJsonString(),
    };

    private static Func<object?, bool> Scalar(FieldType type, string op, JsonNode? literal)
    {
        switch (op)
        {
            case "in" or "not in":
                var items = (literal as JsonArray ?? [literal?.DeepClone()]).Select(n => Literal(n, type)).ToList();
                var negate = op == "not in";
                return v => items.Any(item => Same(v, item)) != negate;
            case "like" or "ilike" or "not like" or "not ilike" or "=like" or "=ilike":
                var pattern = literal?.GetValueKind() == JsonValueKind.String ? literal.GetValue<string>() : string.Empty;
                var regex = Like(op.StartsWith('=') ? pattern : $"%{pattern}%", op.Contains("ilike", StringComparison.Ordinal));
                var negative = op.StartsWith("not", StringComparison.Ordinal);
                return v => v is null ? negative : regex.IsMatch(Convert.ToString(v, CultureInfo.InvariantCulture)!) != negative;
        }

        var expected = Literal(literal, type);
        return op switch
        {
            "=" => v => Same(v, expected),
            "!=" => v => !Same(v, expected),
            ">" => v => Order(v, expected) is > 0,
            ">=" => v => Order(v, expected) is >= 0,
            "<" => v => Order(v, expected) is < 0,
            "<=" => v => Order(v, expected) is <= 0,
            _ => throw OdooException.ValueError($"Invalid operator {op}"),
        };
    }

    private static bool Same(object? a, object? b) => a is null || b is null ? a is null && b is null : Order(a, b) == 0;

    private static int? Order(object? a, object? b) => (a, b) switch
    {
        (null, _) or (_, null) => null,
        (double x, double y) => x.CompareTo(y),
        (bool x, bool y) => x.CompareTo(y),
        _ => string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture)),
    };

    /// <summary>
    /// PostgreSQL's LIKE as Odoo's SQL reaches it (a bound parameter, no ESCAPE clause): <c>%</c> and <c>_</c>
    /// are wildcards, and the default escape, a backslash, makes the next character literal, itself included.
    /// </summary>
    private static Regex Like(string pattern, bool ignoreCase)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (++i == pattern.Length)
                {
                    throw OdooException.InvalidEscapeSequence();
                }

                builder.Append(Regex.Escape(pattern[i].ToString()));
                continue;
            }

            builder.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        builder.Append('$');
        return new Regex(builder.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
