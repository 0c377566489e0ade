using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Security;
using RetailGateway.Api.Versions;
using RetailGateway.Canonical;
using RetailGateway.Canonical.Paging;

namespace RetailGateway.Api.Customers;

/// <summary>
/// The customer operations, the same in every API version: a version's controller derives from this
/// with its records and its mapping (<see cref="ICustomerVersion{TCustomer, TInput, TPatch}"/>), and adds
/// only its version and route.
/// </summary>
// The 200/201 responses name no type (an attribute cannot name a type parameter): ApiExplorer takes it from the declared return type.
internal abstract class CustomersControllerBase<TCustomer, TInput, TPatch>(CustomerService customers, ICustomerVersion<TCustomer, TInput, TPatch> version, IOptions<JsonOptions> json)
    : ApiControllerBase
    where TCustomer : class
{
    /// <summary>Create a customer.</summary>
    /// <remarks>If a customer with the same <c>salesforceId</c> exists, it is returned (200) and nothing is created.</remarks>
    [HttpPost]
    [Authorize(Policy = Permissions.CustomersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<TCustomer>> CreateCustomer([FromBody] TInput customer, CancellationToken cancellationToken)
    {
        var (created, isNew) = await customers.CreateAsync(version.ToNewCustomer(customer), version, cancellationToken);
        var resource = version.ToResource(created);
        return isNew ? CreatedAt("customers", created.Customer.CustomerId, resource) : Ok(resource);
    }

    /// <summary>Get a customer.</summary>
    [HttpGet("{customerId}")]
    [ServesStale]
    [Authorize(Policy = Permissions.CustomersRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    public Task<TCustomer> GetCustomer(string customerId, CancellationToken cancellationToken) =>
        customers.GetAsync(customerId, version, cancellationToken);

    /// <summary>Search customers by email, Salesforce id or change time, oldest first.</summary>
    /// <param name="email">Exact email, case-insensitive.</param>
    /// <param name="salesforceId">Salesforce Account id.</param>
    /// <param name="updatedSince">Only customers changed at or after this UTC time.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    [HttpGet]
    [Authorize(Policy = Permissions.CustomersRead)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<Page<TCustomer>> SearchCustomers(
        [FromQuery, StringLength(254)] string? email,
        [FromQuery, RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string? salesforceId,
        [FromQuery] DateTimeOffset? updatedSince,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        customers.SearchAsync(new CustomerSearch(email, salesforceId, updatedSince, limit, cursor), version, cancellationToken);

    /// <summary>Change some fields of a customer.</summary>
    /// <remarks>Members that are absent or null are left unchanged; an empty string clears a text field.</remarks>
    [HttpPatch("{customerId}")]
    [Authorize(Policy = Permissions.CustomersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json", "application/merge-patch+json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<TCustomer> UpdateCustomer(string customerId, [FromBody] TPatch changes, CancellationToken cancellationToken)
    {
        if (Request.Headers.IfMatch.Count > 0)
        {
            ETags.RequireMatch(Request, await customers.GetAsync(customerId, version, cancellationToken), json.Value.JsonSerializerOptions);
        }

        return version.ToResource(await customers.UpdateAsync(customerId, version.ToChanges(changes), version, cancellationToken));
    }

    /// <summary>Create or replace the customer with this Salesforce Account id.</summary>
    /// <remarks>201 when created, 200 when an existing customer was replaced. Safe to retry.</remarks>
    [HttpPut("by-salesforce-id/{salesforceId}")]
    [Authorize(Policy = Permissions.CustomersWrite)]
    [Idempotent]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<TCustomer>> UpsertCustomerBySalesforceId(
        [RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)] string salesforceId,
        [FromBody] TInput customer,
        CancellationToken cancellationToken)
    {
        if (Request.Headers.IfMatch.Count > 0)
        {
            ETags.RequireMatch(Request, await customers.FindBySalesforceIdAsync(salesforceId, version, cancellationToken), json.Value.JsonSerializerOptions);
        }

        var (upserted, created) = await customers.UpsertAsync(salesforceId, version.ToNewCustomer(customer), version, cancellationToken);
        var resource = version.ToResource(upserted);
        return created ? CreatedAt("customers", upserted.Customer.CustomerId, resource) : Ok(resource);
    }
}
