using System.Globalization;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Scopes;
using RetailGateway.Api.SharedState;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Paging;
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
    public async Task<TCustomer> GetAsync<TCustomer, TInput, TPatch>(string customerId, ICustomerVersion<TCustomer, TInput, TPatch> version, CancellationToken cancellationToken) =>
        version.ToResource(await GetViewAsync(customerId, version, cancellationToken));

    private async Task<CustomerView> GetViewAsync(string customerId, ICustomerVersion version, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(customerId, "customerId");
        await RequireInScopeAsync(id, customerId, cancellationToken);
        if (version.ShowsAddressContacts)
        {
            // One Odoo read on 17 and newer. Not cached: the gateway's writes to address contacts forget no cached customer.
            // Its last known copy still answers while Odoo is unavailable, marked stale.
            return await cache.LoadAsync(
                CacheKind.Customer,
                AddressesKey(id),
                async ct =>
                {
                    var found = await partners.FindWithAddressesAsync(id, ct) ?? throw ApiProblemException.NotFound("customer", customerId);
                    var referenceData = await metadata.GetReferenceDataAsync(ct);
                    return new CustomerView(CustomerMapping.ToCustomer(found.Partner, referenceData), CustomerMapping.ToAddresses(id, found.Addresses, referenceData));
                },
                cancellationToken);
        }

        // The cache is shared by all clients: a hit is served only once the scope check above let the caller see the record.
        var customer = await cache.GetOrLoadAsync(
            CacheKind.Customer,
            CacheKey(id),
            async ct => await FindAsync(id, ct) ?? throw ApiProblemException.NotFound("customer", customerId),
            cancellationToken);
        return new CustomerView(customer, null);
    }

    private static string CacheKey(long id) => $"customer:{id}";

    private static string AddressesKey(long id) => $"customer:{id}:addresses";

    /// <summary>A write forgets the customer and the last known copy of it with its address contacts.</summary>
    private static string[] CacheKeys(long id) => [CacheKey(id), AddressesKey(id)];

    /// <summary>A customer outside the caller's scope is not found, exactly as one that does not exist.</summary>
    private async Task RequireInScopeAsync(long id, string customerId, CancellationToken cancellationToken)
    {
        if (!await scope.IncludesAsync(ScopedRecords.Customers, id, cancellationToken))
        {
            throw ApiProblemException.NotFound("customer", customerId);
        }
    }

    public async Task<Page<TCustomer>> SearchAsync<TCustomer, TInput, TPatch>(CustomerSearch search, ICustomerVersion<TCustomer, TInput, TPatch> version, CancellationToken cancellationToken)
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
        // The address contacts of a whole page in one more call, for a version that shows them.
        var children = version.ShowsAddressContacts && found.Count > 0 ? await partners.AddressesOfAsync([.. found.Select(p => p.Id)], cancellationToken) : null;
        return new Page<TCustomer>
        {
            Items = [.. found.Select(p => version.ToResource(new CustomerView(
                CustomerMapping.ToCustomer(p, referenceData),
                children is null ? null : CustomerMapping.ToAddresses(p.Id, children, referenceData))))],
            NextCursor = next,
        };
    }

    /// <summary>Creates a customer, with its shipping contact when given; a Salesforce id that already has one returns that one instead.</summary>
    public async Task<(CustomerView Customer, bool Created)> CreateAsync(NewCustomer input, ICustomerVersion version, CancellationToken cancellationToken)
    {
        // Refuse a bad shipping address before anything is written.
        var shipping = input.ShippingAddress is { } address
            ? new NewShippingContact(address, await ResolveAsync(address, cancellationToken, "shippingAddress"))
            : null;
        var (id, created) = await CreateOrFindAsync(input.Customer, shipping, cancellationToken);
        var customer = version.ShowsAddressContacts
            ? await GetViewAsync(id.ToString(CultureInfo.InvariantCulture), version, cancellationToken)
            : new CustomerView(await GetExistingAsync(id, cancellationToken), null);
        return (customer, created);
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

    /// <summary>Changes the customer's fields and, for a version that shows them, its address contacts.</summary>
    public async Task<CustomerView> UpdateAsync(string customerId, CustomerChanges changes, ICustomerVersion version, CancellationToken cancellationToken)
    {
        // Refuse a bad shipping address before anything is written.
        await ResolveAsync(changes.ShippingAddress, cancellationToken, "shippingAddress");
        var customer = await UpdateOwnAsync(customerId, changes.Patch, cancellationToken);
        if (!version.ShowsAddressContacts)
        {
            return new CustomerView(customer, null);
        }

        await SaveAddressesAsync(customer, changes.Patch.BillingAddress, changes.ShippingAddress, cancellationToken);
        return await GetViewAsync(customerId, version, cancellationToken);
    }

    /// <summary>Changes the customer's own fields and address; its address contacts stay as they are.</summary>
    private async Task<Customer> UpdateOwnAsync(string customerId, CustomerPatch patch, CancellationToken cancellationToken)
    {
        var id = ResourceId.Parse(customerId, "customerId");
        var address = await ResolveAsync(patch.BillingAddress, cancellationToken);
        await RequireInScopeAsync(id, customerId, cancellationToken);
        _ = await FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound("customer", customerId);
        if (await partners.PatchAsync(id, patch, address, cancellationToken))
        {
            await cache.InvalidateAsync(CacheKeys(id), []);
        }

        return await GetExistingAsync(id, cancellationToken);
    }

    /// <summary>
    /// Creates or replaces the customer with this Salesforce id. For a version that shows address contacts, the look-up
    /// brings them, so that the customer and its addresses are replaced in one write or created in one.
    /// </summary>
    public async Task<(CustomerView Customer, bool Created)> UpsertAsync(string salesforceId, NewCustomer input, ICustomerVersion version, CancellationToken cancellationToken)
    {
        if (!version.ShowsAddressContacts)
        {
            var (customer, created) = await UpsertOwnAsync(salesforceId, input.Customer, cancellationToken);
            return (new CustomerView(customer, null), created);
        }

        // Refuse a bad address before anything is written.
        var shipping = input.ShippingAddress is { } shippingAddress
            ? new NewShippingContact(shippingAddress, await ResolveAsync(shippingAddress, cancellationToken, "shippingAddress"))
            : null;
        CheckSalesforceId(salesforceId, input.Customer);
        var address = await ResolveAsync(input.Customer.BillingAddress, cancellationToken);
        await using var claim = await locks.AcquireAsync(LockName(salesforceId), cancellationToken);
        var existing = await partners.FindWithAddressesBySalesforceIdAsync(salesforceId, (await scope.GetAsync(cancellationToken)).TagId, cancellationToken);
        long id;
        if (existing is null)
        {
            id = await CreateInScopeAsync(input.Customer, salesforceId, address, shipping, cancellationToken);
        }
        else
        {
            id = existing.Partner.Id;
            await partners.ReplaceWithAddressesAsync(existing, input.Customer, address, shipping, cancellationToken);
            await cache.InvalidateAsync(CacheKeys(id), []);
        }

        return (await GetViewAsync(id.ToString(CultureInfo.InvariantCulture), version, cancellationToken), existing is null);
    }

    /// <summary>Creates or replaces the customer's own fields and address; its address contacts stay as they are.</summary>
    private async Task<(Customer Customer, bool Created)> UpsertOwnAsync(string salesforceId, CustomerInput input, CancellationToken cancellationToken)
    {
        CheckSalesforceId(salesforceId, input);
        var address = await ResolveAsync(input.BillingAddress, cancellationToken);
        await using var claim = await locks.AcquireAsync(LockName(salesforceId), cancellationToken);
        if (await FindIdBySalesforceIdAsync(salesforceId, cancellationToken) is { } existingId)
        {
            await partners.ReplaceAsync(existingId, input, address, cancellationToken);
            await cache.InvalidateAsync(CacheKeys(existingId), []);
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

    /// <summary>
    /// Writes the addresses to the customer's address contacts: billing to its billing contact
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

    /// <summary>The customer with this Salesforce id, or null.</summary>
    public async Task<TCustomer?> FindBySalesforceIdAsync<TCustomer, TInput, TPatch>(string salesforceId, ICustomerVersion<TCustomer, TInput, TPatch> version, CancellationToken cancellationToken)
        where TCustomer : class =>
        await FindIdBySalesforceIdAsync(salesforceId, cancellationToken) is { } id ? await GetAsync(id.ToString(CultureInfo.InvariantCulture), version, cancellationToken) : null;

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

/// <summary>A customer to create or upsert, in no API version's shape: the canonical input and the shipping address it may carry.</summary>
internal sealed record NewCustomer(CustomerInput Customer, AddressInput? ShippingAddress);

/// <summary>Changes to a customer, in no API version's shape: the canonical patch and the shipping address it may carry.</summary>
internal sealed record CustomerChanges(CustomerPatch Patch, AddressInput? ShippingAddress);

/// <summary>
/// A customer as the gateway reads it, in no API version's shape: the customer with its own address, and its address
/// contacts when the version's mapping shows them (null: not read). Each version's mapping makes its resource from it.
/// </summary>
internal sealed record CustomerView(Customer Customer, CustomerAddresses? Addresses);
