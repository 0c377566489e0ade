using System.Text.Json.Nodes;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>The runtime settings the gateway's build hands to .NET, as they reach its <c>runtimeconfig.json</c>.</summary>
public sealed class RuntimeSettingsTests
{
    private static JsonObject ConfigProperties()
    {
        // The gateway's runtimeconfig.json is copied beside the test assembly with the gateway it references.
        var path = Path.Combine(AppContext.BaseDirectory, "RetailGateway.Api.runtimeconfig.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        return document["runtimeOptions"]!["configProperties"]!.AsObject();
    }

    [Fact]
    public void ServerGc_KeepsDynamicAdaptation_WithGen0CappedAtTheLiveHeap()
    {
        var properties = ConfigProperties();
        Assert.True(properties["System.GC.Server"]!.GetValue<bool>());
        // DATAS stays on: turning it off raised a burst's peak (docs/operations.md).
        Assert.False(properties.ContainsKey("System.GC.DynamicAdaptationMode"));
        // Per mille of the live heap that gen0's budget may reach; the runtime's default is 10,000.
        Assert.Equal(1000, properties["System.GC.DGen0GrowthMaxFactor"]!.GetValue<int>());
    }
}
