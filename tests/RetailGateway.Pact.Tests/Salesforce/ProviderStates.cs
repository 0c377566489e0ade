namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// The provider states the Salesforce pacts name. The provider-state endpoint of the verification
/// host sets each up and answers the values (ids) the interactions take from it.
/// </summary>
internal static class ProviderStates
{
    /// <summary>Answers <c>customerId</c>, <c>salesforceId</c> and a fresh <c>newSalesforceId</c>.</summary>
    public const string CustomerExists = "customer C1 exists";

    /// <summary>Answers a fresh <c>newSalesforceId</c> that no customer or order carries.</summary>
    public const string NewSalesforceRecord = "a Salesforce record the gateway has not seen";

    /// <summary>A confirmed order of customer C1; answers <c>orderId</c>, <c>orderSalesforceId</c>, <c>customerId</c>.</summary>
    public const string OrderExists = "order O1 of customer C1 exists";

    /// <summary>Params <c>sku</c>, <c>warehouse</c>, <c>available</c>: the SKU has exactly that many free units there.</summary>
    public const string SkuAvailable = "SKU X has N available";

    /// <summary>Param <c>sku</c>: no product has this SKU.</summary>
    public const string SkuUnknown = "SKU X does not exist";

    /// <summary>A posted customer invoice that comes from an order; answers <c>invoiceId</c>, <c>customerId</c>.</summary>
    public const string InvoiceExists = "invoice I1 exists";

    /// <summary>Nothing has the id the interaction asks for (ids far above anything the data holds).</summary>
    public const string NothingWithId = "no record has id 987654321";

    public const string MissingId = "987654321";
}
