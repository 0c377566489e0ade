using System.Text.RegularExpressions;
using Asp.Versioning.ApiExplorer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Requests;
using RetailGateway.Canonical.Customers;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// One OpenAPI 3.0 document per API version, generated from the controllers and their XML docs.
/// The committed <c>openapi.yaml</c> is this document for v1 (a test keeps them equal).
/// </summary>
internal static partial class OpenApiSetup
{
    public const string BearerScheme = "bearer";

    private const string LocalGateway = "http://127.0.0.1:5080";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
    {
        services.AddSwaggerGen(swagger =>
        {
            // Apex-safe operationIds from the action names (createCustomer, getOrder, ...).
            swagger.CustomOperationIds(api => RequestFacts.OperationIdOf(api.ActionDescriptor));
            // One tag per resource in every version (CustomersV2Controller is "Customers", as CustomersController is).
            swagger.TagActionsBy(api => [api.ActionDescriptor is ControllerActionDescriptor action ? VersionSuffix().Replace(action.ControllerTypeInfo.Name, string.Empty) : "Gateway"]);
            swagger.IncludeXmlComments(typeof(Program).Assembly);
            swagger.IncludeXmlComments(typeof(Customer).Assembly);
            swagger.SupportNonNullableReferenceTypes();
            // Partners replace it with their deployment's URL; Salesforce takes it from the Named Credential.
            swagger.AddServer(new OpenApiServer { Url = LocalGateway, Description = "The gateway as `dotnet run` starts it on a development machine (see the README's quick start)." });
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = BearerScheme,
                BearerFormat = "JWT",
                Description = "OAuth 2.0 access token (client credentials from a Salesforce Named Credential).",
            });
            swagger.OperationFilter<BearerRequirementFilter>();
            swagger.OperationFilter<HttpSemanticsFilter>();
            swagger.OperationFilter<IdempotencyKeyFilter>();
            swagger.SchemaFilter<ApexSafeProblemFilter>();
            swagger.SchemaFilter<NullableReferenceFilter>();
            swagger.DocumentFilter<OpenRequestSchemasFilter>();
            swagger.DocumentFilter<HttpComponentsFilter>();
            swagger.ParameterFilter<RequestLimitsFilter>();
            swagger.SchemaFilter<RequestLimitsFilter>();
        });
        services.AddTransient<IConfigureOptions<SwaggerGenOptions>, VersionedDocuments>();
        return services;
    }

    public static WebApplication MapGatewayOpenApi(this WebApplication app)
    {
        // The documents are served in every environment, without a token: partners generate clients from them, and a
        // deprecated version's Link header (ApiVersions:Deprecations:*:Link) points at its successor's. Only the UI is for development.
        app.UseSwagger();
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(ui =>
            {
                foreach (var description in app.DescribeApiVersions())
                {
                    ui.SwaggerEndpoint($"/swagger/{description.GroupName}/swagger.json", description.GroupName.ToUpperInvariant());
                }
            });
        }

        return app;
    }

    private sealed class VersionedDocuments(IApiVersionDescriptionProvider provider) : IConfigureOptions<SwaggerGenOptions>
    {
        public void Configure(SwaggerGenOptions options)
        {
            foreach (var description in provider.ApiVersionDescriptions)
            {
                options.SwaggerDoc(description.GroupName, new OpenApiInfo
                {
                    Title = "RetailGateway API",
                    Version = description.ApiVersion.ToString(),
                    Contact = new OpenApiContact { Name = "RetailGateway maintainers (issues in the RetailGateway repository)" },
                    Description = "Canonical customers, orders, stock and invoices over Odoo, for Salesforce Apex callouts and Flow."
                        + (description.IsDeprecated || description.DeprecationPolicy is not null ? " This version is deprecated." : string.Empty)
                        + (description.SunsetPolicy?.Date is { } sunset ? $" It is served until {sunset:yyyy-MM-dd}." : string.Empty),
                });
            }
        }
    }

    /// <summary>Writes that honour <c>Idempotency-Key</c> declare the header.</summary>
    private sealed class IdempotencyKeyFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.MethodInfo.GetCustomAttributes(true).OfType<IdempotentAttribute>().FirstOrDefault() is not { } idempotent)
            {
                return;
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKey.Header,
                In = ParameterLocation.Header,
                Required = idempotent.Required,
                Description = "Unique per logical request (1 to 255 printable characters). A retry with the same key and body replays the first "
                    + "response with `Idempotent-Replayed: true`; the same key with another body is a 422; while the first request runs, a 409.",
                // Up to MaxLength characters bare; an RFC 8941 quoted string adds quotes and escapes.
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = (2 * IdempotencyKey.MaxLength) + 2, Pattern = "^[ -~]+$" },
                Example = System.Text.Json.Nodes.JsonValue.Create("8f14e45f-ceea-4672-9b7c-2f1b6a1e0001"),
            });
        }
    }

    /// <summary>
    /// <c>type</c> is an Apex reserved word, so problems leave it out (RFC 9457 reads a missing
    /// <c>type</c> as <c>about:blank</c>); <c>errorCode</c> carries the machine-readable kind.
    /// </summary>
    private sealed class ApexSafeProblemFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (context.Type == typeof(Errors.ApiProblem) && schema is OpenApiSchema { Properties: { } properties } problem)
            {
                properties.Remove("type");
                problem.AdditionalPropertiesAllowed = false;
                problem.AdditionalProperties = null;
                problem.Required = new HashSet<string> { "title", "status", "errorCode", "errors" };
            }
        }
    }

    /// <summary>Operations that need a token say so, with the permission they need.</summary>
    private sealed class BearerRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var policies = context.MethodInfo.GetCustomAttributes(true).OfType<AuthorizeAttribute>()
                .Select(a => a.Policy)
                .OfType<string>()
                .ToList();
            if (policies.Count == 0)
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? string.Empty : "\n\n")}Requires the permission `{string.Join("`, `", policies)}`.";
        }
    }

    [GeneratedRegex("(V[0-9]+)?Controller$")]
    private static partial Regex VersionSuffix();
}
