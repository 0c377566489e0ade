namespace RetailGateway.Canonical.Customers;

/// <summary>A customer (an Odoo contact that buys).</summary>
public record Customer
{
    /// <summary>Gateway id of the customer.</summary>
    /// <example>44</example>
    public required string CustomerId { get; init; }

    /// <summary>Salesforce Account id the customer was created from, if any.</summary>
    /// <example>001Dn00000AbCdEIAV</example>
    public string? SalesforceId { get; init; }

    /// <summary>Company or person name.</summary>
    /// <example>Acme Retail</example>
    public required string Name { get; init; }

    /// <example>buyer@acme.example</example>
    public string? Email { get; init; }

    /// <example>+1 555 0100</example>
    public string? Phone { get; init; }

    /// <summary>True for a company, false for a person.</summary>
    public required bool IsCompany { get; init; }

    /// <summary>Tax id (VAT number).</summary>
    /// <example>US123456789</example>
    public string? VatNumber { get; init; }

    /// <summary>Billing address; always present, with null members where unknown.</summary>
    public required Address BillingAddress { get; init; }

    /// <summary>When the customer last changed (UTC).</summary>
    /// <example>2026-11-27T11:09:16Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A postal address.</summary>
public sealed record Address
{
    /// <example>1 Market St</example>
    public string? Street { get; init; }

    /// <example>Springfield</example>
    public string? City { get; init; }

    /// <example>12345</example>
    public string? PostalCode { get; init; }

    /// <summary>State or province code within the country (ISO 3166-2 subdivision, without the country prefix).</summary>
    /// <example>IL</example>
    public string? StateCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    /// <example>US</example>
    public string? CountryCode { get; init; }
}
