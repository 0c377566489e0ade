using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// What every resource controller shares: JSON in and out, and the problem responses any
/// operation can give (bad input, token, Odoo trouble). Operation-specific ones sit on the actions.
/// </summary>
[ApiController]
[Produces("application/json")]
[ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status500InternalServerError)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status502BadGateway)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status503ServiceUnavailable)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status504GatewayTimeout)]
internal abstract class ApiControllerBase : ControllerBase
{
    /// <summary>201 with <c>Location</c> at the resource's URL in the version that was called.</summary>
    protected CreatedResult CreatedAt(string collection, string id, object resource)
    {
        var version = HttpContext.RequestedApiVersion?.MajorVersion ?? 1;
        return Created($"{Request.PathBase}/api/v{version}/{collection}/{Uri.EscapeDataString(id)}", resource);
    }
}
