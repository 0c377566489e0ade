using RetailGateway.Tests.Shared;

namespace RetailGateway.Salesforce.Tests;

/// <summary>
/// Every callout the Apex client makes, read from the parser's tree (method, path, query and header
/// names, body and answer models), and every member of the models exists in openapi.yaml as written.
/// </summary>
public sealed class ApexCalloutContractTests(SalesforceKit kit) : IClassFixture<SalesforceKit>
{
    private const string Client = "force-app/main/default/classes/RetailGatewayClient.cls";

    private static readonly string SpecText = File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot, "openapi.yaml"));

    [Fact]
    public void Every_callout_and_model_matches_openapi_yaml()
    {
        var apex = kit.CommittedApex;

        var differences = OpenApiContract.Differences(apex, OpenApiContract.Load(SpecText));

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public void The_client_has_a_method_per_operation_Salesforce_uses()
    {
        var apex = kit.CommittedApex;

        var operations = OpenApiContract.OperationsOf(apex, OpenApiContract.Load(SpecText))
            .Where(c => c.Key.File.EndsWith("RetailGatewayClient.cls", StringComparison.Ordinal))
            .Select(c => c.Value)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "acceptQuote", "cancelOrder", "cancelQuote", "createCreditNote", "createCustomer", "createQuote", "createReturn", "getCustomer",
                "getCustomerPrices", "getInvoice", "getInvoiceChanges", "getOrder", "getOrderChanges", "getOrderSubmission", "getProduct",
                "getProductChanges", "getQuote", "getReturn", "getStock", "listInvoices", "listOrders", "listProducts", "listQuotes", "listReturns",
                "listStock", "queueOrder", "receiveReturn", "searchCustomers", "submitOrder", "updateCustomer", "upsertCustomerBySalesforceId",
            ],
            operations);
    }

    [Fact]
    public void A_callout_to_a_path_the_spec_lacks_is_reported()
    {
        using var copy = SalesforceKit.Copy();
        copy.Replace(Client, "'/api/v2/order-submissions'", "'/api/v2/order-queue'");

        var differences = OpenApiContract.Differences(kit.ReadApex(copy.Directory), OpenApiContract.Load(SpecText));

        var difference = Assert.Single(differences);
        Assert.Contains("queueOrder", difference, StringComparison.Ordinal);
        Assert.Contains("no operation POST /api/v2/order-queue", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_parameter_the_operation_lacks_is_reported()
    {
        using var copy = SalesforceKit.Copy();
        copy.Replace(Client, ".query('warehouse', warehouse)\n            .send(RetailGatewayModels.StockLevel.class)", ".query('site', warehouse)\n            .send(RetailGatewayModels.StockLevel.class)");

        var differences = OpenApiContract.Differences(kit.ReadApex(copy.Directory), OpenApiContract.Load(SpecText));

        Assert.Contains(differences, d => d.Contains("getStock has no query parameter site", StringComparison.Ordinal));
    }

    [Fact]
    public void A_renamed_schema_member_is_reported()
    {
        var renamed = SpecText.Replace("        trackingReference:\n", "        trackingNumber:\n", StringComparison.Ordinal);
        Assert.NotEqual(SpecText, renamed);

        var differences = OpenApiContract.Differences(kit.CommittedApex, OpenApiContract.Load(renamed));

        Assert.Equal(["RetailGatewayModels.Shipment.trackingReference: schema Shipment has no member trackingReference"], differences);
    }

    [Fact]
    public void A_model_member_of_another_type_is_reported()
    {
        using var copy = SalesforceKit.Copy();
        copy.Replace("force-app/main/default/classes/RetailGatewayModels.cls", "public Decimal amountResidual;", "public Integer amountResidual;");

        var differences = OpenApiContract.Differences(kit.ReadApex(copy.Directory), OpenApiContract.Load(SpecText));

        var difference = Assert.Single(differences);
        Assert.StartsWith("RetailGatewayModels.InvoiceV2.amountResidual: Integer does not hold InvoiceV2.amountResidual", difference, StringComparison.Ordinal);
    }
}
