using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;
using RetailGateway.Pact.Tests.Salesforce;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// Provider verification of the committed Salesforce pacts: the engine's verifier replays every
/// interaction against the real gateway. Interactions with a provider state run with a valid token
/// (the verifier's custom header, as the Named Credential sends one); interactions without a state
/// are the unauthenticated ones and run with the token the pact holds; those in the state "the client has
/// used its read budget" run with the token of a client whose budget is one read.
/// </summary>
public abstract class SalesforcePactVerificationTests(GatewayProvider gateway)
{
    public static TheoryData<string> Consumers => ["SalesforceApex", "SalesforceFlow"];

    [Theory]
    [MemberData(nameof(Consumers))]
    public void TheGatewayHonoursThePact(string consumer)
    {
        var pact = PactEngine.PactFile(consumer, SalesforceShapes.Provider);

        var interactions = JsonNode.Parse(File.ReadAllText(pact))!["interactions"]!.AsArray();
        var states = interactions.SelectMany(i => i!["providerStates"]?.AsArray() ?? []).Select(s => s!["name"]!.GetValue<string>()).ToHashSet();

        var authenticated = new PactVerifier(SalesforceShapes.Provider)
            .WithHttpEndpoint(gateway.BaseAddress)
            .WithFileSource(pact)
            .WithProviderStateUrl(gateway.StateChangeUrl)
            .WithCustomHeader("Authorization", $"Bearer {GatewayProvider.SalesforceToken()}")
            .WithFilter(providerState: AnyOf(states.Where(s => s != ProviderStates.ReadBudgetUsed)))
            .Verify();
        var unauthenticated = new PactVerifier(SalesforceShapes.Provider)
            .WithHttpEndpoint(gateway.BaseAddress)
            .WithFileSource(pact)
            .WithFilterNoState()
            .Verify();
        var verified = Verified(authenticated) + Verified(unauthenticated);
        if (states.Contains(ProviderStates.ReadBudgetUsed))
        {
            // The verifier sends one Authorization header a pass: the budget ones run as the client with a budget of one read.
            verified += Verified(new PactVerifier(SalesforceShapes.Provider)
                .WithHttpEndpoint(gateway.BaseAddress)
                .WithFileSource(pact)
                .WithProviderStateUrl(gateway.StateChangeUrl)
                .WithCustomHeader("Authorization", $"Bearer {GatewayProvider.SalesforceToken(GatewayProvider.QuotaClientId)}")
                .WithFilter(providerState: AnyOf([ProviderStates.ReadBudgetUsed]))
                .Verify());
        }

        Assert.Equal(interactions.Count, verified);
    }

    /// <summary>The split above relies on this: an interaction without a provider state is one that expects 401.</summary>
    [Theory]
    [MemberData(nameof(Consumers))]
    public void InteractionsWithoutProviderState_AreExactlyTheUnauthenticatedOnes(string consumer)
    {
        var interactions = JsonNode.Parse(File.ReadAllText(PactEngine.PactFile(consumer, SalesforceShapes.Provider)))!["interactions"]!.AsArray();
        foreach (var interaction in interactions)
        {
            var stateless = interaction!["providerStates"] is not JsonArray { Count: > 0 };
            Assert.True(
                stateless == (interaction["response"]!["status"]!.GetValue<int>() == 401),
                $"\"{interaction["description"]}\": give every authenticated interaction a provider state, and none to an unauthenticated one.");
        }
    }

    /// <summary>A (Rust) regex matching exactly these state names.</summary>
    private static string AnyOf(IEnumerable<string> states) =>
        "^(" + string.Join('|', states.Select(s => System.Text.RegularExpressions.Regex.Replace(s, @"[\\.+*?()|\[\]{}^$]", @"\$0"))) + ")$";

    private static int Verified(VerificationResult result)
    {
        var results = result.Report["interactionResults"]!.AsArray();
        Assert.All(results, r => Assert.Equal("OK", r!["result"]!.GetValue<string>()));
        return results.Count;
    }
}

public sealed class SalesforcePactOverJsonRpcTests(JsonRpcGatewayProvider gateway)
    : SalesforcePactVerificationTests(gateway), IClassFixture<JsonRpcGatewayProvider>;

public sealed class SalesforcePactOverJson2Tests(Json2GatewayProvider gateway)
    : SalesforcePactVerificationTests(gateway), IClassFixture<Json2GatewayProvider>;
