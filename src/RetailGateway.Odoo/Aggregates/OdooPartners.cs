using System.Text.Json.Nodes;
using RetailGateway.Canonical.Customers;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// Customers and their address contacts in <c>res.partner</c>. The Salesforce id lives in <c>ref</c>; a data
/// scope is a customer tag (<see cref="ScopeMapping"/>).
/// </summary>
public sealed class OdooPartners(IOdooClient odoo)
{
    /// <summary>The customer with this id, archived or not, or null.</summary>
    public async Task<PartnerRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        await odoo.ReadAsync(CustomerMapping.Model, [id], PartnerRecord.Fields, OdooWireContext.Default.PartnerRecord, cancellationToken) is [var partner, ..] ? partner : null;

    /// <summary>
    /// The customer with this id, archived or not, with its (active) billing and shipping contacts, or null.
    /// One <c>web_read</c> with the contacts nested on Odoo 17 and newer; up to 16, a read and a search.
    /// </summary>
    public async Task<PartnerWithAddresses?> FindWithAddressesAsync(long id, CancellationToken cancellationToken)
    {
        if (!(await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            return await FindAsync(id, cancellationToken) is { } partner
                ? new PartnerWithAddresses(partner, await AddressesOfAsync([id], cancellationToken))
                : null;
        }

        var specification = WebSpecification.Of(PartnerRecord.Fields);
        specification["child_ids"] = WebSpecification.Nested(PartnerRecord.AddressFields);
        return await odoo.WebReadAsync(CustomerMapping.Model, [id], specification, OdooWireContext.Default.PartnerRecord, cancellationToken) is [var found, ..]
            ? new PartnerWithAddresses(found, [.. found.Children.Records.Where(c => c.Type is PartnerRecord.InvoiceType or PartnerRecord.DeliveryType).OrderBy(c => c.Id)])
            : null;
    }

    /// <summary>Whether a partner with this id exists, in one small read.</summary>
    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken) =>
        (await odoo.ReadAsync(CustomerMapping.Model, [id], ["name"], OdooWireContext.Default.IdRecord, cancellationToken)).Count > 0;

    /// <summary>The contact with this id with its kind and parent (to check it is one customer's shipping address), or null.</summary>
    public async Task<PartnerRecord?> FindAddressAsync(long id, CancellationToken cancellationToken) =>
        await odoo.ReadAsync(CustomerMapping.Model, [id], PartnerRecord.AddressFields, OdooWireContext.Default.PartnerRecord, cancellationToken) is [var contact, ..] ? contact : null;

    /// <summary>Up to <paramref name="count"/> customers after <see cref="CustomerFilter.AfterId"/> matching the filter, in id order.</summary>
    public async Task<IReadOnlyList<PartnerRecord>> PageAsync(CustomerFilter filter, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // Customers are partners Odoo counts as customers; addresses and users are not listed.
        var domain = new JsonArray(new JsonArray("customer_rank", ">", 0), Domains.After(filter.AfterId)).Within(ScopedRecords.Customers, filter.TagId);
        if (filter.Email is { } email)
        {
            domain.Add(CustomerMapping.EmailIs(email));
        }

        if (filter.SalesforceId is { } salesforceId)
        {
            domain.Add(Domains.Is("ref", salesforceId));
        }

        if (filter.UpdatedSince is { } since)
        {
            domain.Add(Domains.ChangedSince(since));
        }

        return await odoo.SearchReadAsync(new OdooQuery(CustomerMapping.Model, domain, PartnerRecord.Fields, count) { Order = Domains.IdOrder }, OdooWireContext.Default.PartnerRecord, cancellationToken);
    }

