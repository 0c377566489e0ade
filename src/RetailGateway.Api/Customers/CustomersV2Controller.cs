using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Customers;

/// <summary>Customers (v2): with separate billing and shipping addresses.</summary>
[ApiVersion(2.0)]
// One resource in two classes: the shared name groups them, so both versions report every version of it (api-supported-versions).
[ControllerName("Customers")]
[Route("api/v{version:apiVersion}/customers")]
internal sealed class CustomersV2Controller(CustomerService customers, IOptions<JsonOptions> json)
    : CustomersControllerBase<CustomerV2, CustomerInputV2, CustomerPatchV2>(customers, V2Mapping.Instance, json);
