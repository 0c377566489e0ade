using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Salesforce.SalesforceShapes;

namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>The parts every Salesforce interaction shares, so that each test shows only what is its own.</summary>
internal static class SalesforceInteractions
{
    /// <summary>A callout through the Named Credential: the request line and its bearer token.</summary>
    public static PactV4.RequestBuilder Callout(this PactV4.RequestBuilder request, HttpMethod method, string path) =>
        request.WithRequest(method, path).WithHeader("Authorization", BearerToken);

    /// <summary>A callout whose path comes from the provider state (e.g. the id of a record the state created).</summary>
    public static PactV4.RequestBuilder Callout(this PactV4.RequestBuilder request, HttpMethod method, JsonNode path) =>
        request.WithRequest(method, path).WithHeader("Authorization", BearerToken);

    /// <summary>The key Apex sends on a write; any visible ASCII key is one the gateway accepts.</summary>
    public static PactV4.RequestBuilder WithIdempotencyKey(this PactV4.RequestBuilder request, string key) =>
        request.WithHeader("Idempotency-Key", Match.Regex(key, "^[!-~]{1,255}$"));

    public static PactV4.RequestBuilder WithJson(this PactV4.RequestBuilder request, object body) =>
        request.WithHeader("Content-Type", "application/json").WithJsonBody(body);

    /// <summary>A JSON answer with <paramref name="status"/>; the body (and any other header) follows.</summary>
    public static PactV4.ResponseBuilder RespondsJson(this PactV4.RequestBuilder request, HttpStatusCode status) =>
        request.WillRespond().WithStatus(status).WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", JsonContentType));

    /// <summary>
    /// An RFC 9457 problem with <paramref name="status"/>; the body (and any other header) follows. As
    /// <c>application/json</c>: Salesforce does not ask for <c>application/problem+json</c>, and External Services types only JSON.
    /// </summary>
    public static PactV4.ResponseBuilder RespondsProblem(this PactV4.RequestBuilder request, HttpStatusCode status) =>
        request.WillRespond().WithStatus(status).WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", JsonContentType));

    /// <summary>The problem Apex branches on: <paramref name="status"/> and <paramref name="errorCode"/>.</summary>
    public static PactV4.ResponseBuilder RespondsProblem(this PactV4.RequestBuilder request, HttpStatusCode status, string errorCode) =>
        request.RespondsProblem(status).WithJsonBody(Problem(status, errorCode));
}
