using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;
using RetailGateway.Pact.Tests.Odoo;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// Provider verification of the committed Odoo pacts: the engine's verifier replays every interaction
/// against the Odoo sandbox (or the Odoo named by <c>PACT_ODOO_URL</c>), after setting up its provider
/// states, so the sandbox is held to exactly what the gateway relies on.
/// </summary>
public abstract class OdooPactVerificationTests(OdooProvider odoo)
{
    [Fact]
    public void OdooHonoursThePact()
    {
        var pact = PactEngine.PactFile(OdooShapes.Consumer, odoo.Provider);

        var result = new PactVerifier(odoo.Provider)
            .WithHttpEndpoint(odoo.BaseAddress)
            .WithFileSource(pact)
            .WithProviderStateUrl(odoo.StateChangeUrl)
            .Verify();

        var interactions = JsonNode.Parse(File.ReadAllText(pact))!["interactions"]!.AsArray();
        var results = result.Report["interactionResults"]!.AsArray();
        Assert.All(results, r => Assert.Equal("OK", r!["result"]!.GetValue<string>()));
        Assert.Equal(interactions.Count, results.Count);
    }

    /// <summary>
    /// The verification can fail: the pact as it would read had the gateway come to rely on a renamed
    /// field and on another status is refused by the same verifier against the same provider.
    /// </summary>
    [Fact]
    public void APactWithARenamedFieldAndAnotherStatus_FailsVerification()
    {
        var document = JsonNode.Parse(File.ReadAllText(PactEngine.PactFile(OdooShapes.Consumer, odoo.Provider)))!;
        var read = Interaction(document, "a read of a confirmed order");
        // JSON-2 answers the records; JSON-RPC wraps them in "result".
        var content = read["response"]!["body"]!["content"]!;
        var order = (content is JsonArray records ? records : content["result"]!.AsArray())[0]!.AsObject();
        order["delivery_state"] = order["delivery_status"]!.DeepClone();
        order.Remove("delivery_status");
        var missing = Interaction(document, "a read of an order that does not exist");
        missing["response"]!["status"] = 404;
        document["interactions"] = new JsonArray(read.DeepClone(), missing.DeepClone());
        var scratch = Directory.CreateTempSubdirectory("retailgateway-pact-");
        try
        {
            var pact = Path.Combine(scratch.FullName, $"{OdooShapes.Consumer}-{odoo.Provider}.json");
            File.WriteAllText(pact, document.ToJsonString());

            var failure = Assert.Throws<PactVerificationException>(() => new PactVerifier(odoo.Provider)
                .WithHttpEndpoint(odoo.BaseAddress)
                .WithFileSource(pact)
                .WithProviderStateUrl(odoo.StateChangeUrl)
                .Verify());

            var results = failure.Result.Report["interactionResults"]!.AsArray();
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.NotEqual("OK", r!["result"]!.GetValue<string>()));
            Assert.Contains("delivery_state", failure.Result.Output, StringComparison.Ordinal);
            Assert.Contains("expected 404", failure.Result.Output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static JsonNode Interaction(JsonNode pact, string description) =>
        pact["interactions"]!.AsArray().Single(i => i!["description"]!.GetValue<string>() == description)!;
}

public sealed class OdooPactOverJsonRpcVerificationTests(JsonRpcOdooProvider odoo)
    : OdooPactVerificationTests(odoo), IClassFixture<JsonRpcOdooProvider>;

public sealed class OdooPactOverJson2VerificationTests(Json2OdooProvider odoo)
    : OdooPactVerificationTests(odoo), IClassFixture<Json2OdooProvider>;
