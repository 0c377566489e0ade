using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;

namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// What Salesforce relies on in the gateway's answers: the members its Apex classes and Flows read,
/// matched by shape (type, id and date patterns, enum values), never by the seed's literal values.
/// Members Salesforce does not read are left out, so the gateway may add members freely.
/// </summary>
internal static class SalesforceShapes
{
    public const string Provider = "RetailGateway";
    public const string IdPattern = @"^[A-Za-z0-9._:-]{1,64}$";
    public const string DatePattern = @"^\d{4}-\d{2}-\d{2}$";
    public const string DateTimePattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$";
    public const string JsonContentType = "^application/json(;.*)?$";

    /// <summary><c>Retry-After</c> as the gateway writes it: whole seconds (Apex parses an Integer).</summary>
    public const string RetryAfterPattern = @"^[0-9]+$";

    /// <summary>The Named Credential's header: a bearer token (any well-formed one; the verifier sends a valid one).</summary>
    public static JsonNode BearerToken => Match.Regex("Bearer eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJzZi1vcmcifQ.c2lnbmF0dXJl", "^Bearer [A-Za-z0-9._~+/=-]+$");

    public static JsonNode Id(string example) => Match.Regex(example, IdPattern);

    public static JsonNode Date(string example) => Match.Regex(example, DatePattern);

    public static JsonNode DateTime(string example) => Match.Regex(example, DateTimePattern);

    public static JsonNode OneOf(string example, params string[] values) => Match.Regex(example, $"^({string.Join('|', values)})$");

    public static object Customer(JsonNode customerId, JsonNode salesforceId) => new
    {
        customerId,
        salesforceId,
        name = Match.Type("Acme Retail"),
        email = Match.Type("buyer@acme.example"),
        isCompany = Match.Type(true),
        billingAddress = new { countryCode = Match.Type("US") },
        updatedAt = DateTime("2026-11-27T11:09:16Z"),
    };

    public static object Order(JsonNode orderId, JsonNode customerId, JsonNode salesforceId, string status = "confirmed") => new
    {
        orderId,
        orderNumber = Match.Type("S00027"),
        salesforceId,
        customerId,
        status,
        isLocked = Match.Type(false),
        deliveryStatus = OneOf("notStarted", "notStarted", "pending", "started", "partial", "full"),
        invoiceStatus = OneOf("toInvoice", "nothing", "toInvoice", "invoiced", "upselling"),
        paymentStatus = OneOf("notInvoiced", "notInvoiced", "notPaid", "partiallyPaid", "inPayment", "paid"),
        orderDate = Date("2026-11-27"),
        currencyCode = Match.Regex("USD", "^[A-Z]{3}$"),
        amountUntaxed = Match.Number(640.00m),
        amountTax = Match.Number(96.00m),
        amountTotal = Match.Number(736.00m),
        lines = Match.MinType(
            new
            {
                lineId = Id("61"),
                sku = Match.Type("E-COM07"),
                quantity = Match.Number(2),
                unitPrice = Match.Number(320.00m),
                amountTotal = Match.Number(736.00m),
            },
            1),
        shipments = Match.Type(Array.Empty<object>()),
        invoiceIds = Match.Type(Array.Empty<string>()),
        updatedAt = DateTime("2026-11-27T11:09:16Z"),
    };

    /// <summary>A quote of E-COM07 as Odoo priced it.</summary>
    public static object Quote(JsonNode quoteId, JsonNode customerId, JsonNode salesforceId, string status = "open") => new
    {
        quoteId,
        quoteNumber = Match.Type("S00028"),
        salesforceId,
        customerId,
        status,
        currencyCode = Match.Type("USD"),
        lines = Match.MinType(new
        {
            lineId = Id("54"),
            sku = "E-COM07",
            description = Match.Type("[E-COM07] Large Cabinet"),
            quantity = Match.Number(2),
            unitPrice = Match.Number(320),
            discountPercent = Match.Number(0),
            subtotal = Match.Number(640),
            tax = Match.Number(96),
            total = Match.Number(736),
        }, 1),
        amountUntaxed = Match.Number(640),
        amountTax = Match.Number(96),
        amountTotal = Match.Number(736),
        validUntil = Date("2027-01-01"),
        updatedAt = DateTime("2026-11-27T11:09:16Z"),
    };

