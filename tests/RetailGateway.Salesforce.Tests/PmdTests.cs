namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// PMD's Apex rules, as Salesforce Code Analyzer runs them, find nothing of severity 1 or 2 (security:
/// CRUD/FLS, SOQL injection, insecure endpoints; and empty catch blocks) in the kit; and they do find
/// a SOQL injection in a broken copy. The lower severities are listed in docs/salesforce.md.
/// </summary>
public sealed class PmdTests(SalesforceKit kit) : IClassFixture<SalesforceKit>
{
    [Fact]
    public void The_kit_has_no_violation_of_severity_1_or_2()
    {
        var report = kit.RunPmd(SalesforceKit.ProjectDirectory);

        Assert.Empty(report.Errors);
        Assert.True(report.Rules >= 50, $"only {report.Rules} PMD Apex rules ran");
        var serious = report.Violations.Where(v => v.Severity <= 2).ToList();
        Assert.True(serious.Count == 0, string.Join('\n', serious));
    }

    [Fact]
    public void A_SOQL_injection_is_reported_with_severity_2()
    {
        using var copy = SalesforceKit.Copy();
        var classes = copy.PathOf("force-app/main/default/classes");
        File.WriteAllText(Path.Combine(classes, "RetailGatewayLookup.cls"), """
            public with sharing class RetailGatewayLookup {
                public static List<Order> byNumber(String orderNumber) {
                    return Database.query('SELECT Id FROM Order WHERE OrderNumber = \'' + orderNumber + '\'');
                }
            }
            """);
        File.Copy(Path.Combine(classes, "RetailGatewayJobs.cls-meta.xml"), Path.Combine(classes, "RetailGatewayLookup.cls-meta.xml"));

        var report = kit.RunPmd(copy.Directory);

        Assert.Contains(report.Violations, v => v is { Rule: "ApexSOQLInjection", Severity: 2, File: "main/default/classes/RetailGatewayLookup.cls" });
    }
}
