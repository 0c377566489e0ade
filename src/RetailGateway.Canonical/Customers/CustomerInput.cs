using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace RetailGateway.Canonical.Customers;

/// <summary>
/// The customer fields a caller writes, each with its one rule. Create, upsert and PATCH all carry them
/// (and a replay sends the same record again), so a value one path refuses, every path refuses.
/// </summary>
public abstract record CustomerFields
{
    /// <summary>The rule of <c>name</c>. Each record declares the member itself, because only a create or upsert requires one.</summary>
    public const int NameMaxLength = 256;

    public const string NameMessage = "Must be 1 to 256 characters; a customer's name cannot be cleared.";

    /// <summary>Email address; an empty string means none.</summary>
    /// <example>buyer@acme.example</example>
    [RegularExpression(Patterns.Email, ErrorMessage = Patterns.EmailMessage)]
    [StringLength(254)]
    public string? Email { get; init; }

    /// <example>+1 555 0100</example>
    [StringLength(64)]
    public string? Phone { get; init; }

    /// <summary>True for a company, false for a person. Defaults to true.</summary>
    public bool? IsCompany { get; init; }

    /// <example>US123456789</example>
    [StringLength(64)]
    public string? VatNumber { get; init; }

    public AddressInput? BillingAddress { get; init; }
}

/// <summary>A customer to create, or the full new state of one (upsert by Salesforce id).</summary>
public record CustomerInput : CustomerFields
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
}

/// <summary>
/// Changes to a customer. A member that is absent or null is left as it is (Apex serializes unset
/// fields as null); an empty string clears a text value, except the name.
/// </summary>
public record CustomerPatch : CustomerFields
{
    /// <example>Acme Retail Inc.</example>
    [JsonPropertyOrder(-1)]
    [StringLength(NameMaxLength, MinimumLength = 1, ErrorMessage = NameMessage)]
    public string? Name { get; init; }
}

/// <summary>A postal address as sent by a caller.</summary>
public sealed record AddressInput
{
    /// <example>1 Market St</example>
    [StringLength(256)]
    public string? Street { get; init; }

    /// <example>Springfield</example>
    [StringLength(128)]
    public string? City { get; init; }

    /// <example>12345</example>
    [StringLength(32)]
    public string? PostalCode { get; init; }

    /// <summary>State code within the country, e.g. <c>IL</c>; needs <c>countryCode</c>.</summary>
    /// <example>IL</example>
    [RegularExpression("^$|^[A-Za-z0-9]{1,3}$", ErrorMessage = "Must be a state code of 1 to 3 letters or digits.")]
    public string? StateCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    /// <example>US</example>
    [RegularExpression("^$|^[A-Za-z]{2}$", ErrorMessage = "Must be an ISO 3166-1 alpha-2 country code.")]
    public string? CountryCode { get; init; }
}
