using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Asp.Versioning.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Tests.Hosting;

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
        var path = Path.Combine(RepositoryRoot(), version == latest ? "openapi.yaml" : $"openapi.{version}.yaml");
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

        // v2 adds submitOrderAsync (async intake as an operation of its own).
        Assert.Equal(version == "v1" ? 20 : 21, operationIds.Count);
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

    private async Task<JsonNode> DocumentAsync(string version)
    {
        var response = await gateway.AnonymousClient().GetAsync($"/swagger/{version}/swagger.json");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RetailGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RetailGateway.sln not found above the test output.");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex ApexIdentifier();
}
