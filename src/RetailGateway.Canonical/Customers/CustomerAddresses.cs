namespace RetailGateway.Canonical.Customers;

/// <summary>
/// A customer's address contacts, in no API version's shape: the billing contact's address, which a version
/// showing contacts puts in place of the customer's own, and the contact orders are delivered to. Null: none.
/// </summary>
public sealed record CustomerAddresses(Address? Billing, AddressContact? Shipping);

/// <summary>An address contact of a customer, with the id an order names it by.</summary>
public sealed record AddressContact(string AddressId, Address Address);
