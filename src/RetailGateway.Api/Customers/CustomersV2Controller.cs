using System.ComponentModel.DataAnnotations;
using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Customers;
using RetailGateway.Canonical.Paging;
using RetailGateway.Canonical.V2;

namespace RetailGateway.Api.Customers;

/// <summary>Customers (v2): with separate billing and shipping addresses.</summary>
[ApiVersion(2.0)]
[Route("api/v{version:apiVersion}/customers")]
internal sealed class CustomersV2Controller(CustomerService customers, IOptions<JsonOptions> json) : ApiControllerBase
{
    /// <summary>Create a customer.</summary>
    /// <remarks>If a customer with the same <c>salesforceId</c> exists, it is returned (200) and nothing is created.</remarks>
    [HttpPost]
    [Authorize(Policy = Permissions.CustomersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    [Consumes("application/json")]
    [ProducesResponseType<CustomerV2>(StatusCodes.Status201Created)]
    [ProducesResponseType<CustomerV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<CustomerV2>> CreateCustomer([FromBody] CustomerInputV2 customer, CancellationToken cancellationToken)
    {
        var (created, isNew) = await customers.CreateV2Async(customer, cancellationToken);
        return isNew ? CreatedAt("customers", created.CustomerId, created) : Ok(created);
    }

    /// <summary>Get a customer.</summary>
    [HttpGet("{customerId}")]
    [Authorize(Policy = Permissions.CustomersRead)]
    [ProducesResponseType<CustomerV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<CustomerV2> GetCustomer(string customerId, CancellationToken cancellationToken) =>
        customers.GetV2Async(customerId, cancellationToken);

    /// <summary>Search customers by email, Salesforce id or change time, oldest first.</summary>
    /// <param name="email">Exact email, case-insensitive.</param>
    /// <param name="salesforceId">Salesforce Account id.</param>
    /// <param name="updatedSince">Only customers changed at or after this UTC time.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.CustomersRead)]
    [ProducesResponseType<Page<CustomerV2>>(StatusCodes.Status200OK)]
    public Task<Page<CustomerV2>> SearchCustomers(
        [FromQuery, StringLength(254)] string? email,
        [FromQuery, RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string? salesforceId,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        customers.SearchV2Async(new CustomerSearch(email, salesforceId, updatedSince, limit, cursor), cancellationToken);

    /// <summary>Change some fields of a customer.</summary>
    /// <remarks>Members that are absent or null are left unchanged; an empty string clears a text field.</remarks>
    [HttpPatch("{customerId}")]
    [Authorize(Policy = Permissions.CustomersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    [Consumes("application/json", "application/merge-patch+json")]
    [ProducesResponseType<CustomerV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<CustomerV2> UpdateCustomer(string customerId, [FromBody] CustomerPatchV2 changes, CancellationToken cancellationToken)
    {
        if (Request.Headers.IfMatch.Count > 0)
        {
            ETags.RequireMatch(Request, await customers.GetV2Async(customerId, cancellationToken), json.Value.JsonSerializerOptions);
        }

        return await customers.UpdateV2Async(customerId, changes, cancellationToken);
    }

    /// <summary>Create or replace the customer with this Salesforce Account id.</summary>
    /// <remarks>201 when created, 200 when an existing customer was replaced. Safe to retry.</remarks>
    [HttpPut("by-salesforce-id/{salesforceId}")]
    [Authorize(Policy = Permissions.CustomersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    [Consumes("application/json")]
    [ProducesResponseType<CustomerV2>(StatusCodes.Status201Created)]
    [ProducesResponseType<CustomerV2>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<ActionResult<CustomerV2>> UpsertCustomerBySalesforceId(
        [RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string salesforceId,
        [FromBody] CustomerInputV2 customer,
        CancellationToken cancellationToken)
    {
        if (Request.Headers.IfMatch.Count > 0)
        {
            ETags.RequireMatch(Request, await customers.FindBySalesforceIdAsync(salesforceId, cancellationToken) is { } found ? await customers.GetV2Async(found.CustomerId, cancellationToken) : null, json.Value.JsonSerializerOptions);
        }

        var (upserted, created) = await customers.UpsertV2Async(salesforceId, customer, cancellationToken);
        return created ? CreatedAt("customers", upserted.CustomerId, upserted) : Ok(upserted);
    }
}
