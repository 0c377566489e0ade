using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RetailGateway.Api.Tests.Sweep;

/// <summary>Whether the documents allow what a request sends: a 2xx for a forbidden request is a failure.</summary>
internal enum Allowed
{
    Yes,
    No,

    /// <summary>The documents do not say (e.g. duplicate JSON keys): any documented answer but a 5xx will do.</summary>
    Unsaid,
}

/// <summary>One request of the sweep: an operation's valid baseline with one thing changed.</summary>
internal sealed record SweepCase(ApiOperation Operation, string Slot, string Change, Allowed Allowed, string? Why, SweepRequest Request);

/// <summary>What is sent: the path values (escaped), query, headers and body.</summary>
internal sealed record SweepRequest(
    IReadOnlyDictionary<string, string> PathValues,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType)
{
    /// <summary>A header whose value is made fresh for every request (see <see cref="SweepCases.FreshPerRequest"/>).</summary>
    public const string Fresh = "\u0000fresh";

    public HttpRequestMessage ToMessage(ApiOperation operation, bool acceptProblemJson)
    {
        var query = string.Join('&', Query.Select(q => $"{q.Key}={q.Value}"));
        var message = new HttpRequestMessage(operation.Method, operation.Path(PathValues) + (query.Length > 0 ? "?" + query : string.Empty));
        message.Headers.Accept.ParseAdd(acceptProblemJson ? "application/problem+json" : "application/json");
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value == Fresh ? Guid.NewGuid().ToString() : value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }
}

/// <summary>
/// Builds, from an operation's documented parameters and request body, a valid baseline request and every
/// variation of it that changes one parameter, one body member (nested objects and array items included),
/// the body as a whole, or the content type.
/// </summary>
internal static class SweepCases
{
    /// <summary>
    /// Headers whose baseline value must differ on every request: with one <c>Idempotency-Key</c> for all,
    /// each request would be answered with the first one's stored response (or 422 for another body).
    /// </summary>
    private static readonly HashSet<string> FreshPerRequest = new(StringComparer.OrdinalIgnoreCase) { "Idempotency-Key" };

    private const string JsonMediaType = "application/json";

