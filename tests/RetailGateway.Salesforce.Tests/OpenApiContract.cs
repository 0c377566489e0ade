using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// Holds what the Apex parser read in the kit (callout chains and RetailGatewayModels) against an OpenAPI
/// document, and names every difference: a callout to an operation the document lacks, a query or header
/// it does not declare, a required header left out, a body or answer of another schema, a model member
/// the schema lacks or types differently, a required member a model lacks.
/// </summary>
internal static partial class OpenApiContract
{
    public static OpenApiDocument Load(string yaml)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        var (document, diagnostic) = OpenApiDocument.Load(stream, "yaml", settings);
        Assert.True(document is not null && diagnostic?.Errors.Count is null or 0, $"not OpenAPI: {string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? [])}");
        return document!;
    }

    /// <summary>The operation each callout reaches (by operationId), or null when the document has none at its method and path.</summary>
    public static IReadOnlyDictionary<ApexCallout, string?> OperationsOf(ApexReading apex, OpenApiDocument spec) =>
        apex.Callouts.ToDictionary(c => c, c => Find(spec, c)?.Operation.OperationId);

    public static IReadOnlyList<string> Differences(ApexReading apex, OpenApiDocument spec)
    {
        var differences = apex.Problems.ToList();
        foreach (var callout in apex.Callouts)
        {
            differences.AddRange(CalloutDifferences(callout, spec).Select(d => $"{callout}: {d}"));
        }

        var schemas = spec.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (model, members) in apex.Models)
        {
            if (!schemas.TryGetValue(model, out var schema))
            {
                differences.Add($"RetailGatewayModels.{model}: openapi.yaml has no schema {model}");
                continue;
            }

            var properties = schema.Properties ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var member in members)
            {
                if (!properties.TryGetValue(member.Name, out var property))
                {
                    differences.Add($"RetailGatewayModels.{model}.{member.Name}: schema {model} has no member {member.Name}");
                }
                else if (!Fits(member.Type, property, apex.Models, schemas))
                {
                    differences.Add($"RetailGatewayModels.{model}.{member.Name}: {member.Type} does not hold {model}.{member.Name} ({Describe(property)})");
                }
            }

            foreach (var required in schema.Required ?? new HashSet<string>())
            {
                if (!members.Any(m => m.Name == required))
                {
                    differences.Add($"RetailGatewayModels.{model}: lacks {required}, which schema {model} requires");
                }
            }
        }

        return differences;
    }

    private static IEnumerable<string> CalloutDifferences(ApexCallout callout, OpenApiDocument spec)
    {
        var found = Find(spec, callout);
        if (found is null)
        {
            yield return $"openapi.yaml has no operation {callout.Method} {callout.Path}";
            yield break;
        }

        var (item, operation) = found.Value;
        var parameters = (item.Parameters ?? []).Concat(operation.Parameters ?? []).ToList();
        foreach (var name in callout.Query.Where(q => !parameters.Any(p => p.In == ParameterLocation.Query && p.Name == q)))
        {
            yield return $"{operation.OperationId} has no query parameter {name}";
        }

        foreach (var name in callout.Headers.Where(h => !parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, h, StringComparison.OrdinalIgnoreCase))))
        {
            yield return $"{operation.OperationId} has no header parameter {name}";
        }

        foreach (var required in parameters.Where(p => p.Required && p.In is ParameterLocation.Query or ParameterLocation.Header))
        {
            if (!callout.Query.Concat(callout.Headers).Contains(required.Name, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{operation.OperationId} requires {required.In} parameter {required.Name}, which the callout does not send";
            }
        }

        var body = operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true ? ReferenceOf(media.Schema!) : null;
        if (body != callout.Body)
        {
            yield return $"{operation.OperationId} takes a body of {body ?? "nothing"}, the callout sends {callout.Body ?? "none"}";
        }

        var answers = (operation.Responses ?? [])
            .Where(r => r.Key.StartsWith('2') && r.Value.Content?.ContainsKey("application/json") == true)
            .Select(r => ReferenceOf(r.Value.Content!["application/json"].Schema!))
            .Distinct()
            .ToList();
        if (answers.Count != 1 || answers[0] != callout.Response)
        {
            yield return $"{operation.OperationId} answers {string.Join(" or ", answers)}, the callout reads {callout.Response ?? "nothing"}";
        }
    }

    private static (IOpenApiPathItem Item, OpenApiOperation Operation)? Find(OpenApiDocument spec, ApexCallout callout)
    {
        foreach (var (path, item) in spec.Paths)
        {
            if (PathParameter().Replace(path, "{}") != callout.Path)
            {
                continue;
            }

            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (string.Equals(method.Method, callout.Method, StringComparison.OrdinalIgnoreCase))
                {
                    return (item, operation);
                }
            }
        }

        return null;
    }

    /// <summary>Whether an Apex member of <paramref name="type"/> holds every value <paramref name="property"/> allows.</summary>
    private static bool Fits(string type, IOpenApiSchema property, IReadOnlyDictionary<string, IReadOnlyList<ApexMember>> models, IDictionary<string, IOpenApiSchema> schemas)
    {
        if (type.StartsWith("List<", StringComparison.Ordinal) && type.EndsWith('>'))
        {
            return Has(property, JsonSchemaType.Array) && property.Items is { } items && Fits(type[5..^1], items, models, schemas);
        }

        var reference = ReferenceOf(property);
        if (models.ContainsKey(type))
        {
            return reference == type;
        }

        if (reference is not null)
        {
            // A member typed by a named enum schema (e.g. OrderStatus) is held as its string value.
            return type == "String" && schemas.TryGetValue(reference, out var target) && target.Enum is { Count: > 0 } && Has(target, JsonSchemaType.String);
        }

        return type switch
        {
            "String" => Has(property, JsonSchemaType.String) && property.Format is not ("date" or "date-time"),
            "Boolean" => Has(property, JsonSchemaType.Boolean),
            "Integer" => Has(property, JsonSchemaType.Integer) && property.Format is null or "int32",
            "Decimal" => Has(property, JsonSchemaType.Number) || Has(property, JsonSchemaType.Integer),
            "Date" => Has(property, JsonSchemaType.String) && property.Format == "date",
            "Datetime" => Has(property, JsonSchemaType.String) && property.Format == "date-time",
            _ => false,
        };
    }

    private static bool Has(IOpenApiSchema schema, JsonSchemaType type) => schema.Type is { } declared && declared.HasFlag(type);

    /// <summary>The schema a property or body refers to: directly, or through a one-element allOf (how nullable references are written).</summary>
    private static string? ReferenceOf(IOpenApiSchema schema) => schema switch
    {
        OpenApiSchemaReference reference => reference.Reference.Id,
        { AllOf: [OpenApiSchemaReference only] } => only.Reference.Id,
        _ => null,
    };

    private static string Describe(IOpenApiSchema schema) =>
        ReferenceOf(schema) ?? $"{schema.Type}{(schema.Format is null ? "" : " " + schema.Format)}";

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
