using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Api.Tests.Hosting;

/// <summary>Small helpers that keep tests about behaviour, not plumbing.</summary>
internal static class TestApi
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty body.");
    }

    /// <summary>Asserts the status and returns the body as JSON, showing the body when the status is wrong.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty body.");
    }

    /// <summary>The members the error table of docs/api.md and the <c>ApiProblem</c> schema document on every problem, and no other.</summary>
    public static readonly IReadOnlyList<string> ProblemMembers = ["detail", "errorCode", "errors", "instance", "status", "title", "traceId"];

    /// <summary>
    /// Asserts an RFC 9457 problem with the given status and errorCode, served as the request negotiated
    /// (<c>application/problem+json</c> if its <c>Accept</c> named that, else <c>application/json</c>),
    /// with every documented member and no other, and returns it.
    /// </summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal(ProblemMediaType(response.RequestMessage), response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemMembers, problem.AsObject().Select(member => member.Key).Order(StringComparer.Ordinal));
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.Equal(errorCode, problem["errorCode"]!.GetValue<string>());
        foreach (var member in new[] { "title", "detail", "instance", "traceId" })
        {
            Assert.False(string.IsNullOrWhiteSpace(problem[member]!.GetValue<string>()), $"The problem's {member} is empty.");
        }

        Assert.IsType<JsonArray>(problem["errors"]);
        var text = problem.ToJsonString();
        Assert.DoesNotContain("Traceback", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>The media type a problem answering <paramref name="request"/> must have.</summary>
    public static string ProblemMediaType(HttpRequestMessage? request) =>
        request?.Headers.Accept.Any(a => a.MediaType == "application/problem+json" && a.Quality is not 0) == true ? "application/problem+json" : "application/json";

    public static IReadOnlyList<string> ErrorFields(this JsonNode problem) =>
        problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, JsonOptions);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>POST /api/v1/orders as Apex sends it: JSON body and an <c>Idempotency-Key</c> (a fresh one unless given).</summary>
    public static Task<HttpResponseMessage> SubmitOrderAsync(this HttpClient client, object order, string? idempotencyKey = null, string path = "/api/v1/orders")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(order, options: JsonOptions) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: JsonOptions) });

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Follows <c>nextCursor</c> from the first page to the last and returns every item's
    /// <paramref name="idMember"/>, asserting that no page is larger than <paramref name="limit"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReadAllPagesAsync(this HttpClient client, string url, int limit, string idMember)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await (await client.GetAsync($"{url}{separator}limit={limit}" + (cursor is null ? string.Empty : $"&cursor={cursor}")))
                .ExpectAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 0, limit);
            ids.AddRange(items.Select(i => i![idMember]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return ids;
            }
        }

        throw new InvalidOperationException($"{url} did not reach its last page in 1000 pages.");
    }

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
}
