using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// A member that may be null says so even when its schema is a <c>$ref</c>: OpenAPI 3.0 ignores siblings of
/// <c>$ref</c>, so the reference is wrapped in <c>allOf</c> beside <c>nullable: true</c>. Generated clients
/// otherwise refuse the null the gateway answers (e.g. a customer without a shipping address), and
/// validators refuse the null Apex's <c>JSON.serialize</c> sends for an unset member.
/// </summary>
internal sealed class NullableReferenceFilter : ISchemaFilter
{
    private readonly NullabilityInfoContext _nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } || context.Type is not { IsClass: true } type)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (properties.TryGetValue(name, out var member) && member is OpenApiSchemaReference reference
                && _nullability.Create(property).ReadState == NullabilityState.Nullable)
            {
                properties[name] = new OpenApiSchema { AllOf = [reference], Type = JsonSchemaType.Null, Description = reference.Description };
            }
        }
    }
}

/// <summary>
/// The unknown-member rule, in the document as in the gateway: a request body may carry members the
/// schema does not name (System.Text.Json skips them), so no request schema says
/// <c>additionalProperties: false</c>. Response schemas keep it: they list every member the gateway answers.
/// </summary>
internal sealed class OpenRequestSchemasFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var components = document.Components?.Schemas;
        if (components is null)
        {
            return;
        }

        var pending = new Stack<IOpenApiSchema>(
            (document.Paths ?? []).Values
                .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                .SelectMany(operation => operation.RequestBody?.Content?.Values ?? Enumerable.Empty<IOpenApiMediaType>())
                .Select(media => media.Schema)
                .OfType<IOpenApiSchema>());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (seen.Add(id) && components.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            if (schema is OpenApiSchema open)
            {
                open.AdditionalPropertiesAllowed = true;
            }

            foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Append(schema.Items).OfType<IOpenApiSchema>())
            {
                pending.Push(child);
            }
        }
    }
}
