using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// The kit's metadata names one another as a deploy needs: the Named Credential its External Credential,
/// the permission set that credential's principal, every non-test Apex class and every Order and Account
/// field of the kit, the Flow Apex actions and Order fields that exist. A deploy would refuse a dangling
/// name only once it reaches an org; here it fails at once, as a broken copy shows.
/// </summary>
public sealed partial class MetadataReferencesTests
{
    private static readonly XNamespace Metadata = "http://soap.sforce.com/2006/04/metadata";

    [Fact]
    public void Every_reference_between_the_kits_components_resolves()
    {
        var problems = Problems(SalesforceKit.ProjectDirectory);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void A_renamed_principal_is_reported()
    {
        using var copy = SalesforceKit.Copy();
        copy.Replace("force-app/main/default/externalCredentials/RetailGateway_EntraId.externalCredential-meta.xml", "<parameterName>RetailGatewayClient</parameterName>", "<parameterName>GatewayClient</parameterName>");

        var problems = Problems(copy.Directory);

        Assert.Equal(["the permission set grants RetailGateway_EntraId - RetailGatewayClient, but the principals are RetailGateway_EntraId - GatewayClient"], problems);
    }

    private static List<string> Problems(string project)
    {
        var root = Path.Combine(project, "force-app", "main", "default");
        var problems = new List<string>();
        IEnumerable<string> Names(string folder, string suffix) =>
            Directory.Exists(Path.Combine(root, folder))
                ? Directory.EnumerateFiles(Path.Combine(root, folder), "*" + suffix).Select(f => Path.GetFileName(f)[..^suffix.Length])
                : [];
        XElement Load(string relative) => XDocument.Load(Path.Combine(root, relative)).Root!;

        var externalCredentials = Names("externalCredentials", ".externalCredential-meta.xml").ToList();
        var principals = externalCredentials
            .SelectMany(ec => Load($"externalCredentials/{ec}.externalCredential-meta.xml").Elements(Metadata + "externalCredentialParameters")
                .Where(p => p.Element(Metadata + "parameterType")?.Value == "NamedPrincipal")
                .Select(p => $"{ec} - {p.Element(Metadata + "parameterName")!.Value}"))
            .ToList();
        foreach (var named in Names("namedCredentials", ".namedCredential-meta.xml"))
        {
            foreach (var reference in Load($"namedCredentials/{named}.namedCredential-meta.xml").Descendants(Metadata + "externalCredential").Select(e => e.Value))
            {
                if (!externalCredentials.Contains(reference))
                {
                    problems.Add($"the Named Credential {named} uses External Credential {reference}, which the kit lacks");
                }
            }
        }

        var classes = Names("classes", ".cls").ToList();
        var productClasses = classes.Where(c => !TestClass().IsMatch(File.ReadAllText(Path.Combine(root, "classes", c + ".cls")))).Order(StringComparer.Ordinal).ToList();
        var fields = Directory.EnumerateDirectories(Path.Combine(root, "objects"))
            .Where(o => !File.Exists(Path.Combine(o, Path.GetFileName(o) + ".object-meta.xml")) || !Load($"objects/{Path.GetFileName(o)}/{Path.GetFileName(o)}.object-meta.xml").Elements(Metadata + "customSettingsType").Any())
            .SelectMany(o => Directory.EnumerateFiles(Path.Combine(o, "fields"), "*.field-meta.xml").Select(f => $"{Path.GetFileName(o)}.{Path.GetFileName(f)[..^".field-meta.xml".Length]}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var set in Names("permissionsets", ".permissionset-meta.xml"))
        {
            var permissions = Load($"permissionsets/{set}.permissionset-meta.xml");
            foreach (var granted in permissions.Elements(Metadata + "externalCredentialPrincipalAccesses").Select(a => a.Element(Metadata + "externalCredentialPrincipal")!.Value))
            {
                if (!principals.Contains(granted))
                {
                    problems.Add($"the permission set grants {granted}, but the principals are {string.Join(", ", principals)}");
                }
            }

            var grantedClasses = permissions.Elements(Metadata + "classAccesses").Select(a => a.Element(Metadata + "apexClass")!.Value).Order(StringComparer.Ordinal).ToList();
            if (!grantedClasses.SequenceEqual(productClasses))
            {
                problems.Add($"the permission set grants the classes {string.Join(", ", grantedClasses)}; the kit's are {string.Join(", ", productClasses)}");
            }

            var grantedFields = permissions.Elements(Metadata + "fieldPermissions").Select(a => a.Element(Metadata + "field")!.Value).Order(StringComparer.Ordinal).ToList();
            if (!grantedFields.SequenceEqual(fields))
            {
                problems.Add($"the permission set grants the fields {string.Join(", ", grantedFields)}; the kit's are {string.Join(", ", fields)}");
            }
        }

        foreach (var flow in Names("flows", ".flow-meta.xml"))
        {
            var definition = Load($"flows/{flow}.flow-meta.xml");
            foreach (var action in definition.Elements(Metadata + "actionCalls").Where(a => a.Element(Metadata + "actionType")?.Value == "apex"))
            {
                var name = action.Element(Metadata + "actionName")!.Value;
                if (!productClasses.Contains(name))
                {
                    problems.Add($"the Flow {flow} calls the Apex action {name}, which the kit lacks");
                }
            }

            foreach (var update in definition.Elements(Metadata + "recordUpdates"))
            {
                var target = update.Element(Metadata + "object")!.Value;
                foreach (var field in update.Elements(Metadata + "inputAssignments").Select(a => $"{target}.{a.Element(Metadata + "field")!.Value}"))
                {
                    if (!fields.Contains(field))
                    {
                        problems.Add($"the Flow {flow} sets {field}, which the kit lacks");
                    }
                }
            }
        }

        return problems;
    }

    [GeneratedRegex(@"^\s*@IsTest\b", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex TestClass();
}