    /// <summary>The id of the customer with this Salesforce id within the tag (null: among all), or null.</summary>
    public async Task<long?> FindIdBySalesforceIdAsync(string salesforceId, long? tagId, CancellationToken cancellationToken)
    {
        var domain = new JsonArray(Domains.Is("ref", salesforceId)).Within(ScopedRecords.Customers, tagId);
        var found = await odoo.SearchReadAsync(new OdooQuery(CustomerMapping.Model, domain, ["ref"], 1) { Order = Domains.IdOrder }, OdooWireContext.Default.IdRecord, cancellationToken);
        return found is [var customer, ..] ? customer.Id : null;
    }

    /// <summary>
    /// The customer with this Salesforce id within the tag (null: among all) with its billing and shipping contacts, or null.
    /// One <c>web_search_read</c> on Odoo 17 and newer, which reads of the customer only its id and contacts; up to 16,
    /// the search and then <see cref="FindWithAddressesAsync"/>.
    /// </summary>
    public async Task<PartnerWithAddresses?> FindWithAddressesBySalesforceIdAsync(string salesforceId, long? tagId, CancellationToken cancellationToken)
    {
        if (!(await odoo.GetServerAsync(cancellationToken)).Dialect.HasWebRead)
        {
            return await FindIdBySalesforceIdAsync(salesforceId, tagId, cancellationToken) is { } id
                ? await FindWithAddressesAsync(id, cancellationToken)
                : null;
        }

        var domain = new JsonArray(Domains.Is("ref", salesforceId)).Within(ScopedRecords.Customers, tagId);
        var specification = new JsonObject { ["child_ids"] = WebSpecification.Nested(PartnerRecord.AddressFields) };
        var query = new OdooQuery(CustomerMapping.Model, domain, ["ref"], 1) { Order = Domains.IdOrder };
        return await odoo.WebSearchReadAsync(query, specification, OdooWireContext.Default.PartnerRecord, cancellationToken) is [var found, ..]
            ? new PartnerWithAddresses(found, [.. found.Children.Records.Where(c => c.Type is PartnerRecord.InvoiceType or PartnerRecord.DeliveryType).OrderBy(c => c.Id)])
            : null;
    }

    /// <summary>
    /// <see cref="ReplaceAsync"/> and the v2 addresses in the same write: the billing address goes to the customer's billing
    /// contact when it has one, the shipping address to its shipping contact, created when missing (x2many commands).
    /// </summary>
    public Task ReplaceWithAddressesAsync(PartnerWithAddresses existing, CustomerInput input, ResolvedAddress address, NewShippingContact? shipping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(input);
        var id = existing.Partner.Id;
        var values = CustomerMapping.ToReplaceValues(input, address);
        var commands = new JsonArray();
        if (input.BillingAddress is { } billing && existing.Addresses.FirstOrDefault(CustomerMapping.IsBillingAddress) is { } invoice)
        {
            commands.Add(new JsonArray(1, invoice.Id, CustomerMapping.ToAddressValues(billing, address)));
        }

        if (shipping is not null)
        {
            if (existing.Addresses.FirstOrDefault(c => CustomerMapping.IsShippingAddressOf(c, id)) is { } delivery)
            {
                commands.Add(new JsonArray(1, delivery.Id, CustomerMapping.ToAddressValues(shipping.Address, shipping.Resolved)));
            }
            else
            {
                commands.Add(new JsonArray(0, 0, ShippingContactValues(input, shipping)));
            }
        }

        if (commands.Count > 0)
        {
            values["child_ids"] = commands;
        }

        return odoo.WriteAsync(CustomerMapping.Model, [id], values, cancellationToken);
    }

    /// <summary>
    /// Creates a customer; one a scoped client creates carries the client's tag (<paramref name="tagId"/>). Returns its id.
    /// A <paramref name="shipping"/> address becomes its shipping contact in the same call (an x2many create command).
    /// </summary>
    public Task<long> CreateAsync(CustomerInput input, string? salesforceId, ResolvedAddress address, long? tagId, NewShippingContact? shipping, CancellationToken cancellationToken)
    {
        var values = CustomerMapping.ToCreateValues(input, salesforceId, address);
        if (shipping is not null)
        {
            values["child_ids"] = new JsonArray(new JsonArray(0, 0, ShippingContactValues(input, shipping)));
        }

        if (tagId is { } tag)
        {
            values[ScopeMapping.TagField] = ScopeMapping.AddTag(tag);
        }

        return odoo.CreateAsync(CustomerMapping.Model, values, null, cancellationToken);
    }

