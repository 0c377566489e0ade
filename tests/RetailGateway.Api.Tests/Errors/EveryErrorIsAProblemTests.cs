using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Errors;

/// <summary>
/// Every kind of error, whoever produces it (Kestrel's request limits, routing, authentication, authorization, MVC, the
/// gateway's own refusals), is a problem with every member the <c>ApiProblem</c> schema documents and no other, over real HTTP.
/// </summary>
public sealed class EveryErrorIsAProblemTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    /// <summary>One kind of error: how to provoke it, and the status and <c>errorCode</c> it must answer.</summary>
    private sealed record ErrorKind(string Name, Func<HttpRequestMessage> Request, string? Permission, HttpStatusCode Status, string ErrorCode);

    private static readonly string LongUrl = "/api/v2/stock?skus=" + string.Join(",", Enumerable.Repeat("DESK0005", 1000));

    private static readonly ErrorKind[] All =
    [
        new("malformed JSON", () => Post("/api/v2/customers", "{", "application/json"), "Customers.Write", HttpStatusCode.BadRequest, "malformed_request"),
        new("invalid field", () => Post("/api/v2/customers", """{"name":""}""", "application/json"), "Customers.Write", HttpStatusCode.BadRequest, "validation_failed"),
        new("unknown API version", () => Get("/api/v9/orders/1"), "Orders.Read", HttpStatusCode.BadRequest, "unsupported_api_version"),
        new("API version that is not a number", () => Get("/api/vx/orders/1"), "Orders.Read", HttpStatusCode.BadRequest, "unsupported_api_version"),
        new("path of another version only", () => Get("/api/v1/products/DESK0005"), "Products.Read", HttpStatusCode.NotFound, "not_found"),
        new("no token", () => Get("/api/v2/orders/1"), null, HttpStatusCode.Unauthorized, "unauthenticated"),
        new("token without the permission", () => Get("/api/v2/orders/1"), "Stock.Read", HttpStatusCode.Forbidden, "forbidden"),
        new("unknown record", () => Get("/api/v2/orders/999999"), "Orders.Read", HttpStatusCode.NotFound, "not_found"),
        new("unknown path under /api", () => Get("/api/v2/nothing-here"), "Orders.Read", HttpStatusCode.NotFound, "not_found"),
        new("unknown path outside /api", () => Get("/nothing-here"), null, HttpStatusCode.NotFound, "not_found"),
        new("method the route does not have", () => new HttpRequestMessage(HttpMethod.Delete, "/api/v2/customers/1"), "Customers.Write", HttpStatusCode.MethodNotAllowed, "method_not_allowed"),
        new("method the route does not have, no token", () => new HttpRequestMessage(HttpMethod.Put, "/api/v2/orders"), null, HttpStatusCode.MethodNotAllowed, "method_not_allowed"),
        new("body too large", () => Post("/api/v2/customers", $$"""{"name":"{{new string('x', 300 * 1024)}}"}""", "application/json"), "Customers.Write", HttpStatusCode.RequestEntityTooLarge, "payload_too_large"),
        new("media type not the operation's", () => Post("/api/v2/customers", "name=x", "text/plain"), "Customers.Write", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"),
        new("URL over 8 KiB", () => Get(LongUrl), "Stock.Read", HttpStatusCode.RequestUriTooLong, "url_too_long"),
        new("URL over 8 KiB, no token", () => Get(LongUrl), null, HttpStatusCode.RequestUriTooLong, "url_too_long"),
        new("headers over 32 KiB", () => WithHeaders(Get("/api/v2/stock/DESK0005"), ("X-Filler", new string('a', 33 * 1024))), "Stock.Read", HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large"),
        new("more than 100 headers", () => WithHeaders(Get("/api/v2/stock/DESK0005"), Enumerable.Range(0, 101).Select(i => ($"X-Filler-{i}", "a")).ToArray()), "Stock.Read", HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large"),
    ];

    public static TheoryData<string> Kinds => new(All.Select(kind => kind.Name));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Error_IsAProblemWithEveryDocumentedMember(string name)
    {
        var kind = All.Single(k => k.Name == name);
        foreach (var accept in new[] { null, "application/problem+json" })
        {
            using var client = kind.Permission is null ? gateway.AnonymousClient() : gateway.Client(kind.Permission);
            using var request = kind.Request();
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            using var response = await client.SendAsync(request);

            // ExpectProblemAsync holds every problem to TestApi.ProblemMembers, which are the documented members (see below).
            var problem = await response.ExpectProblemAsync(kind.Status, kind.ErrorCode);
            Assert.Equal(request.RequestUri!.AbsolutePath, problem["instance"]!.GetValue<string>());
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        }
    }

    [Fact]
    public async Task MethodNotAllowed_NamesTheAllowedMethods()
    {
        using var response = await gateway.Client("Customers.Write").SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v2/customers/1"));

        await response.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["GET", "PATCH"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NoToken_KeepsTheBearerChallenge()
    {
        using var response = await gateway.AnonymousClient().GetAsync("/api/v2/orders/1");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task RequestsAtTheDocumentedLimits_AreServed()
    {
        // The request line is "GET <target> HTTP/1.1\r\n": at 8 KiB exactly, it is still served.
        const string prefix = "/api/v2/stock/DESK0005?warehouse=WH&pad=";
        var target = prefix + new string('a', 8 * 1024 - "GET  HTTP/1.1\r\n".Length - prefix.Length);
        using var client = gateway.Client("Stock.Read");

        (await client.GetAsync(target)).EnsureSuccessStatusCode();
        (await client.SendAsync(WithHeaders(Get("/api/v2/stock/DESK0005"), Enumerable.Range(0, 80).Select(i => ($"X-Filler-{i}", "a")).ToArray()))).EnsureSuccessStatusCode();
        (await client.SendAsync(WithHeaders(Get("/api/v2/stock/DESK0005"), ("X-Filler", new string('a', 30 * 1024))))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task BeyondKestrelsCeiling_TheAnswerIsKestrelsOwnBare414()
    {
        // Past the hard ceiling Kestrel refuses the request before the gateway sees it, as docs/api.md ("Errors") says.
        using var response = await gateway.AnonymousClient().GetAsync("/api/v2/stock?skus=" + new string('A', 80 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task TheMembersEveryProblemIsHeldTo_AreTheApiProblemSchemasMembers(string version)
    {
        var document = await (await gateway.AnonymousClient().GetAsync($"/swagger/{version}/swagger.json")).ExpectAsync(HttpStatusCode.OK);

        var schema = document["components"]!["schemas"]!["ApiProblem"]!;

        Assert.Equal(TestApi.ProblemMembers, schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, string body, string contentType) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    private static HttpRequestMessage WithHeaders(HttpRequestMessage request, params (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
