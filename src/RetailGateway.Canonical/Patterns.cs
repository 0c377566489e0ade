namespace RetailGateway.Canonical;

/// <summary>Input patterns shared by several resources.</summary>
public static class Patterns
{
    /// <summary>Salesforce ids are 15 or 18 alphanumerics; other natural keys are accepted if they stay printable.</summary>
    public const string SalesforceId = "^[A-Za-z0-9_\\-.:]{1,64}$";

    public const string SalesforceIdMessage = "Must be 1 to 64 letters, digits or _-.: characters.";

    /// <summary>A Salesforce Quote id: the <c>0Q0</c> key prefix, then 12 or 15 alphanumerics.</summary>
    public const string SalesforceQuoteId = "^0Q0[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$";

    public const string SalesforceQuoteIdMessage = "Must be a Salesforce Quote id: 0Q0 and 12 or 15 letters or digits.";

    /// <summary>A SKU (Odoo internal reference).</summary>
    public const string Sku = "^[^\\s,][^,]{0,63}$";

    public const string SkuMessage = "Must be 1 to 64 characters, without commas or leading blanks.";

    /// <summary>
    /// An email address: one <c>@</c> with something on each side and no blanks, or empty (none). The
    /// empty alternative is spelled out for schema validators; the server's check passes empty strings anyway.
    /// </summary>
    public const string Email = "^$|^[^@\\s]+@[^@\\s]+$";

    public const string EmailMessage = "Must be an email address (name@domain), or empty for none.";
}