    /// <summary>A new shipping contact for an x2many create command, which sets the parent itself.</summary>
    private static JsonObject ShippingContactValues(CustomerInput input, NewShippingContact shipping)
    {
        var contact = CustomerMapping.ToAddressCreateValues(0, PartnerRecord.DeliveryType, input.Name ?? string.Empty, shipping.Address, shipping.Resolved);
        contact.Remove("parent_id");
        return contact;
    }

    /// <summary>Changes the members the patch names; false (and no call) when it names none.</summary>
    public async Task<bool> PatchAsync(long id, CustomerPatch patch, ResolvedAddress address, CancellationToken cancellationToken)
    {
        var values = CustomerMapping.ToPatchValues(patch, address);
        if (values.Count == 0)
        {
            return false;
        }

        await odoo.WriteAsync(CustomerMapping.Model, [id], values, cancellationToken);
        return true;
    }

    /// <summary>Replaces the customer's state entirely (upsert): absent members are cleared.</summary>
    public Task ReplaceAsync(long id, CustomerInput input, ResolvedAddress address, CancellationToken cancellationToken) =>
        odoo.WriteAsync(CustomerMapping.Model, [id], CustomerMapping.ToReplaceValues(input, address), cancellationToken);

    /// <summary>The billing and shipping contacts of several customers, in one call.</summary>
    public async Task<IReadOnlyList<PartnerRecord>> AddressesOfAsync(IReadOnlyList<long> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var domain = new JsonArray(
            Domains.In("parent_id", customerIds),
            Domains.In("type", [PartnerRecord.InvoiceType, PartnerRecord.DeliveryType]));
        return await odoo.SearchReadAsync(
            new OdooQuery(CustomerMapping.Model, domain, PartnerRecord.AddressFields, 10 * customerIds.Count) { Order = Domains.IdOrder },
            OdooWireContext.Default.PartnerRecord,
            cancellationToken);
    }

    /// <summary>Writes an address to an existing address contact: members given are set, empty strings clear.</summary>
    public Task UpdateAddressAsync(long contactId, AddressInput address, ResolvedAddress resolved, CancellationToken cancellationToken) =>
        odoo.WriteAsync(CustomerMapping.Model, [contactId], CustomerMapping.ToAddressValues(address, resolved), cancellationToken);

    /// <summary>Creates the customer's shipping contact; returns its id.</summary>
    public Task<long> CreateShippingAddressAsync(long customerId, string name, AddressInput address, ResolvedAddress resolved, CancellationToken cancellationToken) =>
        odoo.CreateAsync(CustomerMapping.Model, CustomerMapping.ToAddressCreateValues(customerId, PartnerRecord.DeliveryType, name, address, resolved), null, cancellationToken);
}

/// <summary>What a page of customers is filtered by; null members do not filter.</summary>
/// <param name="AfterId">The page starts after this id (0: from the start).</param>
/// <param name="TagId">The data scope's customer tag; null for all data.</param>
/// <param name="Email">Exactly this email, ignoring case.</param>
/// <param name="SalesforceId">Exactly this Salesforce id.</param>
/// <param name="UpdatedSince">Changed at or after this time.</param>
public sealed record CustomerFilter(long AfterId, long? TagId, string? Email, string? SalesforceId, DateTimeOffset? UpdatedSince);

/// <summary>A customer with its billing and shipping contacts.</summary>
public sealed record PartnerWithAddresses(PartnerRecord Partner, IReadOnlyList<PartnerRecord> Addresses);

/// <summary>A shipping address to create as a new customer's shipping contact.</summary>
public sealed record NewShippingContact(AddressInput Address, ResolvedAddress Resolved);
