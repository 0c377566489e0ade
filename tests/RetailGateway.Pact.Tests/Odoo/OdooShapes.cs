using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;

namespace RetailGateway.Pact.Tests.Odoo;

/// <summary>
/// Names, example credentials and value shapes of the gateway's pacts with Odoo. Values the gateway only
/// reads by shape (ids, names, dates, amounts) are matched by type or regex; what it branches on
/// (error names, states it compares) literally.
/// </summary>
internal static class OdooShapes
{
    public const string Consumer = "RetailGateway";

    /// <summary>Odoo 16–18 as the gateway reaches it: JSON-RPC <c>execute_kw</c>, verified against an Odoo 17.</summary>
    public const string JsonRpcProvider = "Odoo";

    /// <summary>Odoo 19+ as the gateway reaches it: JSON-2, verified against an Odoo 19.</summary>
    public const string Json2Provider = "OdooJson2";

    // What the consumer tests configure. Every request carries them as provider-state values, so the
    // verifier sends the real database, login, key and uid of whichever Odoo it verifies.
    public const string Database = "retail";
    public const string Login = "admin";
    public const string ApiKey = "sandbox-api-key";
    public const long Uid = 2;

    /// <summary>A key no Odoo accepts: the authentication failures the client handles.</summary>
    public const string RevokedKey = "revoked-api-key";

    /// <summary>Ids no record carries (far above anything a database holds).</summary>
    public const long MissingId = 987654321;

    public const string DateTimePattern = @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$";
    public const string DatePattern = @"^\d{4}-\d{2}-\d{2}$";

    public static JsonNode Id(long example) => Match.Integer(example);

    /// <summary>A many2one as Odoo reads it: <c>[id, display name]</c>.</summary>
    public static JsonArray Many2one(long id, string name) => [Match.Integer(id), Match.Type(name)];

    public static JsonNode DateTime(string example = "2026-11-27 11:09:16") => Match.Regex(example, DateTimePattern);

    public static JsonNode Date(string example = "2026-11-27") => Match.Regex(example, DatePattern);

    /// <summary>Quantities and amounts: any number (Odoo writes floats, e.g. <c>2.0</c>).</summary>
    public static JsonNode Amount(decimal example) => Match.Number(example);

    /// <summary>A list of at least one record shaped like <paramref name="record"/>.</summary>
    public static JsonNode Records(JsonObject record) => Match.MinType(record, 1);

    /// <summary>A value the provider-state set-up answers (an id, the key), with the example the consumer test uses.</summary>
    public static JsonNode FromState(string name, object example) => Match.FromProviderState("${" + name + "}", example);
}

/// <summary>
/// The provider states of the Odoo pacts. Each is set up through Odoo's own API (so the same set-up
/// works on the sandbox and on a real Odoo) and answers the values the interaction takes from it.
/// </summary>
internal static class OdooStates
{
    /// <summary>Every interaction has it. Answers <c>database</c>, <c>login</c>, <c>apiKey</c>, <c>uid</c>, <c>countryId</c> (US), <c>stateId</c> (IL).</summary>
    public const string ApiUser = "the gateway's API user can log in";

    /// <summary>Param <c>ref</c>: a customer carrying that Salesforce id, with every field the gateway reads set. Answers <c>partnerId</c>.</summary>
    public const string CustomerExists = "a customer with Salesforce id R exists";

    /// <summary>Answers <c>newRef</c>: a Salesforce id no customer or order carries.</summary>
    public const string NewSalesforceId = "a Salesforce id Odoo has not seen";

    /// <summary>Param <c>sku</c>: a storable product with that code. Answers <c>productId</c> and <c>warehouseId</c> (the warehouse coded WH).</summary>
    public const string ProductExists = "a storable product with SKU S exists";

    /// <summary>Params <c>ref</c>, <c>sku</c>: a quotation of that customer for that product. Answers <c>orderId</c>, <c>orderRef</c>, <c>partnerId</c>.</summary>
    public const string DraftOrder = "a draft order of customer R exists";

    /// <summary>As <see cref="DraftOrder"/>, confirmed (so it has a delivery). Also answers <c>pickingId</c>.</summary>
    public const string ConfirmedOrder = "a confirmed order of customer R exists";

    /// <summary>As <see cref="ConfirmedOrder"/>, then locked.</summary>
    public const string LockedOrder = "a locked order of customer R exists";

    /// <summary>As <see cref="ConfirmedOrder"/>, with its delivery of 2 validated. Also answers <c>pickingId</c> (the delivery).</summary>
    public const string DeliveredOrder = "a delivered order of customer R exists";

    /// <summary>
    /// As <see cref="DeliveredOrder"/>, with a return wizard for the delivery whose one line returns 1. Also answers
    /// <c>wizardId</c>, <c>wizardLineId</c> and <c>moveId</c> (the delivery's move).
    /// </summary>
    public const string ReturnWizard = "a return wizard for a delivered order of customer R exists";

    /// <summary>
    /// Params <c>ref</c>, <c>sku</c>, <c>case</c>: as <see cref="DeliveredOrder"/>, with a return of 1 not yet received whose
    /// origin names the Case. Also answers <c>returnId</c> and <c>caseRef</c>.
    /// </summary>
    public const string ReturnExists = "a return for Case C of a delivered order of customer R exists";

    /// <summary>A posted customer invoice. Answers <c>invoiceId</c>.</summary>
    public const string InvoiceExists = "a posted customer invoice exists";

    /// <summary>
    /// Param <c>sku</c>: a posted customer invoice of two products, that one and another, made for the pact. Answers <c>invoiceId</c>,
    /// <c>journalId</c>.
    /// </summary>
    public const string InvoiceWithLines = "a posted customer invoice of two products exists";

    /// <summary>As <see cref="InvoiceWithLines"/>, with the credit-note wizard created for it. Also answers <c>wizardId</c>.</summary>
    public const string CreditNoteWizard = "a credit-note wizard for a posted invoice exists";

    /// <summary>
    /// As <see cref="InvoiceWithLines"/>, reversed into a draft credit note. Also answers <c>creditNoteId</c>, <c>lineId</c> and
    /// <c>otherLineId</c> (its two lines).
    /// </summary>
    public const string DraftCreditNote = "a draft credit note of a posted invoice exists";

    /// <summary>Nothing carries <see cref="OdooShapes.MissingId"/>.</summary>
    public const string NothingWithId = "no record has id 987654321";
}
