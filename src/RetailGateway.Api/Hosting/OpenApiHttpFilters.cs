using System.Text.Json.Nodes;
using Asp.Versioning.ApiExplorer;
using Microsoft.OpenApi;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Versions;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// The HTTP around each operation, as the gateway's filters and middleware answer it: the statuses they add
/// (304 on reads, 413 and 415 on bodies, 414 and 431 on any request), the conditional request headers, and the response headers callers
/// use. Declared once here because the code that produces them is not on the actions either.
/// </summary>
internal sealed class HttpSemanticsFilter(IApiVersionDescriptionProvider versions) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var responses = operation.Responses ??= [];
        var document = context.Document;
        var isRead = string.Equals(context.ApiDescription.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase);
        if (isRead)
        {
            // ETagFilter: every successful read carries an ETag, and a matching If-None-Match is a 304 without a body.
            AddParameter(operation, HttpHeaders.IfNoneMatch, "The `ETag` of the representation already held: 304 without a body while it still matches.");
            responses["304"] = new OpenApiResponse { Description = "Not Modified: the representation still has the `ETag` sent in `If-None-Match`." };
        }

        if (responses.ContainsKey("412"))
        {
            AddParameter(operation, HttpHeaders.IfMatch, "The `ETag` the change is based on (from a read): 412 when the resource has changed since.");
        }

        if (operation.RequestBody is OpenApiRequestBody body)
        {
            // Every body parameter is non-nullable: an empty body is a 400 ("A request body is required.").
            body.Required = true;
            responses["413"] = Problem(document, $"Payload Too Large (`{ErrorCodes.PayloadTooLarge}`): the body is over {ApiSetup.MaxRequestBodyBytes / 1024} KiB.");
            responses["415"] = Problem(document, $"Unsupported Media Type (`{ErrorCodes.UnsupportedMediaType}`): send the body as `application/json`.");
        }

        // RequestLimits: any request may be over the documented request-line or header limits.
        responses["414"] = Problem(document, $"URI Too Long (`{ErrorCodes.UrlTooLong}`): the request line, query string included, is over {RequestLimits.MaxRequestLineBytes / 1024} KiB.");
        responses["431"] = Problem(document, $"Request Header Fields Too Large (`{ErrorCodes.HeadersTooLarge}`): over {RequestLimits.MaxRequestHeaderCount} header lines or {RequestLimits.MaxRequestHeadersBytes / 1024} KiB of them.");

        var idempotent = context.MethodInfo.GetCustomAttributes(true).OfType<IdempotentAttribute>().Any();
        // ResourceCache/ETagFilter: a read that may be answered from its last known copy; a frozen version's document stays as it was.
        var servesStale = isRead && context.MethodInfo.GetCustomAttributes(true).OfType<ServesStaleAttribute>().Any() && MarksStaleInBody(context.DocumentName);
        if (servesStale && responses.TryGetValue("200", out var ok) && ok is OpenApiResponse { Content: { } content })
        {
            AddStaleMembers(context.SchemaRepository, content.Values.Select(media => media.Schema));
        }

        var deprecated = IsDeprecated(context.DocumentName);
        operation.Deprecated |= deprecated;
        foreach (var (status, declared) in responses)
        {
            if (declared is not OpenApiResponse response)
            {
                continue;
            }

            var success = status[0] == '2' || status == "304";
            var headers = new List<string>();
            if (success)
            {
                headers.AddRange([HttpHeaders.RateLimit, HttpHeaders.RateLimitPolicy, HttpHeaders.SupportedVersions]);
            }

            if (isRead && success)
            {
                headers.Add(HttpHeaders.ETag);
            }

            if (servesStale && status == "200")
            {
                headers.AddRange([HttpHeaders.Age, HttpHeaders.Stale]);
            }

            if (status is "201" or "202")
            {
                headers.Add(HttpHeaders.Location);
            }

            if (idempotent && status[0] == '2')
            {
                headers.Add(HttpHeaders.IdempotentReplayed);
            }

            if (deprecated && success)
            {
                headers.AddRange([HttpHeaders.Deprecation, HttpHeaders.Sunset, HttpHeaders.Link]);
            }

            headers.AddRange(status switch
            {
                "429" => [HttpHeaders.RetryAfter, HttpHeaders.RateLimit, HttpHeaders.RateLimitPolicy],
                "409" or "503" => [HttpHeaders.RetryAfter],
                "401" => [HttpHeaders.WwwAuthenticate],
                _ => [],
            });
            foreach (var header in headers)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[header] = new OpenApiHeaderReference(header, document);
            }
        }
    }

    private bool MarksStaleInBody(string documentName) =>
        versions.ApiVersionDescriptions.FirstOrDefault(d => d.GroupName == documentName) is { ApiVersion.MajorVersion: { } major }
        && ApiVersions.For(major).MarksStaleInBody;

    /// <summary>The body members of a stale answer (<see cref="StaleAnswer.MarkBody"/>), optional on the resource or envelope answered.</summary>
    private static void AddStaleMembers(SchemaRepository repository, IEnumerable<IOpenApiSchema?> schemas)
    {
        foreach (var id in schemas.OfType<OpenApiSchemaReference>().Select(reference => reference.Reference.Id).OfType<string>())
        {
            if (repository.Schemas.TryGetValue(id, out var found) && found is OpenApiSchema schema)
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["stale"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Boolean,
                    Description = "`true` when the record or batch answered (never a list item) is the last known copy, served because Odoo is unavailable; absent on a fresh answer.",
                };
                schema.Properties["asOf"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "date-time",
                    Description = "When the last known copy was loaded from Odoo (UTC); present only with `stale`.",
                };
            }
        }
    }

    private bool IsDeprecated(string documentName) =>
        versions.ApiVersionDescriptions.Any(d => d.GroupName == documentName && (d.IsDeprecated || d.DeprecationPolicy is not null));

    private static void AddParameter(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = JsonValue.Create("\"pEgW1tntOXJ6uBYXKgrTPg\""),
        });
    }

    private static OpenApiResponse Problem(OpenApiDocument? document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(ApiProblem), document) },
        },
    };
}

