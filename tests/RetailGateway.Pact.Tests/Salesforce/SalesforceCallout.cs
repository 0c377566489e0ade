using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;

namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// The consumer side: an HTTP callout as Salesforce makes it through the <c>RetailGateway</c> Named
/// Credential. Apex sends <c>Authorization: Bearer</c> (merged by the Named Credential), a JSON body
/// as <c>JSON.serialize</c> writes it (unset fields as null) and, on writes, an <c>Idempotency-Key</c>;
/// Flow's HTTP Callout sends the same without any custom header.
/// </summary>
internal sealed class SalesforceCallout(Uri gateway, bool isApex) : IDisposable
{
    public const string AccessToken = "eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJzZi1vcmcifQ.c2lnbmF0dXJl";
    private readonly HttpClient _http = new() { BaseAddress = gateway };

    public async Task<(int Status, JsonNode Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, object? body = null, string? idempotencyKey = null, string? token = AccessToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (isApex && idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(PactJson.Serialize(body), Encoding.UTF8, "application/json");
            request.Content.Headers.ContentType!.CharSet = null;
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "null" : text) ?? new JsonObject(), response);
    }

    /// <summary>Verifies <paramref name="pact"/>'s interactions with callouts as Apex (<paramref name="isApex"/>) or Flow makes them.</summary>
    public static Task VerifyAsync(PactV4 pact, bool isApex, Func<SalesforceCallout, Task> consumer) => CommittedPacts.VerifyAsync(pact, async uri =>
    {
        using var callout = new SalesforceCallout(uri, isApex);
        await consumer(callout);
    });

    public void Dispose() => _http.Dispose();
}
