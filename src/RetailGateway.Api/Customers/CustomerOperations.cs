using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Customers;

/// <summary>What an API version reads and writes for the customer operations: the <see cref="CustomerService"/> methods for its records.</summary>
internal sealed record CustomerOperations<TCustomer, TInput, TPatch>(
    Func<string, CancellationToken, Task<TCustomer>> Get,
    Func<string, CancellationToken, Task<TCustomer?>> FindBySalesforceId,
    Func<CustomerSearch, CancellationToken, Task<Page<TCustomer>>> Search,
    Func<TInput, CancellationToken, Task<(TCustomer Customer, bool Created)>> Create,
    Func<string, TPatch, CancellationToken, Task<TCustomer>> Update,
    Func<string, TInput, CancellationToken, Task<(TCustomer Customer, bool Created)>> Upsert)
    where TCustomer : Customer;
