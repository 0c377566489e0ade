using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// The Apex tests and the pact hold one contract: every interaction an Apex test answers with (a
/// <c>v2: ...</c> literal, read from the parser's tree) is in the RetailGatewayPact static resource, and
/// every kit interaction there is a callout RetailGatewayClient makes (method, path, query names), which
/// the strict RetailGatewayPactMock then requires of the callout in the org.
/// </summary>
public sealed class PactAnswerTests(SalesforceKit kit) : IClassFixture<SalesforceKit>
{
    private const string Client = "/classes/RetailGatewayClient.cls";
    private const string Resource = "force-app/main/default/staticresources/RetailGatewayPact.json";

    [Fact]
    public void Every_interaction_the_Apex_tests_answer_with_is_in_the_pact()
    {
        var missing = Missing(kit.CommittedApex, Path.Combine(SalesforceKit.ProjectDirectory, Resource));

        Assert.NotEmpty(kit.CommittedApex.PactAnswers);
        Assert.True(missing.Count == 0, "not in the static resource (rename, or add the interaction to tests/RetailGateway.Pact.Tests):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void A_test_naming_an_interaction_the_pact_lacks_fails()
    {
        using var copy = SalesforceKit.Copy();
        copy.Replace("force-app/main/default/classes/RetailGatewayClientTest.cls", "'v2: a request for customer C1'", "'v2: a request for customer C9'");

        var missing = Missing(kit.ReadApex(copy.Directory), copy.PathOf(Resource));

        Assert.Equal("v2: a request for customer C9", Assert.Single(missing).Description);
    }

    [Fact]
    public void Every_kit_interaction_of_the_pact_is_a_callout_the_client_makes()
    {
        var callouts = kit.CommittedApex.Callouts.Where(c => c.File.EndsWith(Client, StringComparison.Ordinal)).ToList();
        var interactions = Interactions(Path.Combine(SalesforceKit.ProjectDirectory, Resource)).Where(i => i.Key.StartsWith("v2: ", StringComparison.Ordinal)).ToList();

        var unmatched = interactions
            .Where(i =>
            {
                var request = i.Value!["request"]!;
                var method = request["method"]!.GetValue<string>();
                var path = request["path"]!.GetValue<string>();
                var query = request["query"]!.AsObject().Select(q => q.Key);
                return !callouts.Any(c => c.Method == method && PathMatches(c.Path!, path) && query.All(c.Query.Contains));
            })
            .Select(i => i.Key)
            .ToList();

        Assert.NotEmpty(interactions);
        Assert.True(unmatched.Count == 0, "no RetailGatewayClient callout makes:\n" + string.Join('\n', unmatched));
    }

    private static List<ApexPactAnswer> Missing(ApexReading apex, string resource)
    {
        var interactions = Interactions(resource).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        return apex.PactAnswers.Where(a => !interactions.Contains(a.Description)).ToList();
    }

    private static JsonObject Interactions(string resource) =>
        JsonNode.Parse(File.ReadAllText(resource))!["interactions"]!.AsObject();

    /// <summary>A callout's path template (<c>{}</c> for each value) against an interaction's example path.</summary>
    private static bool PathMatches(string template, string path) =>
        Regex.IsMatch(path, "^" + Regex.Escape(template).Replace(@"\{}", "[^/]+", StringComparison.Ordinal) + "$");
}
