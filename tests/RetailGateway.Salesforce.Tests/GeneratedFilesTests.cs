using RetailGateway.Tests.Shared;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// The kit's files derived from the repository's contracts (<c>src/salesforce/scripts/generate.js</c>) are
/// committed as the script writes them today: a contract that changed without a regeneration fails here.
/// Regenerate with <c>node src/salesforce/scripts/generate.js</c> (it reads YAML with the package the tools pin).
/// </summary>
public sealed class GeneratedFilesTests(SalesforceKit kit) : IClassFixture<SalesforceKit>
{
    private const string Registration = "externalServiceRegistrations/RetailGateway.externalServiceRegistration-meta.xml";

    private static readonly string Committed = Path.Combine(SalesforceKit.ProjectDirectory, "force-app", "main", "default");

    [Fact]
    public void Committed_generated_files_are_what_the_script_writes()
    {
        using var output = new TemporaryFolder();

        var generated = kit.Generate(output.Path);

        Assert.Equal(["externalServiceRegistrations/RetailGateway.externalServiceRegistration-meta.xml", "staticresources/RetailGatewayPact.json"], generated.Keys.Order(StringComparer.Ordinal));
        var stale = generated.Where(g => !File.Exists(Path.Combine(Committed, g.Key)) || File.ReadAllText(Path.Combine(Committed, g.Key)) != g.Value).Select(g => g.Key).ToList();
        Assert.True(stale.Count == 0, $"stale (run node src/salesforce/scripts/generate.js): {string.Join(", ", stale)}");
    }

    [Fact]
    public void A_changed_pact_makes_the_static_resource_stale()
    {
        using var output = new TemporaryFolder();
        var pact = Path.Combine(output.Path, "pact.json");
        var original = File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot, "contracts", "pacts", "SalesforceApex-RetailGateway.json"));
        File.WriteAllText(pact, original.Replace("\"idempotency_key_in_flight\"", "\"key_in_flight\"", StringComparison.Ordinal));

        var generated = kit.Generate(Path.Combine(output.Path, "out"), "--pact", pact);

        Assert.NotEqual(File.ReadAllText(Path.Combine(Committed, "staticresources", "RetailGatewayPact.json")), generated["staticresources/RetailGatewayPact.json"]);
        Assert.Contains("\"key_in_flight\"", generated["staticresources/RetailGatewayPact.json"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_openapi_yaml_makes_the_external_service_stale()
    {
        using var output = new TemporaryFolder();
        var openApi = Path.Combine(output.Path, "openapi.yaml");
        var original = File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot, "openapi.yaml"));
        var renamed = original.Replace("        trackingReference:\n", "        trackingNumber:\n", StringComparison.Ordinal);
        Assert.NotEqual(original, renamed);
        File.WriteAllText(openApi, renamed);

        var generated = kit.Generate(Path.Combine(output.Path, "out"), "--openapi", openApi);

        Assert.NotEqual(File.ReadAllText(Path.Combine(Committed, Registration)), generated[Registration]);
        Assert.Contains("trackingNumber", generated[Registration], StringComparison.Ordinal);
    }

    [Fact]
    public void The_external_service_is_bound_to_the_named_credential_and_names_its_operations()
    {
        var registration = System.Xml.Linq.XDocument.Load(Path.Combine(Committed, Registration)).Root!;
        System.Xml.Linq.XNamespace metadata = "http://soap.sforce.com/2006/04/metadata";

        Assert.Equal("RetailGateway", registration.Element(metadata + "namedCredentialReference")?.Value);
        Assert.Equal("OpenApi3", registration.Element(metadata + "schemaType")?.Value);
        var schema = System.Text.Json.Nodes.JsonNode.Parse(registration.Element(metadata + "schema")!.Value)!;
        var operationIds = schema["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]!.GetValue<string>())).Order(StringComparer.Ordinal);
        Assert.Equal(registration.Elements(metadata + "operations").Select(o => o.Element(metadata + "name")!.Value).Order(StringComparer.Ordinal), operationIds);
        Assert.Null(schema["servers"]);
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sfdx-generated-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
