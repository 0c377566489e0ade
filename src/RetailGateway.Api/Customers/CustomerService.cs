using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;

namespace RetailGateway.Api.Customers;

/// <summary>
/// Customer operations, each translated into as few Odoo calls as possible, limited to the
/// caller's <see cref="CallerScope"/>: a customer outside it is a 404 like a missing one, searches and
/// Salesforce-id look-ups never find it, and a customer a scoped client creates carries its tag.
/// </summary>
internal sealed class CustomerService(OdooPartners partners, OdooMetadata metadata, ResourceCache cache, IResourceLocks locks, CallerScope scope)
{
    public async Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(customerId, "customerId");
        await RequireInScopeAsync(id, customerId, cancellationToken);
        // The cache is shared by all clients: a hit is served only once the scope check above let the caller see the record.
        return await cache.GetOrLoadAsync(
            CacheKind.Customer,
            CacheKey(id),
            async ct => await FindAsync(id, ct) ?? throw ApiProblemException.NotFound("customer", customerId),
            cancellationToken);
    }

    private static string CacheKey(long id) => $"customer:{id}";

    /// <summary>A customer outside the caller's scope is not found, exactly as one that does not exist.</summary>
    private async Task RequireInScopeAsync(long id, string customerId, CancellationToken cancellationToken)
    {
        if (!await scope.IncludesAsync(ScopedRecords.Customers, id, cancellationToken))
        {
            throw ApiProblemException.NotFound("customer", customerId);
        }
    }

    public async Task<Page<Customer>> SearchAsync(CustomerSearch search, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(search.Limit);
        var filter = new CustomerFilter(
            Cursor.Decode(search.Cursor),
            (await scope.GetAsync(cancellationToken)).TagId,
            Trimmed(search.Email),
            Trimmed(search.SalesforceId),
            search.UpdatedSince);
        var (found, next) = Cursor.Cut(await partners.PageAsync(filter, limit + 1, cancellationToken), limit, p => p.Id);
        var referenceData = await metadata.GetReferenceDataAsync(cancellationToken);
        return new Page<Customer> { Items = found.Select(p => CustomerMapping.ToCustomer(p, referenceData)).ToList(), NextCursor = next };
    }

    /// <summary>Creates a customer; a Salesforce id that already has one returns that one instead.</summary>
    public async Task<(Customer Customer, bool Created)> CreateAsync(CustomerInput input, CancellationToken cancellationToken)
    {
        var (id, created) = await CreateOrFindAsync(input, null, cancellationToken);
        return (await GetExistingAsync(id, cancellationToken), created);
    }

    /// <summary>The id of the customer created, with its shipping contact when given, or of the one the Salesforce id already has.</summary>
    private async Task<(long Id, bool Created)> CreateOrFindAsync(CustomerInput input, NewShippingContact? shipping, CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(input.BillingAddress, cancellationToken);
        await using var claim = input.SalesforceId is { Length: > 0 } ? await locks.AcquireAsync(LockName(input.SalesforceId), cancellationToken) : null;
        if (input.SalesforceId is { Length: > 0 } salesforceId && await FindIdBySalesforceIdAsync(salesforceId, cancellationToken) is { } existingId)
        {
            return (existingId, false);
        }

        return (await CreateInScopeAsync(input, input.SalesforceId, address, shipping, cancellationToken), true);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public async Task<Customer> UpdateAsync(string customerId, CustomerPatch patch, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(customerId, "customerId");
        var address = await ResolveAsync(patch.BillingAddress, cancellationToken);
        await RequireInScopeAsync(id, customerId, cancellationToken);
        _ = await FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("customer", customerId);
        if (await partners.PatchAsync(id, patch, address, cancellationToken))
        {
            await cache.InvalidateAsync([CacheKey(id)], []);
        }

        return await GetExistingAsync(id, cancellationToken);
    }

    /// <summary>Creates or replaces the customer with this Salesforce id.</summary>
    public async Task<(Customer Customer, bool Created)> UpsertAsync(string salesforceId, CustomerInput input, CancellationToken cancellationToken)
    {
        CheckSalesforceId(salesforceId, input);
        var address = await ResolveAsync(input.BillingAddress, cancellationToken);
        await using var claim = await locks.AcquireAsync(LockName(salesforceId), cancellationToken);
        if (await FindIdBySalesforceIdAsync(salesforceId, cancellationToken) is { } existingId)
        {
            await partners.ReplaceAsync(existingId, input, address, cancellationToken);
            await cache.InvalidateAsync([CacheKey(existingId)], []);
            return (await GetExistingAsync(existingId, cancellationToken), false);
        }

        var id = await CreateInScopeAsync(input, salesforceId, address, null, cancellationToken);
        return (await GetExistingAsync(id, cancellationToken), true);
    }

    /// <summary>An upsert's body names no Salesforce id or the path's.</summary>
    private static void CheckSalesforceId(string salesforceId, CustomerInput input)
    {
        if (input.SalesforceId is { Length: > 0 } bodyId && !string.Equals(bodyId, salesforceId, StringComparison.Ordinal))
        {
            throw ApiProblemException.Invalid("salesforceId", "The body's salesforceId differs from the one in the path.");
        }
    }

    /// <summary>A customer with its billing and shipping contacts (v2): one Odoo read on 17 and newer (after the scope check).</summary>
    public async Task<CustomerV2> GetV2Async(string customerId, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(customerId, "customerId");
        await RequireInScopeAsync(id, customerId, cancellationToken);
        var found = await partners.FindWithAddressesAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("customer", customerId);
        var referenceData = await metadata.GetReferenceDataAsync(cancellationToken);
        return CustomerMapping.ToCustomerV2(CustomerMapping.ToCustomer(found.Partner, referenceData), found.Addresses, referenceData);
    }

    public async Task<Page<CustomerV2>> SearchV2Async(CustomerSearch search, CancellationToken cancellationToken)
    {
        var page = await SearchAsync(search, cancellationToken);
        return new Page<CustomerV2> { Items = await WithAddressesAsync(page.Items, cancellationToken), NextCursor = page.NextCursor };
    }

    public async Task<(CustomerV2 Customer, bool Created)> CreateV2Async(CustomerInputV2 input, CancellationToken cancellationToken)
    {
        // Refuse a bad shipping address before anything is written.
        var shipping = input.ShippingAddress is { } address
            ? new NewShippingContact(address, await ResolveAsync(address, cancellationToken, "shippingAddress"))
            : null;
        var (id, created) = await CreateOrFindAsync(input, shipping, cancellationToken);
        return (await GetV2Async(id.ToString(CultureInfo.InvariantCulture), cancellationToken), created);
    }

    public async Task<CustomerV2> UpdateV2Async(string customerId, CustomerPatchV2 patch, CancellationToken cancellationToken)
    {
        // Refuse a bad shipping address before anything is written.
        await ResolveAsync(patch.ShippingAddress, cancellationToken, "shippingAddress");
        var customer = await UpdateAsync(customerId, patch, cancellationToken);
        await SaveAddressesAsync(customer, patch.BillingAddress, patch.ShippingAddress, cancellationToken);
        return await GetV2Async(customerId, cancellationToken);
    }

    public async Task<(CustomerV2 Customer, bool Created)> UpsertV2Async(string salesforceId, CustomerInputV2 input, CancellationToken cancellationToken)
    {
        // Refuse a bad address before anything is written.
        var shipping = input.ShippingAddress is { } shippingAddress
            ? new NewShippingContact(shippingAddress, await ResolveAsync(shippingAddress, cancellationToken, "shippingAddress"))
            : null;
        CheckSalesforceId(salesforceId, input);
        var address = await ResolveAsync(input.BillingAddress, cancellationToken);
        await using var claim = await locks.AcquireAsync(LockName(salesforceId), cancellationToken);
        // The look-up brings the address contacts, so that the customer and its addresses are replaced in one write.
        var existing = await partners.FindWithAddressesBySalesforceIdAsync(salesforceId, (await scope.GetAsync(cancellationToken)).TagId, cancellationToken);
        long id;
        if (existing is null)
        {
            id = await CreateInScopeAsync(input, salesforceId, address, shipping, cancellationToken);
        }
        else
        {
            id = existing.Partner.Id;
            await partners.ReplaceWithAddressesAsync(existing, input, address, shipping, cancellationToken);
            await cache.InvalidateAsync([CacheKey(id)], []);
        }

        return (await GetV2Async(id.ToString(CultureInfo.InvariantCulture), cancellationToken), existing is null);
    }

    /// <summary>
    /// Writes the v2 addresses to the customer's address contacts: billing to its billing contact
    /// when it has one (the customer's own address was already written), shipping to its
    /// shipping contact, created when missing.
    /// </summary>
    private async Task SaveAddressesAsync(Customer customer, AddressInput? billing, AddressInput? shipping, CancellationToken cancellationToken)
    {
        if (billing is null && shipping is null)
        {
            return;
        }

        var id = ResourceId.Parse(customer.CustomerId, "customerId");
        var children = await partners.AddressesOfAsync([id], cancellationToken);
        if (billing is not null && children.FirstOrDefault(CustomerMapping.IsBillingAddress) is { } invoice)
        {
            await partners.UpdateAddressAsync(invoice.Id, billing, await ResolveAsync(billing, cancellationToken), cancellationToken);
        }

        if (shipping is not null)
        {
            var resolved = await ResolveAsync(shipping, cancellationToken, "shippingAddress");
            if (children.FirstOrDefault(c => CustomerMapping.IsShippingAddressOf(c, id)) is { } delivery)
            {
                await partners.UpdateAddressAsync(delivery.Id, shipping, resolved, cancellationToken);
            }
            else
            {
                await partners.CreateShippingAddressAsync(id, customer.Name, shipping, resolved, cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<CustomerV2>> WithAddressesAsync(IReadOnlyList<Customer> customers, CancellationToken cancellationToken)
    {
        if (customers.Count == 0)
        {
            return [];
        }

        var children = await partners.AddressesOfAsync(customers.Select(c => ResourceId.Parse(c.CustomerId, "customerId")).ToList(), cancellationToken);
        var referenceData = await metadata.GetReferenceDataAsync(cancellationToken);
        return customers.Select(customer => CustomerMapping.ToCustomerV2(customer, children, referenceData)).ToList();
    }

    /// <summary>The customer with this Salesforce id, or null.</summary>
    public async Task<Customer?> FindBySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken) =>
        await FindIdBySalesforceIdAsync(salesforceId, cancellationToken) is { } id ? await GetAsync(id.ToString(CultureInfo.InvariantCulture), cancellationToken) : null;

    /// <summary>The customer with this Salesforce id with its billing and shipping contacts (v2), or null.</summary>
    public async Task<CustomerV2?> FindV2BySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken) =>
        await FindIdBySalesforceIdAsync(salesforceId, cancellationToken) is { } id ? await GetV2Async(id.ToString(CultureInfo.InvariantCulture), cancellationToken) : null;

    /// <summary>Search-then-create on a Salesforce id runs once at a time across all instances.</summary>
    private static string LockName(string salesforceId) => $"customer:{salesforceId}";

    /// <summary>The customer with this Salesforce id in the caller's scope: another scope's customer is none.</summary>
    private async Task<long?> FindIdBySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken) =>
        await partners.FindIdBySalesforceIdAsync(salesforceId, (await scope.GetAsync(cancellationToken)).TagId, cancellationToken);

    private async Task<Customer?> FindAsync(long id, CancellationToken cancellationToken)
    {
        if (await partners.FindAsync(id, cancellationToken) is not { } partner)
        {
            return null;
        }

        var referenceData = await metadata.GetReferenceDataAsync(cancellationToken);
        return CustomerMapping.ToCustomer(partner, referenceData);
    }

    /// <summary>A new customer lands in the scope of the client creating it: a scoped client's carries its tag.</summary>
    private async Task<long> CreateInScopeAsync(CustomerInput input, string? salesforceId, ResolvedAddress address, NewShippingContact? shipping, CancellationToken cancellationToken) =>
        await partners.CreateAsync(input, salesforceId, address, (await scope.GetAsync(cancellationToken)).TagId, shipping, cancellationToken);

    // A record the gateway just wrote must be there; if another actor deleted it, say so.
    private async Task<Customer> GetExistingAsync(long id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("customer", id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Country and state codes to Odoo ids; unknown codes are the caller's mistake (400).</summary>
    private async Task<ResolvedAddress> ResolveAsync(AddressInput? address, CancellationToken cancellationToken, string field = "billingAddress")
    {
        if (address is null || (string.IsNullOrEmpty(address.CountryCode) && string.IsNullOrEmpty(address.StateCode)))
        {
            return ResolvedAddress.None;
        }

        if (string.IsNullOrEmpty(address.CountryCode))
        {
            throw ApiProblemException.Invalid($"{field}.countryCode", "A stateCode needs a countryCode.");
        }

        var referenceData = await metadata.GetReferenceDataAsync(cancellationToken);
        var countryId = referenceData.CountryId(address.CountryCode)
            ?? throw ApiProblemException.Invalid($"{field}.countryCode", $"Unknown country code '{address.CountryCode}'.", ErrorCodes.UnknownCountry);
        if (string.IsNullOrEmpty(address.StateCode))
        {
            return new ResolvedAddress(countryId, null);
        }

        var stateId = referenceData.StateId(countryId, address.StateCode)
            ?? throw ApiProblemException.Invalid($"{field}.stateCode", $"Unknown state code '{address.StateCode}' in {address.CountryCode.ToUpperInvariant()}.", ErrorCodes.UnknownCountry);
        return new ResolvedAddress(countryId, stateId);
    }
}

/// <summary>Filters of a customer search.</summary>
internal sealed record CustomerSearch(string? Email, string? SalesforceId, DateTimeOffset? UpdatedSince, int? Limit, string? Cursor);