/// <summary>
/// The response headers of <see cref="HttpSemanticsFilter"/>, declared once under <c>components/headers</c>.
/// </summary>
internal sealed class HttpComponentsFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        // Only those some response uses: a version without deprecation has no use for Deprecation.
        var used = (document.Paths ?? []).Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            .SelectMany(response => response.Headers?.Values ?? Enumerable.Empty<IOpenApiHeader>())
            .OfType<OpenApiHeaderReference>()
            .Select(header => header.Reference.Id)
            .ToHashSet(StringComparer.Ordinal);
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var (name, (description, schema)) in HttpHeaders.Responses.Where(h => used.Contains(h.Key)))
        {
            document.Components.Headers[name] = new OpenApiHeader { Description = description, Schema = schema };
        }
    }
}

/// <summary>Names and meanings of the headers the gateway reads and writes around its operations.</summary>
internal static class HttpHeaders
{
    public const string IfNoneMatch = "If-None-Match";
    public const string IfMatch = "If-Match";
    public const string ETag = "ETag";
    public const string Location = "Location";
    public const string RetryAfter = "Retry-After";
    public const string RateLimit = "RateLimit";
    public const string RateLimitPolicy = "RateLimit-Policy";
    public const string IdempotentReplayed = IdempotencyFilter.ReplayedHeader;
    public const string Deprecation = "Deprecation";
    public const string Sunset = "Sunset";
    public const string Link = "Link";
    public const string SupportedVersions = "api-supported-versions";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string Age = StaleAnswer.AgeHeader;
    public const string Stale = StaleAnswer.StaleHeader;

    private static OpenApiSchema Text => new() { Type = JsonSchemaType.String };

    public static readonly IReadOnlyDictionary<string, (string Description, OpenApiSchema Schema)> Responses = new Dictionary<string, (string, OpenApiSchema)>
    {
        [ETag] = ("Strong entity tag of the representation; send it back in `If-None-Match` (reads) or `If-Match` (customer writes).", Text),
        [Location] = ("URL of the created resource (201) or of the queued submission's status (202), relative to the gateway's base URL.", Text),
        [RetryAfter] = ("Seconds to wait before retrying.", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }),
        [RateLimit] = ("What is left of the client's budget (IETF RateLimit header fields): `\"read\";r=599;t=1` is 599 requests left, window resets in 1 s.", Text),
        [RateLimitPolicy] = ("The client's budget (IETF RateLimit header fields): `\"read\";q=600;w=30` is 600 requests per 30 s window.", Text),
        [IdempotentReplayed] = ("`true` when this is the stored response of an earlier request with the same `Idempotency-Key`, replayed.", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] }),
        [Deprecation] = ("When this API version was deprecated (RFC 9745), e.g. `@1795737600`.", Text),
        [Sunset] = ("When this API version stops being served (RFC 8594), an HTTP date.", Text),
        [SupportedVersions] = ("The API versions the resource is served in (Asp.Versioning), e.g. `1.0, 2.0`.", Text),
        [WwwAuthenticate] = ("`Bearer`, with the reason when the token was refused (RFC 6750).", Text),
        [Age] = ("Only on a stale answer (Odoo unavailable, last known copy served): seconds since the copy was loaded from Odoo (RFC 9111).", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" }),
        [Stale] = ("Only on a stale answer: when the copy was loaded from Odoo, ISO 8601 UTC (the body's `asOf`).", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }),
        [Link] = ("`rel=\"deprecation\"` and `rel=\"sunset\"`: where to read how to move to the current version.", Text),
    };
}

/// <summary>Limits the gateway checks in code (not by attributes), stated where callers and validators read them.</summary>
internal sealed class RequestLimitsFilter : IParameterFilter, ISchemaFilter
{
    /// <summary>Members and parameters that carry a gateway id: <see cref="ResourceId"/> parses them.</summary>
    private static readonly HashSet<string> IdNames = ["customerId", "orderId", "invoiceId", "shippingAddressId"];

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is not OpenApiParameter { Schema: OpenApiSchema schema })
        {
            return;
        }

        switch (parameter.Name)
        {
            case "limit" when schema.Type?.HasFlag(JsonSchemaType.Integer) == true:
                schema.Minimum = "1";
                schema.Maximum = Cursor.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = JsonValue.Create(Cursor.DefaultLimit);
                break;
            case "skus":
                // At most MaxSkus comma-separated SKUs (the gateway also drops blanks and repeats before it counts).
                schema.Pattern = $"^[^,]*(,[^,]*){{0,{Stock.StockService.MaxSkus - 1}}}$";
                break;
            case "sku" when parameter.In == ParameterLocation.Path:
                schema.Pattern = Canonical.Patterns.Sku;
                break;
            case { } name when IdNames.Contains(name):
                schema.Pattern = ResourceId.Pattern;
                break;
        }
    }

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        foreach (var (name, member) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (IdNames.Contains(name) && member is OpenApiSchema { Type: { } type } id && type.HasFlag(JsonSchemaType.String))
            {
                id.Pattern = ResourceId.Pattern;
            }
        }
    }
}
