using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using RetailGateway.Canonical.Orders;

namespace RetailGateway.Canonical.V2;

/// <summary>An order to submit (v2): it may name one of the customer's shipping addresses.</summary>
public sealed record OrderSubmissionV2 : OrderSubmission
{
    /// <summary>The <c>addressId</c> of one of the customer's shipping addresses; the customer's own address when omitted.</summary>
    /// <example>45</example>
    [StringLength(20, MinimumLength = 1)]
    public string? ShippingAddressId { get; init; }
}

/// <summary>A sales order (v2): as v1, plus where it is delivered.</summary>
public sealed record OrderV2 : Order
{
    /// <summary>For deserializers; the gateway builds v2 orders from v1 ones.</summary>
    public OrderV2()
    {
    }

    [SetsRequiredMembers]
    public OrderV2(Order order)
        : base(order)
    {
    }

    /// <summary>The shipping address the order is delivered to; null when it goes to the customer's own address.</summary>
    /// <example>45</example>
    [JsonPropertyOrder(1)]
    public string? ShippingAddressId { get; init; }
}
