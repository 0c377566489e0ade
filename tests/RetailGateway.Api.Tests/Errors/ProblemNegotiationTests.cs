using System.Net;
using System.Net.Http.Headers;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Errors;

/// <summary>
/// RFC 9457 content negotiation, whoever produces the problem (model validation, the gateway's refusals,
/// authentication, MVC's media-type check, routing): <c>application/problem+json</c> to a caller that accepts it,
/// the same body as <c>application/json</c> to any other, as the OpenAPI documents declare for Salesforce.
/// </summary>
public sealed class ProblemNegotiationTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    public static TheoryData<string, string, string?, string?, HttpStatusCode, string> Problems => new()
    {
        { "POST", "/api/v2/customers", """{"name":""}""", "Customers.Write", HttpStatusCode.BadRequest, "validation_failed" },
        { "GET", "/api/v2/orders/999999", null, "Orders.Read", HttpStatusCode.NotFound, "not_found" },
        { "GET", "/api/v2/orders/1", null, null, HttpStatusCode.Unauthorized, "unauthenticated" },
        { "GET", "/api/v2/orders/1", null, "Stock.Read", HttpStatusCode.Forbidden, "forbidden" },
        { "POST", "/api/v2/customers", "name=x", "Customers.Write", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type" },
        { "GET", "/api/v2/nothing-here", null, "Orders.Read", HttpStatusCode.NotFound, "not_found" },
        { "GET", "/api/v9/orders/1", null, "Orders.Read", HttpStatusCode.BadRequest, "unsupported_api_version" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task Problem_is_json_unless_problem_json_is_accepted(string method, string path, string? body, string? permission, HttpStatusCode status, string errorCode)
    {
        foreach (var accept in new[] { null, "application/json", "*/*", "application/problem+json", "application/json, application/problem+json;q=0.5", "application/problem+json;q=0" })
        {
            using var client = permission is null ? gateway.AnonymousClient() : gateway.Client(permission);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, body.StartsWith('{') ? "application/json" : "application/x-www-form-urlencoded");
            }

            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            using var response = await client.SendAsync(request);

            var problem = await response.ExpectProblemAsync(status, errorCode);
            var expected = accept is not null && accept.Contains("problem+json", StringComparison.Ordinal) && !accept.EndsWith("q=0", StringComparison.Ordinal)
                ? "application/problem+json" : "application/json";
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            Assert.Null(problem["type"]);
        }
    }
}
