using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical.Customers;

namespace RetailGateway.Api.Customers;

/// <summary>Customers (Odoo contacts), keyed by gateway id or by Salesforce Account id.</summary>
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/customers")]
internal sealed class CustomersController(CustomerService customers, IOptions<JsonOptions> json)
    : CustomersControllerBase<Customer, CustomerInput, CustomerPatch>(customers, V1Mapping.Instance, json);
