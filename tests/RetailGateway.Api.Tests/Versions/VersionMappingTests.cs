using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Orders;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Tests.Versions;

/// <summary>
/// v2's records declare their own members rather than extending v1's: its mapping must carry every canonical
/// member across, so that a member added to the canonical record and to v2's, but not to the mapping, fails here.
/// </summary>
public sealed class VersionMappingTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Order CanonicalOrder = new()
    {
        OrderId = "28", OrderNumber = "S00028", SalesforceId = "801Dn00000XyZaBIAV", CustomerId = "44", Status = OrderStatus.Confirmed, IsLocked = true,
        DeliveryStatus = DeliveryStatus.Partial, InvoiceStatus = InvoiceStatus.ToInvoice, PaymentStatus = OrderPaymentStatus.PartiallyPaid,
        OrderDate = new DateOnly(2026, 11, 27), CurrencyCode = "USD", AmountUntaxed = 1585.5m, AmountTax = 237.83m, AmountTotal = 1823.33m, Notes = "Dock",
        Lines = [new OrderLine { LineId = "54", Sku = "DESK0005", Description = "Desk", Quantity = 2, QuantityDelivered = 1, QuantityInvoiced = 0, UnitPrice = 750, DiscountPercent = 0, AmountUntaxed = 1500, AmountTax = 225, AmountTotal = 1725 }],
        Shipments = [new Shipment { ShipmentId = "27", ShipmentNumber = "WH/OUT/00014", Status = ShipmentStatus.Ready, TrackingReference = "1Z", ScheduledAt = DateTimeOffset.UnixEpoch }],
        InvoiceIds = ["7"], UpdatedAt = new DateTimeOffset(2026, 11, 27, 11, 9, 16, TimeSpan.Zero),
    };

    private static readonly Customer CanonicalCustomer = new()
    {
        CustomerId = "44", SalesforceId = "001Dn00000AbCdEIAV", Name = "Acme Retail", Email = "buyer@acme.example", Phone = "+1 555 0100", IsCompany = true,
        VatNumber = "US123456789", BillingAddress = new Address { Street = "1 Market St", City = "Springfield", PostalCode = "12345", StateCode = "IL", CountryCode = "US" },
        UpdatedAt = new DateTimeOffset(2026, 11, 27, 11, 9, 16, TimeSpan.Zero),
    };

    [Fact]
    public void V2Order_IsTheCanonicalOrder_PlusWhereItIsDelivered()
    {
        var v2 = V2Mapping.Instance.ToResource(new OrderView(CanonicalOrder, "45"));

        AssertSameMembers(V1Mapping.Instance.ToResource(new OrderView(CanonicalOrder, "45")), v2, new JsonObject { ["shippingAddressId"] = "45", ["returns"] = new JsonArray() });
    }

    [Fact]
    public void V2Customer_IsTheCanonicalCustomer_WithItsAddressContacts()
    {
        var billing = new Address { Street = "2 Billing Rd", CountryCode = "US" };
        var shipping = new AddressContact("45", new Address { Street = "9 Dock Rd", City = "Chicago", PostalCode = "60601", StateCode = "IL", CountryCode = "US" });

        var withContacts = V2Mapping.Instance.ToResource(new CustomerView(CanonicalCustomer, new CustomerAddresses(billing, shipping)));
        var withoutContacts = V2Mapping.Instance.ToResource(new CustomerView(CanonicalCustomer, new CustomerAddresses(null, null)));

        Assert.Equal(billing, withContacts.BillingAddress);
        Assert.Equal(
            new ShippingAddress { AddressId = "45", Street = "9 Dock Rd", City = "Chicago", PostalCode = "60601", StateCode = "IL", CountryCode = "US" },
            withContacts.ShippingAddress);
        AssertSameMembers(V1Mapping.Instance.ToResource(new CustomerView(CanonicalCustomer, null)), withoutContacts, new JsonObject { ["shippingAddress"] = null });
    }

    [Fact]
    public void V2Submission_BecomesTheCanonicalSubmission_AndTheShippingAddressItNames()
    {
        var v2 = new OrderSubmissionV2
        {
            SalesforceId = "801Dn00000XyZaBIAV", CustomerId = "44", Lines = [new OrderLineSubmission { Sku = "DESK0005", Quantity = 2, UnitPrice = 750, DiscountPercent = 10 }],
            OrderDate = new DateOnly(2026, 11, 27), Notes = "Dock", ShippingAddressId = "45",
        };

        var order = V2Mapping.Instance.ToNewOrder(v2);

        Assert.Equal("45", order.ShippingAddressId);
        AssertSameMembers(order.Submission, v2, new JsonObject { ["shippingAddressId"] = "45" });
    }

    [Fact]
    public void V2CustomerInputAndPatch_BecomeTheCanonicalOnes_AndTheShippingAddress()
    {
        var address = new AddressInput { Street = "9 Dock Rd", CountryCode = "US" };
        var billing = new AddressInput { Street = "1 Market St", StateCode = "IL", CountryCode = "US" };
        var input = new CustomerInputV2 { SalesforceId = "001Dn00000AbCdEIAV", Name = "Acme", Email = "a@b.c", Phone = "1", IsCompany = false, VatNumber = "V", BillingAddress = billing, ShippingAddress = address };
        var patch = new CustomerPatchV2 { Name = "Acme", Email = "", Phone = "1", IsCompany = true, VatNumber = "V", BillingAddress = billing, ShippingAddress = address };

        var customer = V2Mapping.Instance.ToNewCustomer(input);
        var changes = V2Mapping.Instance.ToChanges(patch);

        Assert.Same(address, customer.ShippingAddress);
        Assert.Same(address, changes.ShippingAddress);
        AssertSameMembers(customer.Customer, input, new JsonObject { ["shippingAddress"] = JsonSerializer.SerializeToNode(address, Json) });
        AssertSameMembers(changes.Patch, patch, new JsonObject { ["shippingAddress"] = JsonSerializer.SerializeToNode(address, Json) });
    }

    [Fact]
    public void EachStoredVersion_FindsItsMapping_AndAnUnknownOneIsRefused()
    {
        Assert.Same(V1Mapping.Instance, ApiVersions.For(1));
        Assert.Same(V2Mapping.Instance, ApiVersions.For(2));
        Assert.Throws<InvalidDataException>(() => ApiVersions.For(3));
        // Each version caches the order in its own shape: a shared entry would serve one version's JSON to the other.
        Assert.Equal(ApiVersions.All.Count, ApiVersions.All.Select(v => v.Orders.CacheKey(28)).Distinct().Count());
    }

    /// <summary>The v2 record's JSON is the canonical record's, member for member, plus <paramref name="v2Only"/>.</summary>
    private static void AssertSameMembers(object canonical, object v2, JsonObject v2Only)
    {
        var expected = JsonSerializer.SerializeToNode(canonical, Json)!.AsObject();
        foreach (var (name, value) in v2Only)
        {
            expected[name] = value?.DeepClone();
        }

        var actual = JsonSerializer.SerializeToNode(v2, Json)!.AsObject();
        Assert.Equal(expected.Select(p => p.Key).Order(), actual.Select(p => p.Key).Order());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
    }
}
