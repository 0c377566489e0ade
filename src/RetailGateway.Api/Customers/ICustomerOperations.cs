using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Customers;

/// <summary>What an API version reads and writes for the customer operations: its records, over <see cref="CustomerService"/>.</summary>
internal interface ICustomerOperations<TCustomer, in TInput, in TPatch>
{
    Task<TCustomer> GetAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>The customer with this Salesforce id, or null.</summary>
    Task<TCustomer?> FindBySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken);

    Task<Page<TCustomer>> SearchAsync(CustomerSearch search, CancellationToken cancellationToken);

    Task<(TCustomer Customer, bool Created)> CreateAsync(TInput input, CancellationToken cancellationToken);

    Task<TCustomer> UpdateAsync(string customerId, TPatch patch, CancellationToken cancellationToken);

    Task<(TCustomer Customer, bool Created)> UpsertAsync(string salesforceId, TInput input, CancellationToken cancellationToken);
}

/// <summary>v1: customers with one address.</summary>
internal sealed class CustomerOperationsV1(CustomerService customers) : ICustomerOperations<Customer, CustomerInput, CustomerPatch>
{
    public Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken) => customers.GetAsync(customerId, cancellationToken);

    public Task<Customer?> FindBySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken) =>
        customers.FindBySalesforceIdAsync(salesforceId, cancellationToken);

    public Task<Page<Customer>> SearchAsync(CustomerSearch search, CancellationToken cancellationToken) => customers.SearchAsync(search, cancellationToken);

    public Task<(Customer Customer, bool Created)> CreateAsync(CustomerInput input, CancellationToken cancellationToken) =>
        customers.CreateAsync(input, cancellationToken);

    public Task<Customer> UpdateAsync(string customerId, CustomerPatch patch, CancellationToken cancellationToken) =>
        customers.UpdateAsync(customerId, patch, cancellationToken);

    public Task<(Customer Customer, bool Created)> UpsertAsync(string salesforceId, CustomerInput input, CancellationToken cancellationToken) =>
        customers.UpsertAsync(salesforceId, input, cancellationToken);
}

/// <summary>v2: customers with their billing and shipping addresses.</summary>
internal sealed class CustomerOperationsV2(CustomerService customers) : ICustomerOperations<CustomerV2, CustomerInputV2, CustomerPatchV2>
{
    public Task<CustomerV2> GetAsync(string customerId, CancellationToken cancellationToken) => customers.GetV2Async(customerId, cancellationToken);

    public async Task<CustomerV2?> FindBySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken) =>
        await customers.FindBySalesforceIdAsync(salesforceId, cancellationToken) is { } found ? await customers.GetV2Async(found.CustomerId, cancellationToken) : null;

    public Task<Page<CustomerV2>> SearchAsync(CustomerSearch search, CancellationToken cancellationToken) => customers.SearchV2Async(search, cancellationToken);

    public Task<(CustomerV2 Customer, bool Created)> CreateAsync(CustomerInputV2 input, CancellationToken cancellationToken) =>
        customers.CreateV2Async(input, cancellationToken);

    public Task<CustomerV2> UpdateAsync(string customerId, CustomerPatchV2 patch, CancellationToken cancellationToken) =>
        customers.UpdateV2Async(customerId, patch, cancellationToken);

    public Task<(CustomerV2 Customer, bool Created)> UpsertAsync(string salesforceId, CustomerInputV2 input, CancellationToken cancellationToken) =>
        customers.UpsertV2Async(salesforceId, input, cancellationToken);
}
