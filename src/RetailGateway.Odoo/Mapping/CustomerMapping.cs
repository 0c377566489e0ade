using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.Customers;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Customers ⇄ <c>res.partner</c>. The Salesforce id lives in <c>ref</c>.</summary>
public static class CustomerMapping
{
    public const string Model = "res.partner";

    /// <summary>The domain leaf for partners whose email is exactly <paramref name="email"/>, ignoring case.</summary>
    public static JsonArray EmailIs(string email) => OdooDomain.EqualsIgnoringCase("email", email);

    public static Customer ToCustomer(PartnerRecord partner, ReferenceData referenceData)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(referenceData);
        return new Customer
        {
            CustomerId = partner.Id.ToString(CultureInfo.InvariantCulture),
            SalesforceId = partner.Ref,
            Name = partner.Name ?? string.Empty,
            Email = partner.Email,
            Phone = partner.Phone,
            IsCompany = partner.IsCompany,
            VatNumber = partner.Vat,
            BillingAddress = ToAddress(partner, referenceData),
            UpdatedAt = partner.WriteDate ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>
    /// The address contacts of the customer <paramref name="customerId"/> among <paramref name="children"/>: billing
    /// from its first <c>invoice</c> contact, shipping from its first <c>delivery</c> contact.
    /// </summary>
    public static CustomerAddresses ToAddresses(long customerId, IEnumerable<PartnerRecord> children, ReferenceData referenceData)
    {
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(referenceData);
        var own = children.Where(c => c.ParentId?.Id == customerId).OrderBy(c => c.Id).ToList();
        var invoice = own.FirstOrDefault(c => c.Type == PartnerRecord.InvoiceType);
        var delivery = own.FirstOrDefault(c => c.Type == PartnerRecord.DeliveryType);
        return new CustomerAddresses(
            invoice is null ? null : ToAddress(invoice, referenceData),
            delivery is null ? null : new AddressContact(delivery.Id.ToString(CultureInfo.InvariantCulture), ToAddress(delivery, referenceData)));
    }

    private static Address ToAddress(PartnerRecord partner, ReferenceData referenceData) => new()
    {
        Street = partner.Street,
        City = partner.City,
        PostalCode = partner.Zip,
        StateCode = referenceData.StateCode(partner.StateId),
        CountryCode = referenceData.CountryCode(partner.CountryId),
    };

    /// <summary>Whether the contact holds a customer's billing address.</summary>
    public static bool IsBillingAddress(PartnerRecord contact) => contact?.Type == PartnerRecord.InvoiceType;

    /// <summary>Whether the contact holds a shipping address of the customer <paramref name="customerId"/>.</summary>
    public static bool IsShippingAddressOf(PartnerRecord contact, long customerId) =>
        contact?.Type == PartnerRecord.DeliveryType && contact.ParentId?.Id == customerId;

    /// <summary>Values of a new child contact holding an address of <paramref name="parentId"/>.</summary>
    public static JsonObject ToAddressCreateValues(long parentId, string type, string name, AddressInput address, ResolvedAddress resolved)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(resolved);
        var values = new JsonObject { ["parent_id"] = parentId, ["type"] = type, ["name"] = name };
        SetAddress(values, address, resolved);
        return values;
    }

    /// <summary>Values that change an address contact: members given are set, empty strings clear.</summary>
    public static JsonObject ToAddressValues(AddressInput address, ResolvedAddress resolved)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(resolved);
        var values = new JsonObject();
        SetAddress(values, address, resolved);
        return values;
    }

    /// <summary>Values of a new partner. Country and state arrive resolved to Odoo ids.</summary>
    public static JsonObject ToCreateValues(CustomerInput input, string? salesforceId, ResolvedAddress address)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(address);
        var values = new JsonObject
        {
            ["name"] = input.Name,
            ["is_company"] = input.IsCompany ?? true,
            // customer_rank makes the partner show up as a customer in Odoo's own screens.
            ["customer_rank"] = 1,
        };
        SetText(values, "ref", salesforceId);
        SetText(values, "email", input.Email);
        SetText(values, "phone", input.Phone);
        SetText(values, "vat", input.VatNumber);
        SetAddress(values, input.BillingAddress, address);
        return values;
    }

    /// <summary>Values that replace a partner's state entirely (upsert): absent members are cleared.</summary>
    public static JsonObject ToReplaceValues(CustomerInput input, ResolvedAddress address)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(address);
        var values = new JsonObject
        {
            ["name"] = input.Name,
            ["is_company"] = input.IsCompany ?? true,
            ["email"] = TextOrFalse(input.Email),
            ["phone"] = TextOrFalse(input.Phone),
            ["vat"] = TextOrFalse(input.VatNumber),
            ["street"] = TextOrFalse(input.BillingAddress?.Street),
            ["city"] = TextOrFalse(input.BillingAddress?.City),
            ["zip"] = TextOrFalse(input.BillingAddress?.PostalCode),
            ["country_id"] = address.CountryId is { } c ? c : false,
            ["state_id"] = address.StateId is { } s ? s : false,
        };
        return values;
    }

    /// <summary>Values of a partial update: null members stay as they are, empty strings clear.</summary>
    public static JsonObject ToPatchValues(CustomerPatch patch, ResolvedAddress address)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(address);
        var values = new JsonObject();
        if (patch.Name is not null)
        {
            values["name"] = patch.Name;
        }

        if (patch.IsCompany is { } isCompany)
        {
            values["is_company"] = isCompany;
        }

        SetText(values, "email", patch.Email);
        SetText(values, "phone", patch.Phone);
        SetText(values, "vat", patch.VatNumber);
        SetAddress(values, patch.BillingAddress, address);
        return values;
    }

    private static void SetAddress(JsonObject values, AddressInput? input, ResolvedAddress address)
    {
        if (input is null)
        {
            return;
        }

        SetText(values, "street", input.Street);
        SetText(values, "city", input.City);
        SetText(values, "zip", input.PostalCode);
        if (input.CountryCode is not null)
        {
            values["country_id"] = address.CountryId is { } c ? c : false;
        }

        if (input.StateCode is not null || input.CountryCode is not null)
        {
            values["state_id"] = address.StateId is { } s ? s : false;
        }
    }

    private static void SetText(JsonObject values, string field, string? value)
    {
        if (value is not null)
        {
            values[field] = TextOrFalse(value);
        }
    }

    // Odoo clears a field with false, not with an empty string.
    private static JsonValue TextOrFalse(string? value) => string.IsNullOrEmpty(value) ? JsonValue.Create(false) : JsonValue.Create(value);
}

/// <summary>Country and state of an address, resolved to Odoo ids (null: none).</summary>
public sealed record ResolvedAddress(long? CountryId, long? StateId)
{
    public static readonly ResolvedAddress None = new(null, null);
}
