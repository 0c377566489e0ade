namespace RetailGateway.Salesforce.Tests;

/// <summary>Every Apex class and trigger of the kit parses with @apexdevtools/apex-parser without an error.</summary>
public sealed class ApexSyntaxTests(SalesforceKit kit) : IClassFixture<SalesforceKit>
{
    [Fact]
    public void Every_class_and_trigger_parses_without_error()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(SalesforceKit.ProjectDirectory, "force-app"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cls", StringComparison.Ordinal) || f.EndsWith(".trigger", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Path.Combine(SalesforceKit.ProjectDirectory, "force-app"), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var reading = kit.CommittedApex;

        Assert.NotEmpty(sources);
        Assert.Equal(sources, reading.Files.Select(f => f.File).Order(StringComparer.Ordinal));
        var errors = reading.Files.SelectMany(f => f.Errors.Select(e => $"{f.File}:{e}")).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_file()
    {
        using var copy = SalesforceKit.Copy();
        copy.Replace("force-app/main/default/classes/RetailGatewayClient.cls", ".send(RetailGatewayModels.CustomerV2Page.class);", ".send(RetailGatewayModels.CustomerV2Page.class)");

        var reading = kit.ReadApex(copy.Directory);

        var broken = Assert.Single(reading.Files, f => f.Errors.Count > 0);
        Assert.Equal("main/default/classes/RetailGatewayClient.cls", broken.File);
    }
}
