using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using RetailGateway.Canonical.Customers;

namespace RetailGateway.Canonical.V2;

/// <summary>
/// A customer (v2): billing and shipping addresses are separate. In Odoo they are the customer's
/// child contacts of type <c>invoice</c> and <c>delivery</c>; without an invoice contact, the
/// customer's own address is the billing address.
/// </summary>
public sealed record CustomerV2
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

    /// <summary>Where orders are delivered; null when the customer has no delivery address.</summary>
    public ShippingAddress? ShippingAddress { get; init; }
}

/// <summary>A delivery address of a customer, with the id an order names it by.</summary>
public sealed record ShippingAddress
{
    /// <summary>Pass as <c>shippingAddressId</c> when submitting an order.</summary>
    /// <example>45</example>
    public required string AddressId { get; init; }

    /// <example>2 Dock Rd</example>
    public string? Street { get; init; }

    /// <example>Springfield</example>
    public string? City { get; init; }

    /// <example>62702</example>
    public string? PostalCode { get; init; }

    /// <example>IL</example>
    public string? StateCode { get; init; }

    /// <example>US</example>
    public string? CountryCode { get; init; }
}

/// <summary>A customer to create, or the full new state of one (v2: with a shipping address).</summary>
public sealed record CustomerInputV2 : CustomerFields
{
    /// <summary>Salesforce Account id. On upsert it comes from the path and may be omitted here.</summary>
    /// <example>001Dn00000AbCdEIAV</example>
    [JsonPropertyOrder(-1)]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)]
    public string? SalesforceId { get; init; }

    /// <example>Acme Retail</example>
    [JsonPropertyOrder(-1)]
    [Required]
    [StringLength(NameMaxLength, MinimumLength = 1, ErrorMessage = NameMessage)]
    public string? Name { get; init; }

    /// <summary>Where orders are delivered; omitted: none (on upsert, an existing one is kept).</summary>
    public AddressInput? ShippingAddress { get; init; }
}

/// <summary>Changes to a customer (v2): as v1, plus the shipping address.</summary>
public sealed record CustomerPatchV2 : CustomerFields
{
    /// <example>Acme Retail Inc.</example>
    [JsonPropertyOrder(-1)]
    [StringLength(NameMaxLength, MinimumLength = 1, ErrorMessage = NameMessage)]
    public string? Name { get; init; }

    public AddressInput? ShippingAddress { get; init; }
}
