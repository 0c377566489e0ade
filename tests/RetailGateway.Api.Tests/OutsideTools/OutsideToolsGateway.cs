using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.OutsideTools;

/// <summary>
/// One gateway on Kestrel in front of an Odoo 17 sandbox for the tools partners use (generated
/// clients, Prism), with the npm packages of <c>tests/OutsideTools</c> installed. The clients
/// <see cref="QuotaClient"/> gives have a budget of one request, so that a 429 is one call away.
/// </summary>
public sealed class OutsideToolsGateway : GatewayFixture
{
    /// <summary>A client id, one per API version's flow, whose budgets are one request an hour.</summary>
    public static string QuotaClient(string version) => $"sf-org-quota-{version}";

    /// <summary>Every permission of the API, as an integration that also operates the exception queue holds them.</summary>
    public static readonly string[] AllPermissions =
        ["Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read", "Invoices.Write", "Products.Read", "Gateway.Operate", "Quotes.Read", "Quotes.Write", "Returns.Read", "Returns.Write"];

    public OutsideToolsGateway() => ToolProcess.EnsureNpmPackages(ToolsDirectory);

    /// <summary><c>tests/OutsideTools</c>: package.json (NSwag, Prism) and the generated-clients driver.</summary>
    public static string ToolsDirectory { get; } = Path.Combine(ToolProcess.RepositoryRoot, "tests", "OutsideTools");

    public static string NodeModules => Path.Combine(ToolsDirectory, "node_modules");

    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings)
    {
        foreach (var client in new[] { QuotaClient("v1"), QuotaClient("v2") })
        {
            foreach (var budget in new[] { "Read", "Write" })
            {
                settings[$"RateLimits:Clients:{client}:{budget}:TokenLimit"] = "1";
                settings[$"RateLimits:Clients:{client}:{budget}:TokensPerPeriod"] = "1";
                settings[$"RateLimits:Clients:{client}:{budget}:ReplenishmentPeriod"] = "01:00:00";
            }
        }
    }
}

/// <summary>The outside-tools tests share one gateway and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OutsideToolsGroup : ICollectionFixture<OutsideToolsGateway>
{
    public const string Name = "Outside tools";
}