    private static readonly string[] ForeignContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/json",
        "application/json-patch+json", "application/merge-patch+json", "application/problem+json", "application/jsonx",
    ];

    private static readonly (string Change, byte[] Body, Allowed Allowed)[] WholeBodies =
    [
        ("an empty body", [], Allowed.No),
        ("a form body", "name=x&email=y"u8.ToArray(), Allowed.No),
        ("an XML body", "<customer><name>x</name></customer>"u8.ToArray(), Allowed.No),
        ("JSON null", "null"u8.ToArray(), Allowed.No),
        ("a JSON array", "[]"u8.ToArray(), Allowed.No),
        ("a JSON string", "\"x\""u8.ToArray(), Allowed.No),
        ("a JSON number", "42"u8.ToArray(), Allowed.No),
        ("a truncated object", "{\"name\":"u8.ToArray(), Allowed.No),
        ("invalid UTF-8", [.. "{\"name\":\"A"u8, 0xC3, 0x28, .. "\"}"u8], Allowed.No),
        ("overlong UTF-8", [.. "{\"name\":\"A"u8, 0xC0, 0xAF, .. "\"}"u8], Allowed.No),
        ("an encoded surrogate", [.. "{\"name\":\"A"u8, 0xED, 0xA0, 0x80, .. "\"}"u8], Allowed.No),
        ("1000 levels of nesting", Encoding.UTF8.GetBytes("{\"deep\":" + new string('[', 1000) + new string(']', 1000) + "}"), Allowed.Unsaid),
    ];

    /// <summary>Every case of <paramref name="operation"/>, with <paramref name="known"/> values of real records (by member name) for its baseline.</summary>
    public static IEnumerable<SweepCase> For(ApiOperation operation, IReadOnlyDictionary<string, JsonNode> known)
    {
        var baseline = BaselineOf(operation, known);
        yield return new(operation, "-", "the valid baseline", Allowed.Yes, null, baseline.Request(operation));

        foreach (var parameter in operation.Parameters)
        {
            var slot = $"{parameter.In?.ToString().ToLowerInvariant()} {parameter.Name}";
            var schema = parameter.Schema!;
            var valid = !baseline.Parameters.TryGetValue(parameter.Name!, out var v) ? Value(schema, parameter.Name!, known)
                : v == SweepRequest.Fresh ? JsonValue.Create(Guid.NewGuid().ToString())
                : JsonValue.Create(v);
            foreach (var hostile in HostileValues.For(schema, valid).Where(h => h.Json != "null"))
            {
                var text = JsonNode.Parse(hostile.Json) is JsonValue { } scalar && scalar.GetValueKind() == JsonValueKind.String
                    ? Unescaped(hostile.Json)
                    : hostile.Json;
                if (text is null || (parameter.In == ParameterLocation.Path && text is "" or "." or ".."))
                {
                    // A lone surrogate has no UTF-8 form to escape in a URL (the escaped bytes are sent below);
                    // an empty or dot segment addresses another resource, not this operation.
                    continue;
                }

                if (parameter.In == ParameterLocation.Header && text.Any(c => c is '\r' or '\n'))
                {
                    // A line break would end the header field: HttpClient refuses it, and on a raw socket it is another header.
                    continue;
                }

                // HTTP drops the blanks around a header field's value (RFC 9110 5.5): the server never sees them.
                var seen = parameter.In == ParameterLocation.Header ? text.Trim(' ', '\t') : text;
                var why = SchemaCheck.ParameterViolation(seen, schema, slot);
                yield return new(operation, slot, hostile.Name, why is null ? Allowed.Yes : Allowed.No, why, baseline.With(parameter, text).Request(operation));
            }

            if (parameter.In == ParameterLocation.Query)
            {
                foreach (var (change, raw) in new[] { ("a bare %", "%"), ("an invalid escape", "%zz"), ("an escaped NUL", "%00"), ("escaped CR LF", "%0D%0A"), ("overlong UTF-8", "%C0%AF"), ("an escaped surrogate", "%ED%A0%80") })
                {
                    var decoded = Uri.UnescapeDataString(raw);
                    var why = SchemaCheck.ParameterViolation(decoded, schema, slot);
                    yield return new(operation, slot, change, why is null ? Allowed.Yes : Allowed.No, why, baseline.WithRawQuery(parameter.Name!, raw).Request(operation));
                }

                var twice = Uri.EscapeDataString(valid?.ToString() ?? "1");
                yield return new(operation, slot, "sent twice", Allowed.No, "a scalar parameter sent as a list", baseline.WithRawQuery(parameter.Name!, twice, twice).Request(operation));
            }

            if (parameter.Required && parameter.In != ParameterLocation.Path)
            {
                yield return new(operation, slot, "left out", Allowed.No, "required", baseline.Without(parameter).Request(operation));
            }
        }

        if (operation.RequestBody is not { Content: { } content } body)
        {
            yield break;
        }

        var bodySchema = content[baseline.ContentType!].Schema!;
        foreach (var (path, schema) in Members(bodySchema, []))
        {
            var slot = "body " + string.Concat(path.Select((p, i) => p is int index ? $"[{index}]" : i == 0 ? $"{p}" : $".{p}"));
            var valid = baseline.Body!.DeepClone().AsObject();
            var parent = Ensure(valid, bodySchema, path, known);
            var member = path[^1];
            var validValue = Get(parent, member) ?? Value(schema, member as string ?? string.Empty, known);
            foreach (var hostile in HostileValues.For(schema, validValue))
            {
                yield return BodyCase(operation, baseline, bodySchema, slot, hostile.Name, Set(valid.DeepClone().AsObject(), path, hostile.Json));
            }

            if (member is string name && parent is JsonObject obj && obj.ContainsKey(name) && HostileValues.Effective(ParentSchema(bodySchema, path)).Required?.Contains(name) == true)
            {
                var without = valid.DeepClone().AsObject();
                ((JsonObject)Walk(without, [.. path.Take(path.Count - 1)])).Remove(name);
                yield return BodyCase(operation, baseline, bodySchema, slot, "left out", Encoding.UTF8.GetBytes(without.ToJsonString()));
            }
        }

        var baselineBody = Encoding.UTF8.GetBytes(baseline.Body!.ToJsonString());
        var firstMember = baseline.Body!.FirstOrDefault();
        if (firstMember.Key is { } duplicated)
        {
            var text = baseline.Body!.ToJsonString();
            var twice = "{" + $"{JsonSerializer.Serialize(duplicated)}:{JsonSerializer.Serialize("other")}," + text[1..];
            // Not a schema rule but docs/api.md's (I-JSON, RFC 7493): a member given twice makes the body malformed.
            yield return new(operation, "body", $"the member {duplicated} twice", Allowed.No, "a member given twice", baseline.Request(operation) with { Body = Encoding.UTF8.GetBytes(twice) });
        }

        foreach (var (change, bytes, allowed) in WholeBodies)
        {
            yield return new(operation, "body", change, allowed, allowed == Allowed.No ? "not a JSON object of the schema" : null, baseline.Request(operation) with { Body = bytes });
        }

        yield return new(operation, "body", "no body", body.Required ? Allowed.No : Allowed.Yes, "required", baseline.Request(operation) with { Body = null });
        foreach (var contentType in ForeignContentTypes.Append(null))
        {
            var documented = contentType is not null && content.ContainsKey(contentType);
            yield return new(operation, "content type", contentType ?? "none", documented ? Allowed.Yes : Allowed.No, documented ? null : "not a documented media type",
                baseline.Request(operation) with { Body = baselineBody, ContentType = contentType });
        }
    }

    private static SweepCase BodyCase(ApiOperation operation, Baseline baseline, IOpenApiSchema bodySchema, string slot, string change, byte[] body)
    {
        string? why;
        try
        {
            why = SchemaCheck.Violation(JsonNode.Parse(body), bodySchema, "body");
        }
        catch (JsonException)
        {
            why = "not JSON";
        }

        return new(operation, slot, change, why is null ? Allowed.Yes : Allowed.No, why, baseline.Request(operation) with { Body = body });
    }

    private static byte[] Set(JsonObject body, IReadOnlyList<object> path, string json)
    {
        // The member is written as text, so that values System.Text.Json would not write (a lone surrogate, 1e309) go as they are.
        const string Marker = "sweep-value-d41d8cd98f00";
        var parent = Walk(body, path.ToArray()[..^1]);
        switch (path[^1])
        {
            case string name:
                ((JsonObject)parent)[name] = Marker;
                break;
            case int index:
                ((JsonArray)parent)[index] = Marker;
                break;
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString().Replace($"\"{Marker}\"", json, StringComparison.Ordinal));
    }

    private static JsonNode Walk(JsonNode node, object[] path) =>
        path.Aggregate(node, (current, step) => step is int i ? current.AsArray()[i]! : current.AsObject()[(string)step]!);

    private static JsonNode? Get(JsonNode parent, object member) =>
        member is int i ? parent.AsArray()[i] : parent.AsObject().TryGetPropertyValue((string)member, out var value) ? value : null;

    /// <summary>Adds to <paramref name="body"/> the objects and array items on the way to <paramref name="path"/>, and returns the member's parent.</summary>
    private static JsonNode Ensure(JsonObject body, IOpenApiSchema bodySchema, IReadOnlyList<object> path, IReadOnlyDictionary<string, JsonNode> known)
    {
        JsonNode node = body;
        var schema = bodySchema;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var structure = HostileValues.Effective(schema);
            if (path[i] is string name)
            {
                schema = structure.Properties![name];
                if (node.AsObject()[name] is not { } next)
                {
                    next = Build(schema, name, known, 0)!;
                    node.AsObject()[name] = next;
                }

                node = next;
            }
            else
            {
                schema = structure.Items!;
                if (node.AsArray().Count == 0)
                {
                    node.AsArray().Add(Build(schema, string.Empty, known, 0));
                }

                node = node.AsArray()[0]!;
            }
        }

        return node;
    }

    private static IOpenApiSchema ParentSchema(IOpenApiSchema bodySchema, IReadOnlyList<object> path) =>
        path.Take(path.Count - 1).Aggregate(bodySchema, (schema, step) => step is int ? HostileValues.Effective(schema).Items! : HostileValues.Effective(schema).Properties![(string)step]);

    /// <summary>Every member of a body schema, depth first: objects' properties and the first item of arrays.</summary>
    private static IEnumerable<(IReadOnlyList<object> Path, IOpenApiSchema Schema)> Members(IOpenApiSchema schema, IReadOnlyList<object> prefix)
    {
        var structure = HostileValues.Effective(schema);
        if (prefix.Count > 8)
        {
            yield break;
        }

        foreach (var (name, member) in structure.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            IReadOnlyList<object> path = [.. prefix, name];
            yield return (path, member);
            foreach (var nested in Members(member, path))
            {
                yield return nested;
            }
        }

        if (structure.Items is { } items && prefix.Count > 0)
        {
            IReadOnlyList<object> path = [.. prefix, 0];
            yield return (path, items);
            foreach (var nested in Members(items, path))
            {
                yield return nested;
            }
        }
    }

    private static Baseline BaselineOf(ApiOperation operation, IReadOnlyDictionary<string, JsonNode> known)
    {
        var parameters = new Dictionary<string, string>();
        foreach (var parameter in operation.Parameters.Where(p => p.Required))
        {
            parameters[parameter.Name!] = parameter.In == ParameterLocation.Header && FreshPerRequest.Contains(parameter.Name!)
                ? SweepRequest.Fresh
                : Value(parameter.Schema!, parameter.Name!, known)?.ToString() ?? throw new InvalidOperationException($"{operation}: no value for {parameter.Name}");
        }

        string? contentType = null;
        JsonObject? body = null;
        if (operation.RequestBody?.Content is { } content)
        {
            contentType = content.ContainsKey(JsonMediaType) ? JsonMediaType : content.Keys.First();
            body = Build(content[contentType].Schema!, string.Empty, known, 0) as JsonObject
                ?? throw new InvalidOperationException($"{operation}: the sweep sends JSON object bodies only.");
            Assert.True(SchemaCheck.Violation(body, content[contentType].Schema!, "body") is null, $"{operation}: the baseline body {body.ToJsonString()} breaks the schema.");
        }

        return new Baseline(operation.Parameters, parameters, [], contentType, body);
    }

    /// <summary>
    /// A valid instance of <paramref name="schema"/>: objects with their required members and the members a real
    /// record has a value for (so that writes address existing records and stay on their validation paths).
    /// </summary>
    private static JsonNode? Build(IOpenApiSchema schema, string name, IReadOnlyDictionary<string, JsonNode> known, int depth)
    {
        var structure = HostileValues.Effective(schema);
        var type = structure.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Object) || structure.Properties is { Count: > 0 })
        {
            var obj = new JsonObject();
            foreach (var (member, memberSchema) in structure.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (depth < 8 && (structure.Required?.Contains(member) == true || (known.TryGetValue(member, out var value) && SchemaCheck.Violation(value, memberSchema) is null)))
                {
                    obj[member] = Build(memberSchema, member, known, depth + 1);
                }
            }

            return obj;
        }

        if (type.HasFlag(JsonSchemaType.Array))
        {
            var items = Build(structure.Items!, name, known, depth + 1);
            return new JsonArray(Enumerable.Range(0, Math.Max(1, structure.MinItems ?? 1)).Select(_ => items?.DeepClone()).ToArray());
        }

        return Value(schema, name, known);
    }

    /// <summary>A valid scalar: a real record's value of the same name, else the schema's example, default, first enum value or a plain value of its type.</summary>
    private static JsonNode? Value(IOpenApiSchema schema, string name, IReadOnlyDictionary<string, JsonNode> known)
    {
        var structure = HostileValues.Effective(schema);
        var type = structure.Type ?? 0;
        var today = DateTime.UtcNow;
        JsonNode?[] candidates =
        [
            known.TryGetValue(name, out var real) ? real.DeepClone() : null,
            Example(schema),
            Example(structure),
            schema.Default?.DeepClone(),
            structure.Enum?.FirstOrDefault()?.DeepClone(),
            structure.Format switch
            {
                "date" => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "date-time" => today.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                _ => null,
            },
            type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number) ? JsonNode.Parse(structure.Minimum is { } min && decimal.Parse(min, CultureInfo.InvariantCulture) > 0 ? min : "1") : null,
            type.HasFlag(JsonSchemaType.Boolean) ? true : null,
            type.HasFlag(JsonSchemaType.String) || type == 0 ? "1" : null,
            type.HasFlag(JsonSchemaType.String) || type == 0 ? new string('a', Math.Max(1, structure.MinLength ?? 1)) : null,
        ];
        return candidates.FirstOrDefault(c => c is not null && SchemaCheck.Violation(c, schema) is null);
    }

    // OpenAPI 3.0's single "example" is what Swashbuckle writes; Microsoft.OpenApi keeps it beside the 3.1 "examples".
