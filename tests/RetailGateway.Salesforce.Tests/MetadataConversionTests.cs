using System.Text.Json.Nodes;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// @salesforce/source-deploy-retrieve resolves every file of the kit's force-app into a component and
/// converts the project to Metadata API format at its source API version, the step
/// <c>sf project deploy start</c> takes before it talks to an org; a file of no known type stops it.
/// </summary>
public sealed class MetadataConversionTests(SalesforceKit kit) : IClassFixture<SalesforceKit>
{
    [Fact]
    public void Every_file_resolves_to_a_component_and_the_project_converts()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(SalesforceKit.ProjectDirectory, "sfdx-project.json")))!;
        var apiVersion = settings["sourceApiVersion"]!.GetValue<string>();
        var files = Directory.EnumerateFiles(Path.Combine(SalesforceKit.ProjectDirectory, "force-app"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SalesforceKit.ProjectDirectory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var conversion = kit.Convert(SalesforceKit.ProjectDirectory);

        Assert.Null(conversion.Error);
        Assert.Equal(files, conversion.Components.SelectMany(c => c.Files).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(conversion.Components.Select(c => $"{c.Type}:{c.FullName}").Order(StringComparer.Ordinal), conversion.Packaged.Order(StringComparer.Ordinal));
        Assert.Equal(apiVersion, conversion.PackageVersion);
        Assert.True(decimal.Parse(apiVersion, System.Globalization.CultureInfo.InvariantCulture) >= 62.0m, $"sourceApiVersion {apiVersion} is below 62.0");
    }

    [Fact]
    public void A_file_of_an_unknown_metadata_type_stops_the_conversion()
    {
        using var copy = SalesforceKit.Copy();
        var unknown = copy.PathOf("force-app/main/default/widgets/Gadget.widget-meta.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(unknown)!);
        File.WriteAllText(unknown, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Widget xmlns=\"http://soap.sforce.com/2006/04/metadata\"/>\n");

        var conversion = kit.Convert(copy.Directory);

        Assert.NotNull(conversion.Error);
        Assert.StartsWith("TypeInferenceError", conversion.Error, StringComparison.Ordinal);
        Assert.Contains("Gadget.widget-meta.xml", conversion.Error, StringComparison.Ordinal);
    }
}
