using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using RetailGateway.Canonical.Customers;

namespace RetailGateway.Canonical.V2;

/// <summary>
/// A customer (v2): billing and shipping addresses are separate. In Odoo they are the customer's
/// child contacts of type <c>invoice</c> and <c>delivery</c>; without an invoice contact, the
/// customer's own address is the billing address.
/// </summary>
public sealed record CustomerV2 : Customer
{
    /// <summary>For deserializers; the gateway builds v2 customers from v1 ones.</summary>
    public CustomerV2()
    {
    }

    [SetsRequiredMembers]
    public CustomerV2(Customer customer)
        : base(customer)
    {
    }

    /// <summary>Where orders are delivered; null when the customer has no delivery address.</summary>
    [JsonPropertyOrder(1)]
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
public sealed record CustomerInputV2 : CustomerInput
{
    /// <summary>Where orders are delivered; omitted: none (on upsert, an existing one is kept).</summary>
    public AddressInput? ShippingAddress { get; init; }
}

/// <summary>Changes to a customer (v2): as v1, plus the shipping address.</summary>
public sealed record CustomerPatchV2 : CustomerPatch
{
    public AddressInput? ShippingAddress { get; init; }
}