#pragma warning disable CS0618
    private static JsonNode? Example(IOpenApiSchema schema) => (schema.Examples?.FirstOrDefault() ?? schema.Example)?.DeepClone();
#pragma warning restore CS0618

    private static string? Unescaped(string jsonString)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(jsonString);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A valid request of an operation, changed one piece at a time.</summary>
    private sealed record Baseline(
        IReadOnlyList<IOpenApiParameter> All,
        Dictionary<string, string> Parameters,
        IReadOnlyList<KeyValuePair<string, string>> RawQuery,
        string? ContentType,
        JsonObject? Body)
    {
        public Baseline With(IOpenApiParameter parameter, string value) => this with { Parameters = new Dictionary<string, string>(Parameters) { [parameter.Name!] = value } };

        public Baseline Without(IOpenApiParameter parameter) => this with { Parameters = Parameters.Where(p => p.Key != parameter.Name).ToDictionary() };

        /// <summary>The parameter sent as written (already escaped, or badly on purpose), once per value.</summary>
        public Baseline WithRawQuery(string name, params string[] values) =>
            this with { Parameters = Parameters.Where(p => p.Key != name).ToDictionary(), RawQuery = [.. values.Select(v => KeyValuePair.Create(name, v))] };

        public SweepRequest Request(ApiOperation operation)
        {
            var path = new Dictionary<string, string>();
            var query = new List<KeyValuePair<string, string>>(RawQuery);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var parameter in All)
            {
                if (!Parameters.TryGetValue(parameter.Name!, out var value))
                {
                    continue;
                }

                switch (parameter.In)
                {
                    case ParameterLocation.Path:
                        path[parameter.Name!] = Uri.EscapeDataString(value);
                        break;
                    case ParameterLocation.Query:
                        query.Add(KeyValuePair.Create(parameter.Name!, Uri.EscapeDataString(value)));
                        break;
                    case ParameterLocation.Header:
                        headers.Add(KeyValuePair.Create(parameter.Name!, value));
                        break;
                    default:
                        throw new InvalidOperationException($"{operation}: the sweep does not send {parameter.In} parameters.");
                }
            }

            return new SweepRequest(path, query, headers, Body is null ? null : Encoding.UTF8.GetBytes(Body.ToJsonString()), ContentType);
        }
    }
}
