using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Customers;

/// <summary>Customers (v2): with separate billing and shipping addresses.</summary>
[ApiVersion(2.0)]
// One resource in two classes: the shared name groups them, so both versions report every version of it (api-supported-versions).
[ControllerName("Customers")]
[Route("api/v{version:apiVersion}/customers")]
internal sealed class CustomersV2Controller(CustomerService customers, IOptions<JsonOptions> json) : CustomersControllerBase<CustomerV2, CustomerInputV2, CustomerPatchV2>(
    new(Get: customers.GetV2Async, FindBySalesforceId: customers.FindV2BySalesforceIdAsync, Search: customers.SearchV2Async,
        Create: customers.CreateV2Async, Update: customers.UpdateV2Async, Upsert: customers.UpsertV2Async),
    json);
