namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// The provider states the Salesforce pacts name. The provider-state endpoint of the verification
/// host sets each up and answers the values (ids) the interactions take from it.
/// </summary>
internal static class ProviderStates
{
    /// <summary>Answers <c>customerId</c>, <c>salesforceId</c>, a fresh <c>newSalesforceId</c> and a fresh Salesforce Quote id <c>newQuoteId</c>.</summary>
    public const string CustomerExists = "customer C1 exists";

    /// <summary>Answers a fresh <c>newSalesforceId</c> that no customer or order carries.</summary>
    public const string NewSalesforceRecord = "a Salesforce record the gateway has not seen";

    /// <summary>A confirmed order of customer C1; answers <c>orderId</c>, <c>orderSalesforceId</c>, <c>customerId</c>.</summary>
    public const string OrderExists = "order O1 of customer C1 exists";

    /// <summary>An open quote of customer C1 for 2 × E-COM07; answers <c>quoteId</c>, <c>quoteSalesforceId</c>, <c>customerId</c>.</summary>
    public const string QuoteExists = "quote Q1 of customer C1 exists";

    /// <summary>
    /// Param <c>salesforceId</c> (of customer C1): a confirmed order of C1 for 2 × E-COM10 whose delivery is done.
    /// Answers <c>orderId</c>, <c>orderSalesforceId</c>, <c>customerId</c> and a fresh Case id <c>newCaseId</c>.
    /// </summary>
    public const string OrderDelivered = "order O1 of customer C1 was delivered";

    /// <summary>
    /// Param <c>salesforceId</c> (of customer C1): order O1 was delivered and a return of 1 × E-COM10 awaits its goods.
    /// Answers <c>returnId</c>, <c>returnCaseId</c> (the Case it was opened for), <c>orderId</c>, <c>customerId</c>.
    /// </summary>
    public const string ReturnAwaitingReceipt = "return R1 of delivered order O1 awaits its goods";

    /// <summary>
    /// Param <c>salesforceId</c> (of customer C1): an order of C1 for 2 × E-COM10 invoiced in full (posted, not paid).
    /// Answers <c>invoiceId</c>, <c>orderId</c>, <c>customerId</c> and a fresh Case id <c>newCaseId</c>.
    /// </summary>
    public const string InvoicePosted = "invoice I1 of order O1 is posted";

    /// <summary>Params <c>sku</c>, <c>warehouse</c>, <c>available</c>: the SKU has exactly that many free units there.</summary>
    public const string SkuAvailable = "SKU X has N available";

    /// <summary>Param <c>sku</c>: no product has this SKU.</summary>
    public const string SkuUnknown = "SKU X does not exist";

    /// <summary>A posted customer invoice that comes from an order; answers <c>invoiceId</c>, <c>customerId</c>.</summary>
    public const string InvoiceExists = "invoice I1 exists";

    /// <summary>Nothing has the id the interaction asks for (ids far above anything the data holds).</summary>
    public const string NothingWithId = "no record has id 987654321";

    /// <summary>
    /// Params <c>salesforceId</c> (of customer C1) and <c>idempotencyKey</c>: the order submission that
    /// carries this key was answered already. Answers <c>customerId</c>, <c>newSalesforceId</c> (of that
    /// order) and <c>orderId</c>, so the retry sends the same body and expects the same order.
    /// </summary>
    public const string OrderSubmitted = "order submission with key K was answered";

    /// <summary>
    /// Params <c>salesforceId</c> (of customer C1) and <c>idempotencyKey</c>: the order submission that
    /// carries this key is still running. Answers <c>customerId</c> and <c>newSalesforceId</c>.
    /// </summary>
    public const string OrderSubmissionRunning = "order submission with key K is still running";

    /// <summary>
    /// Param <c>salesforceId</c> (of customer C1): an order of C1 was queued and the gateway's workers have
    /// submitted it. Answers <c>submissionId</c>, <c>orderId</c>, <c>orderSalesforceId</c>, <c>customerId</c>.
    /// </summary>
    public const string OrderQueuedAndSubmitted = "an order of customer C1 was queued and submitted";

    /// <summary>
    /// Param <c>salesforceId</c> (of customer C1): the order change feed's <c>cursor</c> is at its end, then
    /// order O1 is created and shipped with tracking reference 1Z999AA10123456784. Answers <c>cursor</c>,
    /// <c>orderId</c>, <c>orderSalesforceId</c>, <c>customerId</c>.
    /// </summary>
    public const string OrderShippedAfterCursor = "order O1 of customer C1 was shipped after cursor C";

    /// <summary>
    /// Param <c>salesforceId</c> (of customer C1): the invoice change feed's <c>cursor</c> is at its end, then
    /// order O1 is created and invoiced (posted, not paid). Answers <c>cursor</c>, <c>orderId</c>, <c>customerId</c>.
    /// </summary>
    public const string OrderInvoicedAfterCursor = "order O1 of customer C1 was invoiced after cursor C";

    /// <summary>
    /// The calling client has used up its read budget. The verifier replays interactions in this state
    /// with the token of a client that has a budget of one read (see <c>GatewayProvider.QuotaClientId</c>).
    /// </summary>
    public const string ReadBudgetUsed = "the client has used its read budget";

    public const string MissingId = "987654321";
}
