using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Asp.Versioning.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.OpenApi;

/// <summary>
/// The committed <c>openapi.yaml</c> is what the code generates, and it is something Salesforce
/// External Services and client generators accept. Regenerate it with
/// <c>UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c>.
/// </summary>
public sealed partial class OpenApiDocumentTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    // Apex reserved words (and the ones DESIGN.md names) may not be property names.
    private static readonly HashSet<string> ApexReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "abstract", "activate", "and", "any", "array", "as", "asc", "autonomous", "begin", "bigdecimal", "blob", "boolean", "break",
        "bulk", "by", "byte", "case", "cast", "catch", "char", "class", "collect", "commit", "const", "continue", "currency", "date",
        "datetime", "decimal", "default", "delete", "desc", "do", "double", "else", "end", "enum", "exception", "exit", "export",
        "extends", "false", "final", "finally", "float", "for", "from", "global", "goto", "group", "having", "hint", "if",
        "implements", "import", "in", "inner", "insert", "instanceof", "int", "integer", "interface", "into", "join", "like", "limit",
        "list", "long", "loop", "map", "merge", "new", "not", "null", "nulls", "number", "object", "of", "on", "or", "outer",
        "override", "package", "parallel", "pragma", "private", "protected", "public", "retrieve", "return", "rollback", "select",
        "set", "short", "sobject", "sort", "static", "string", "super", "switch", "synchronized", "system", "testmethod", "then",
        "this", "throw", "time", "transaction", "trigger", "true", "try", "type", "undelete", "update", "upsert", "using", "virtual",
        "void", "webservice", "when", "where", "while",
    };

    /// <summary>Every version the code serves, from the versions the controllers declare.</summary>
    public static TheoryData<string> Versions => new(VersionNames);

    private static readonly string[] VersionNames = ["v1", "v2"];

    [Fact]
    public void TheVersionsUnderTest_AreTheVersionsTheCodeDeclares()
    {
        var declared = gateway.Gateway.Services.GetRequiredService<IApiVersionDescriptionProvider>().ApiVersionDescriptions.Select(d => d.GroupName);
        Assert.Equal(VersionNames, declared.Order());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task CommittedOpenApiDocuments_MatchWhatTheCodeGenerates(string version)
    {
        var generated = await (await gateway.AnonymousClient().GetAsync($"/swagger/{version}/swagger.yaml")).Content.ReadAsStringAsync();
        // The current version is openapi.yaml; every older version still served keeps its own file.
        var latest = VersionNames.Max(StringComparer.Ordinal);
        var path = Path.Combine(ToolProcess.RepositoryRoot, version == latest ? "openapi.yaml" : $"openapi.{version}.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : string.Empty;
        Assert.True(
            Normalize(committed) == Normalize(generated),
            $"{Path.GetFileName(path)} differs from the generated {version} document. Regenerate it: UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Document_IsOpenApi30(string version)
    {
        var document = await DocumentAsync(version);
        Assert.Matches(@"^3\.0\.\d+$", document["openapi"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EveryOperation_HasAnApexSafeOperationIdSummaryAndProblemResponses(string version)
    {
        var document = await DocumentAsync(version);
        var operationIds = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]?.GetValue<string>();
                Assert.False(string.IsNullOrEmpty(id), $"{method} {path} has no operationId");
                Assert.Matches(ApexIdentifier(), id!);
                Assert.DoesNotContain(id!, ApexReserved);
                operationIds.Add(id!);
                Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{id} has no summary");
                Assert.NotNull(operation["security"]);

                var responses = operation["responses"]!.AsObject();
                Assert.Contains(responses, r => r.Key.StartsWith('2'));
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    var content = response!["content"]!.AsObject();
                    // Salesforce External Services types application/json only: any other media type needs a hand mapping at registration.
                    Assert.Equal(["application/json"], content.Select(c => c.Key));
                    Assert.Equal("#/components/schemas/ApiProblem", content["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
                }
            }
        }

        // v2 adds queueOrder (async intake as an operation of its own), the three product operations, the five quote operations,
        // getCustomerPrices, the five return operations and createCreditNote.
        Assert.Equal(version == "v1" ? 20 : 36, operationIds.Count);
        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EverySchemaProperty_IsAnApexSafeName_AndNoUnsupportedKeywordIsUsed(string version)
    {
        var document = await DocumentAsync(version);
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            Assert.Matches(ApexIdentifier(), name);
            foreach (var (property, _) in schema!["properties"]?.AsObject() ?? [])
            {
                Assert.Matches(ApexIdentifier(), property);
                Assert.False(ApexReserved.Contains(property), $"{name}.{property} is an Apex reserved word");
            }
        }

        var text = document.ToJsonString();
        Assert.DoesNotContain("\"not\":", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"oneOf\":", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryResourceSchema_HasExamples()
    {
        var document = await DocumentAsync("v1");
        foreach (var name in new[] { "Customer", "Order", "OrderLine", "Shipment", "StockLevel", "Invoice", "OrderSubmission", "CustomerInput" })
        {
            var properties = document["components"]!["schemas"]![name]!["properties"]!.AsObject();
            Assert.Contains(properties, p => p.Value!["example"] is not null);
        }
    }

    [Fact]
    public async Task TheV1Document_SaysItIsDeprecated_AndV2AddsShippingAddresses()
    {
        var v1 = await DocumentAsync("v1");
        var v2 = await DocumentAsync("v2");
        Assert.Contains("deprecated", v1["info"]!["description"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("deprecated", v2["info"]!["description"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(v2["components"]!["schemas"]!["CustomerV2"]!["properties"]!["shippingAddress"]);
        Assert.NotNull(v2["components"]!["schemas"]!["OrderSubmissionV2"]!["properties"]!["shippingAddressId"]);
        Assert.Null(v1["components"]!["schemas"]!["Customer"]!["properties"]!["shippingAddress"]);
    }

    [Fact]
    public async Task EveryV1Operation_IsDeprecated_AndNoV2OneIs()
    {
        Assert.All(Operations(await DocumentAsync("v1")), o => Assert.True(o.Operation["deprecated"]?.GetValue<bool>() == true, $"{o.Id} is not deprecated"));
        Assert.All(Operations(await DocumentAsync("v2")), o => Assert.Null(o.Operation["deprecated"]));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Document_HasAServerAndAContact(string version)
    {
        var document = await DocumentAsync(version);
        Assert.StartsWith("http", document["servers"]![0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(document["info"]!["contact"]!["name"]?.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task AnObjectMember_IsEitherRequired_OrNullable(string version)
    {
        // A bare $ref cannot say nullable in OpenAPI 3.0: an optional object member the gateway may answer (or Apex send) as null is allOf + nullable.
        var schemas = (await DocumentAsync(version))["components"]!["schemas"]!.AsObject();
        foreach (var (name, schema) in schemas)
        {
            var required = schema!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (member, property) in schema["properties"]?.AsObject() ?? [])
            {
                if (property!["$ref"]?.GetValue<string>() is { } reference && schemas[reference.Split('/')[^1]]!["type"]?.GetValue<string>() == "object")
                {
                    Assert.True(required.Contains(member), $"{name}.{member} is an optional bare $ref: wrap it in allOf with nullable: true");
                }
                else if (property["allOf"] is not null)
                {
                    Assert.True(property["nullable"]?.GetValue<bool>() == true, $"{name}.{member} wraps a $ref without being nullable");
                }
            }
        }

        if (version == "v2")
        {
            var shipping = schemas["CustomerV2"]!["properties"]!["shippingAddress"]!;
            Assert.True(shipping["nullable"]!.GetValue<bool>());
            Assert.Equal("#/components/schemas/ShippingAddress", shipping["allOf"]![0]!["$ref"]!.GetValue<string>());
            Assert.True(schemas["CustomerInputV2"]!["properties"]!["billingAddress"]!["nullable"]!.GetValue<bool>());
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task RequestSchemas_AcceptUnknownMembers_AsTheGatewayDoes(string version)
    {
        var document = await DocumentAsync(version);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var pending = new Stack<JsonNode>(Operations(document).Select(o => o.Operation["requestBody"]?["content"]?["application/json"]?["schema"]).OfType<JsonNode>());
        var seen = new HashSet<string>();
        while (pending.TryPop(out var schema))
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                var name = reference.Split('/')[^1];
                if (seen.Add(name))
                {
                    pending.Push(schemas[name]!);
                }

                continue;
            }

            Assert.NotEqual(false, schema["additionalProperties"]?.GetValue<bool>());
            foreach (var child in (schema["properties"]?.AsObject().Select(p => p.Value) ?? []).Concat(schema["allOf"]?.AsArray() ?? []).Append(schema["items"]).OfType<JsonNode>())
            {
                pending.Push(child);
            }
        }

        Assert.Contains(version == "v1" ? "OrderSubmission" : "OrderSubmissionV2", seen);
        Assert.Contains("AddressInput", seen);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EveryOperation_DeclaresTheStatusesAndHeadersTheGatewayAdds(string version)
    {
        foreach (var (id, method, operation) in Operations(await DocumentAsync(version)))
        {
            var responses = operation["responses"]!.AsObject();
            var parameters = operation["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            if (method == "get")
            {
                Assert.True(responses.ContainsKey("304"), $"{id} lacks 304");
                Assert.Contains("If-None-Match", parameters);
                Assert.NotNull(responses["200"]!["headers"]!["ETag"]);
            }

            if (operation["requestBody"] is not null)
            {
                Assert.True(responses.ContainsKey("413") && responses.ContainsKey("415"), $"{id} lacks 413 or 415");
            }

            if (responses.ContainsKey("412"))
            {
                Assert.Contains("If-Match", parameters);
            }

            Assert.NotNull(responses["429"]!["headers"]!["Retry-After"]);
            Assert.NotNull(responses["429"]!["headers"]!["RateLimit"]);
            Assert.NotNull(responses["503"]!["headers"]!["Retry-After"]);
            foreach (var created in new[] { "201", "202" }.Where(responses.ContainsKey))
            {
                Assert.NotNull(responses[created]!["headers"]!["Location"]);
            }

            Assert.Equal(version == "v1", responses.First(r => r.Key[0] == '2').Value!["headers"]?["Deprecation"] is not null);
        }
    }

    [Fact]
    public async Task V2AsyncSubmission_IsAnOperationOfItsOwn_AndSubmitOrderHasOneSuccessSchema()
    {
        var document = await DocumentAsync("v2");
        var submit = document["paths"]!["/api/v2/orders"]!["post"]!;
        Assert.DoesNotContain(submit["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Prefer");
        var successes = submit["responses"]!.AsObject().Where(r => r.Key[0] == '2').ToList();
        Assert.Equal(["200", "201"], successes.Select(r => r.Key).Order());
        Assert.All(successes, r => Assert.Equal("#/components/schemas/OrderV2", r.Value!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>()));

        var queue = document["paths"]!["/api/v2/order-submissions"]!["post"]!;
        Assert.Equal("queueOrder", queue["operationId"]!.GetValue<string>());
        Assert.Equal(["202"], queue["responses"]!.AsObject().Where(r => r.Key[0] == '2').Select(r => r.Key));
        Assert.Contains(queue["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["required"]!.GetValue<bool>());
        Assert.Contains(queue["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Intake-Priority");
        Assert.NotNull(document["components"]!["schemas"]!["OrderSubmissionStatus"]!["properties"]!["statusUrl"]);

        // v1 is frozen: it keeps Prefer: respond-async on submitOrder.
        var v1Submit = (await DocumentAsync("v1"))["paths"]!["/api/v1/orders"]!["post"]!;
        Assert.Contains(v1Submit["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Prefer");
        Assert.NotNull(v1Submit["responses"]!["202"]);
    }

    private static IEnumerable<(string Id, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(o => (o.Value!["operationId"]!.GetValue<string>(), o.Key, o.Value!)));

    private async Task<JsonNode> DocumentAsync(string version)
    {
        var response = await gateway.AnonymousClient().GetAsync($"/swagger/{version}/swagger.json");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex ApexIdentifier();
}
