using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.OutsideTools;

/// <summary>
/// Stoplight Prism, as a partner would run it (<c>prism proxy --errors</c>), between a client and the
/// gateway for each OpenAPI document: every request and every answer of a whole partner session must
/// match the document.
/// </summary>
[Collection(OutsideToolsGroup.Name)]
public sealed partial class PrismProxyTests(OutsideToolsGateway gateway)
{
    /// <summary>Every status a partner must be able to handle, each caused on purpose in the flow.</summary>
    private static readonly int[] ErrorStatuses = [400, 401, 403, 404, 409, 412, 413, 415, 422, 429];

    [Theory]
    [InlineData("openapi.yaml", "v2")]
    [InlineData("openapi.v1.yaml", "v1")]
    public async Task PartnerSession_ThroughPrism_HasNoViolations(string document, string version)
    {
        var path = Path.Combine(ToolProcess.RepositoryRoot, document);
        using var prism = await PrismProxy.StartAsync(path, gateway.BaseAddress);
        using var flow = new PartnerFlow(prism.Address, version);

        var failure = await Record(flow.RunAsync);

        var report = Describe(flow.Exchanges, prism);
        Assert.True(failure is null, $"The flow stopped: {failure}\n{report}");
        Assert.True(flow.Exchanges.All(exchange => exchange.Violation is null && exchange.Actual == exchange.Expected) && !prism.LoggedViolations.Any(),
            $"Prism reported violations of {document}, or answered otherwise than the gateway would:\n{report}");
        Assert.Equal(OperationIds(path).Order(), flow.Exchanges.Select(exchange => exchange.Operation).Distinct().Order());
        Assert.Equal(ErrorStatuses, flow.Exchanges.Select(exchange => exchange.Actual).Where(ErrorStatuses.Contains).Distinct().Order());
        Assert.All(new[] { "searchCustomers", "listStock", "listOrders", "listInvoices", "listExceptions" },
            list => Assert.Contains(flow.Exchanges, exchange => exchange.Operation == list && exchange.Request.Contains("cursor=", StringComparison.Ordinal)));
    }

    /// <summary>The Prism check can fail: a document that calls a member non-nullable which the gateway answers as null.</summary>
    [Fact]
    public async Task ADocumentWhoseShippingAddressIsNotNullable_FailsThePrismCheck()
    {
        var customerWithoutShipping = await CustomerWithoutShippingAddressAsync();
        var broken = Path.Combine(Directory.CreateTempSubdirectory("prism-broken-").FullName, "openapi.yaml");
        await File.WriteAllTextAsync(broken, ShippingAddressNotNullable(await File.ReadAllTextAsync(Path.Combine(ToolProcess.RepositoryRoot, "openapi.yaml"))));
        using var prism = await PrismProxy.StartAsync(broken, gateway.BaseAddress);
        using var flow = new PartnerFlow(prism.Address, "v2");

        await flow.SendAsync("getCustomer", HttpMethod.Get, $"/api/v2/customers/{customerWithoutShipping}", 200);

        var exchange = Assert.Single(flow.Exchanges);
        Assert.NotNull(exchange.Violation);
        Assert.Contains("shippingAddress", exchange.Violation, StringComparison.Ordinal);
        Assert.NotEmpty(await prism.LoggedViolationsAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary><c>CustomerV2.shippingAddress</c> as a bare <c>$ref</c>: not nullable in OpenAPI 3.0.</summary>
    private static string ShippingAddressNotNullable(string yaml)
    {
        var customer = CustomerV2Schema().Match(yaml);
        Assert.True(customer.Success, "openapi.yaml has no CustomerV2 schema.");
        var member = ShippingAddressMember().Match(customer.Value);
        Assert.True(member.Success, "CustomerV2 has no shippingAddress member.");
        var reference = Reference().Match(member.Value);
        Assert.True(reference.Success, "CustomerV2.shippingAddress names no schema.");
        var bare = $"        shippingAddress:\n          $ref: '{reference.Groups[1].Value}'\n";
        Assert.NotEqual(bare, member.Value);
        return yaml.Replace(customer.Value, customer.Value.Replace(member.Value, bare, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private async Task<string> CustomerWithoutShippingAddressAsync()
    {
        using var client = gateway.Client("Customers.Read");
        var page = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v2/customers?limit=50", UriKind.Relative)))!;
        return page["items"]!.AsArray().First(customer => customer!["shippingAddress"] is null)!["customerId"]!.GetValue<string>();
    }

    private static IEnumerable<string> OperationIds(string document) =>
        OperationId().Matches(File.ReadAllText(document)).Select(match => match.Groups[1].Value).Distinct();

    private static async Task<Exception?> Record(Func<Task> flow)
    {
        try
        {
            await flow();
            return null;
        }
#pragma warning disable CA1031 // The failure is reported with everything the flow exchanged before it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }

    private static string Describe(IEnumerable<Exchange> exchanges, PrismProxy prism) =>
        string.Join('\n', exchanges.Select(exchange =>
            $"{(exchange.Violation is null && exchange.Actual == exchange.Expected ? "ok " : "BAD")} {exchange.Operation}: {exchange.Request} expected {exchange.Expected}, got {exchange.Actual}{(exchange.Violation is null ? "" : " violation: " + exchange.Violation)}"))
        + "\nPrism's log of violations:\n" + string.Join('\n', prism.LoggedViolations);

    [GeneratedRegex(@"^\s+operationId: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex OperationId();

    [GeneratedRegex(@"^    CustomerV2:\n(?:      .*\n|\s*\n)+", RegexOptions.Multiline)]
    private static partial Regex CustomerV2Schema();

    [GeneratedRegex(@"^        shippingAddress:\n(?:          .*\n)+", RegexOptions.Multiline)]
    private static partial Regex ShippingAddressMember();

    [GeneratedRegex(@"\$ref: '([^']+)'")]
    private static partial Regex Reference();
}