    /// <summary>
    /// A return of 1 × E-COM10 of order O1's delivery: awaiting its goods (nothing received, no receivedAt)
    /// or received (all of it, with receivedAt).
    /// </summary>
    public static object Return(JsonNode returnId, JsonNode salesforceId, bool received = false) => new
    {
        returnId,
        returnNumber = Match.Type("WH/IN/00006"),
        orderId = Match.FromProviderState("${orderId}", "27"),
        orderNumber = Match.Type("S00027"),
        salesforceId,
        reason = Match.Type("Damaged in transit"),
        status = received ? "received" : "awaitingReceipt",
        shipmentId = Id("30"),
        shipmentNumber = Match.Type("WH/OUT/00014"),
        lines = Match.MinType(new { sku = "E-COM10", quantity = Match.Number(1), receivedQuantity = Match.Number(received ? 1 : 0) }, 1),
        createdAt = DateTime("2026-11-27T11:09:16Z"),
        receivedAt = received ? DateTime("2026-11-27T11:12:40Z") : null,
        updatedAt = DateTime("2026-11-27T11:09:16Z"),
    };

    /// <summary>A draft credit note of invoice I1 refunding 1 × E-COM10.</summary>
    public static object CreditNote(JsonNode creditNoteId) => new
    {
        invoiceId = creditNoteId,
        kind = "creditNote",
        status = "draft",
        customerId = Match.FromProviderState("${customerId}", "44"),
        currencyCode = Match.Regex("USD", "^[A-Z]{3}$"),
        amountTotal = Match.Number(54.05m),
        reversesInvoiceId = Match.FromProviderState("${invoiceId}", "29"),
        reason = Match.Type("Damaged in transit"),
        lines = Match.MinType(new { sku = "E-COM10", quantity = Match.Number(1), unitPrice = Match.Number(47.00m), subtotal = Match.Number(47.00m), total = Match.Number(54.05m) }, 1),
        updatedAt = DateTime("2026-11-27T11:09:16Z"),
    };

    /// <summary>A 422 refusal (<paramref name="errorCode"/>) naming exactly <paramref name="field"/>, as Apex reads errors[0].field.</summary>
    public static object Refusal(string errorCode, string field) => new
    {
        title = Match.Type("The request was refused."),
        status = 422,
        errorCode,
        errors = Match.MinType(new { field, message = Match.Type("At most 2 can be returned.") }, 1),
    };

    /// <summary>A SKU's figures in <paramref name="warehouseCode"/>; null for the whole company, as a request without a warehouse answers.</summary>
    public static object StockLevel(string sku, decimal available, string? warehouseCode = "WH") => new
    {
        sku,
        name = Match.Type("Large Cabinet"),
        warehouseCode,
        onHand = Match.Number(available),
        available = Match.Number(available),
        forecast = Match.Number(available),
    };

    public static object Invoice(JsonNode invoiceId) => new
    {
        invoiceId,
        invoiceNumber = Match.Type("INV/2026/00006"),
        kind = OneOf("invoice", "invoice", "creditNote"),
        status = OneOf("posted", "draft", "posted", "cancelled"),
        paymentStatus = OneOf("notPaid", "notPaid", "partiallyPaid", "inPayment", "paid", "reversed", "blocked", "legacy"),
        customerId = Id("43"),
        invoiceDate = Date("2026-11-27"),
        dueDate = Date("2026-12-27"),
        currencyCode = Match.Regex("USD", "^[A-Z]{3}$"),
        amountTotal = Match.Number(330.25m),
        amountResidual = Match.Number(330.25m),
        updatedAt = DateTime("2026-11-27T11:05:20Z"),
    };

    /// <summary>An RFC 9457 problem as Apex branches on it: status and <c>errorCode</c> exactly, the rest by type.</summary>
    public static object Problem(HttpStatusCode status, string errorCode) => new
    {
        title = Match.Type("One or more fields are invalid."),
        status = (int)status,
        errorCode,
        errors = Match.Type(Array.Empty<object>()),
    };

    /// <summary>A 400 problem naming at least one invalid field.</summary>
    public static object ValidationProblem(string field) => new
    {
        title = Match.Type("One or more fields are invalid."),
        status = 400,
        errorCode = "validation_failed",
        errors = Match.MinType(new { field = Match.Type(field), message = Match.Type("The field is required.") }, 1),
    };

    public static object Page(object item) => new { items = Match.MinType(item, 1), nextCursor = Match.Type("djF8MjAyNi0xMS0yN3wxNA") };
}
