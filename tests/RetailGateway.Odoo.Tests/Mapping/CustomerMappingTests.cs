using System.Text.Json.Nodes;
using RetailGateway.Canonical.Customers;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

public sealed class CustomerMappingTests
{
    private const long UnitedStates = 233;
    private const long Illinois = 13;

    // Ids as in Odoo's demo data: 233 is the United States in both recorded databases.
    private static readonly ReferenceData ReferenceData = new(
        [new CountryRecord { Id = UnitedStates, Code = "US" }, new CountryRecord { Id = 75, Code = "FR" }],
        [new CountryStateRecord { Id = Illinois, Code = "IL", CountryId = new OdooRef(UnitedStates, "United States") }],
        []);

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 44, "44", "001FIX110916AAA", "FIX Retail 110916", "fix-110916@example.com")]
    [InlineData(Recording.Odoo19Json2, 46, "46", "001F19112129AAA", "FIX19 Retail 112129", "fix19-112129@example.com")]
    public void ToCustomer_FromRecordedPartner_KeepsIdentityContactAndAddress(string file, long id, string customerId, string salesforceId, string name, string email)
    {
        var customer = CustomerMapping.ToCustomer(Partner(file, id), ReferenceData);

        Assert.Equal(customerId, customer.CustomerId);
        Assert.Equal(salesforceId, customer.SalesforceId);
        Assert.Equal(name, customer.Name);
        Assert.Equal(email, customer.Email);
        Assert.True(customer.IsCompany);
        Assert.Equal("1 Market St", customer.BillingAddress.Street);
        Assert.Equal("Springfield", customer.BillingAddress.City);
        Assert.Equal("12345", customer.BillingAddress.PostalCode);
    }

    [Fact]
    public void ToCustomer_FromRecordedOdoo17Partner_MapsFalseToNull()
    {
        var customer = CustomerMapping.ToCustomer(Partner(Recording.Odoo17JsonRpc, 44), ReferenceData);

        Assert.Null(customer.VatNumber);
        Assert.Null(customer.BillingAddress.StateCode);
        Assert.Equal("+1 555 0100", customer.Phone);
    }

    [Fact]
    public void ToCustomer_FromRecordedOdoo19Partner_MapsFalseToNull()
    {
        var customer = CustomerMapping.ToCustomer(Partner(Recording.Odoo19Json2, 46), ReferenceData);

        Assert.Null(customer.VatNumber);
        Assert.Null(customer.Phone);
        Assert.Null(customer.BillingAddress.CountryCode);
    }

    [Fact]
    public void ToCustomer_FromRecordedPartner_TurnsCountryIdIntoIsoCode()
    {
        var customer = CustomerMapping.ToCustomer(Partner(Recording.Odoo17JsonRpc, 44), ReferenceData);

        Assert.Equal("US", customer.BillingAddress.CountryCode);
    }

    [Fact]
    public void ToCustomer_WithKnownState_TurnsStateIdIntoStateCode()
    {
        var partner = Partner(Recording.Odoo17JsonRpc, 44, p => p["state_id"] = new JsonArray(Illinois, "Illinois (US)"));

        var customer = CustomerMapping.ToCustomer(partner, ReferenceData);

        Assert.Equal("IL", customer.BillingAddress.StateCode);
    }

    [Fact]
    public void ToCustomer_WithCountryMissingFromReferenceData_HasNoCountryCode()
    {
        var withoutUnitedStates = new ReferenceData([new CountryRecord { Id = 75, Code = "FR" }], [], []);

        var customer = CustomerMapping.ToCustomer(Partner(Recording.Odoo17JsonRpc, 44), withoutUnitedStates);

        Assert.Null(customer.BillingAddress.CountryCode);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 44, "2026-11-27T11:09:16Z")]
    [InlineData(Recording.Odoo19Json2, 46, "2026-11-27T11:21:29Z")]
    public void ToCustomer_FromRecordedPartner_ReadsWriteDateAsUtc(string file, long id, string expected)
    {
        var customer = CustomerMapping.ToCustomer(Partner(file, id), ReferenceData);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), customer.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, customer.UpdatedAt.Offset);
    }

    [Fact]
    public void ToCreateValues_ForRecordedOdoo17Customer_SendsRecordedCreateValues()
    {
        var input = new CustomerInput
        {
            Name = "FIX Retail 110916",
            Email = "fix-110916@example.com",
            Phone = "+1 555 0100",
            IsCompany = true,
            BillingAddress = new AddressInput { Street = "1 Market St", City = "Springfield", PostalCode = "12345", CountryCode = "US" },
        };

        var values = CustomerMapping.ToCreateValues(input, "001FIX110916AAA", new ResolvedAddress(UnitedStates, null));

        // A new country always resets the state, so a state of another country cannot stay behind.
        Assert.False((bool)values["state_id"]!);
        values.Remove("state_id");
        JsonAssert.Equal(RecordedRecords.JsonRpcPositional("partner_create", 0), values);
    }

    [Fact]
    public void ToCreateValues_ForRecordedOdoo19Customer_SendsRecordedCreateValues()
    {
        var input = new CustomerInput
        {
            Name = "FIX19 Retail 112129",
            Email = "fix19-112129@example.com",
            IsCompany = true,
            BillingAddress = new AddressInput { Street = "1 Market St", City = "Springfield", PostalCode = "12345" },
        };

        var values = CustomerMapping.ToCreateValues(input, "001F19112129AAA", ResolvedAddress.None);

        JsonAssert.Equal(Recording.Get(Recording.Odoo19Json2, "partner_create").RequestBody!["vals_list"]![0], values);
    }

    [Fact]
    public void ToCreateValues_WithOnlyAName_CreatesACompanyCustomerWithoutSalesforceId()
    {
        var values = CustomerMapping.ToCreateValues(new CustomerInput { Name = "Walk-in" }, null, ResolvedAddress.None);

        JsonAssert.Equal(JsonNode.Parse("""{"name": "Walk-in", "is_company": true, "customer_rank": 1}"""), values);
    }

    [Fact]
    public void ToCreateValues_WithEmptyText_SendsFalse()
    {
        var values = CustomerMapping.ToCreateValues(new CustomerInput { Name = "Walk-in", Email = string.Empty, VatNumber = string.Empty }, "001A", ResolvedAddress.None);

        Assert.False((bool)values["email"]!);
        Assert.False((bool)values["vat"]!);
        Assert.Equal("001A", (string?)values["ref"]);
    }

    [Fact]
    public void ToReplaceValues_WithOnlyAName_ClearsEveryOtherFieldWithFalse()
    {
        var values = CustomerMapping.ToReplaceValues(new CustomerInput { Name = "Acme Retail", IsCompany = false }, ResolvedAddress.None);

        JsonAssert.Equal(
            JsonNode.Parse("""
                {"name": "Acme Retail", "is_company": false, "email": false, "phone": false, "vat": false,
                 "street": false, "city": false, "zip": false, "country_id": false, "state_id": false}
                """),
            values);
    }

    [Fact]
    public void ToReplaceValues_WithEmptyStringsAndResolvedAddress_ClearsTextAndSendsIds()
    {
        var input = new CustomerInput
        {
            Name = "Acme Retail",
            Email = "buyer@acme.example",
            Phone = string.Empty,
            BillingAddress = new AddressInput { Street = string.Empty, City = "Chicago", CountryCode = "US", StateCode = "IL" },
        };

        var values = CustomerMapping.ToReplaceValues(input, new ResolvedAddress(UnitedStates, Illinois));

        Assert.Equal("buyer@acme.example", (string?)values["email"]);
        Assert.False((bool)values["phone"]!);
        Assert.False((bool)values["street"]!);
        Assert.Equal("Chicago", (string?)values["city"]);
        Assert.Equal(UnitedStates, (long)values["country_id"]!);
        Assert.Equal(Illinois, (long)values["state_id"]!);
        Assert.Null(values["ref"]);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc)]
    [InlineData(Recording.Odoo19Json2)]
    public void ToPatchValues_WithOnlyAPhone_SendsRecordedWriteValues(string file)
    {
        var recorded = file == Recording.Odoo17JsonRpc
            ? RecordedRecords.JsonRpcPositional("partner_write", 1)
            : Recording.Get(file, "partner_write").RequestBody!["vals"]!;

        var values = CustomerMapping.ToPatchValues(new CustomerPatch { Phone = "+1 555 0199" }, ResolvedAddress.None);

        JsonAssert.Equal(recorded, values);
    }

    [Fact]
    public void ToPatchValues_WithEmptyStrings_ClearsOnlyThoseFields()
    {
        var patch = new CustomerPatch { Email = string.Empty, BillingAddress = new AddressInput { City = string.Empty } };

        var values = CustomerMapping.ToPatchValues(patch, ResolvedAddress.None);

        JsonAssert.Equal(JsonNode.Parse("""{"email": false, "city": false}"""), values);
    }

    [Fact]
    public void ToPatchValues_WithEmptyPatch_ChangesNothing()
    {
        var values = CustomerMapping.ToPatchValues(new CustomerPatch(), ResolvedAddress.None);

        Assert.Empty(values);
    }

    [Fact]
    public void ToPatchValues_WithNewCountry_SetsCountryAndResetsState()
    {
        var patch = new CustomerPatch { BillingAddress = new AddressInput { CountryCode = "US" } };

        var values = CustomerMapping.ToPatchValues(patch, new ResolvedAddress(UnitedStates, null));

        JsonAssert.Equal(JsonNode.Parse($$"""{"country_id": {{UnitedStates}}, "state_id": false}"""), values);
    }

    [Fact]
    public void ToPatchValues_WithStateOnly_SetsStateAndLeavesCountry()
    {
        var patch = new CustomerPatch { BillingAddress = new AddressInput { StateCode = "IL" } };

        var values = CustomerMapping.ToPatchValues(patch, new ResolvedAddress(UnitedStates, Illinois));

        JsonAssert.Equal(JsonNode.Parse($$"""{"state_id": {{Illinois}}}"""), values);
    }

    [Fact]
    public void ToPatchValues_WithEmptyCountry_ClearsCountryAndState()
    {
        var patch = new CustomerPatch { BillingAddress = new AddressInput { CountryCode = string.Empty } };

        var values = CustomerMapping.ToPatchValues(patch, ResolvedAddress.None);

        JsonAssert.Equal(JsonNode.Parse("""{"country_id": false, "state_id": false}"""), values);
    }

    private static PartnerRecord Partner(string file, long id, Action<JsonObject>? edit = null) =>
        RecordedRecords.ReadOne<PartnerRecord>(file, "partner_read", id, edit);
}
