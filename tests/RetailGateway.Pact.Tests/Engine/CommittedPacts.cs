using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Pact.Tests.Engine;

/// <summary>
/// Consumer tests write their pact to a scratch folder, then hold it against the committed file in
/// <c>contracts/pacts/</c>: every interaction the consumer now expects must be in the committed pact
/// exactly as the engine wrote it. With <c>UPDATE_PACTS=1</c> the committed file is updated instead.
/// The committed files are what provider verification reads, so a consumer change that is not
/// committed fails here, and a provider change that breaks a committed interaction fails there.
/// </summary>
internal static class CommittedPacts
{
    public const string UpdateVariable = "UPDATE_PACTS";
    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Runs the consumer against the engine's mock server, then checks (or updates) the committed pact.</summary>
    public static async Task VerifyAsync(PactV4 pact, Func<Uri, Task> consumer)
    {
        var scratch = Directory.CreateTempSubdirectory("retailgateway-pact-");
        try
        {
            await pact.VerifyAsync(scratch.FullName, consumer);
            var generated = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(scratch.FullName, $"{pact.Consumer}-{pact.Provider}.json")))!;
            Reconcile(generated, PactEngine.PactFile(pact.Consumer, pact.Provider));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static void Reconcile(JsonNode generated, string committedPath)
    {
        var relative = Path.GetRelativePath(PactEngine.RepositoryRoot, committedPath);
        lock (Gate)
        {
            var committed = File.Exists(committedPath) ? JsonNode.Parse(File.ReadAllText(committedPath)) : null;
            if (Updating)
            {
                File.WriteAllText(committedPath, Merge(committed, generated).ToJsonString(Indented) + "\n", new UTF8Encoding(false));
                return;
            }

            Assert.True(committed is not null, $"{relative} does not exist. Create it with {UpdateVariable}=1 dotnet test tests/RetailGateway.Pact.Tests.");
            foreach (var interaction in generated["interactions"]!.AsArray())
            {
                var match = committed!["interactions"]!.AsArray().FirstOrDefault(i => Key(i!) == Key(interaction!));
                Assert.True(
                    match is not null && JsonNode.DeepEquals(match, interaction),
                    $"{relative} does not hold the interaction \"{Key(interaction!)}\" as the consumer now expects it:\n" +
                    $"{interaction!.ToJsonString(Indented)}\nIf the change is intended, update the pact with {UpdateVariable}=1 dotnet test tests/RetailGateway.Pact.Tests " +
                    "and let the provider verification show whether the provider still honours it.");
            }
        }
    }

    private static JsonNode Merge(JsonNode? committed, JsonNode generated)
    {
        var document = committed?.DeepClone() ?? generated.DeepClone();
        var interactions = document["interactions"]!.AsArray().Select(i => i!.DeepClone()).ToList();
        foreach (var interaction in generated["interactions"]!.AsArray())
        {
            interactions.RemoveAll(i => Key(i) == Key(interaction!));
            interactions.Add(interaction!.DeepClone());
        }

        document["interactions"] = new JsonArray([.. interactions.OrderBy(Key, StringComparer.Ordinal)]);
        document["metadata"] = generated["metadata"]!.DeepClone();
        return document;
    }

    /// <summary>An interaction is identified by its description and provider states, as Pact does.</summary>
    private static string Key(JsonNode interaction) =>
        interaction["description"]!.GetValue<string>() + " | " +
        string.Join(", ", (interaction["providerStates"]?.AsArray() ?? []).Select(s => s!["name"]!.GetValue<string>()));
}
