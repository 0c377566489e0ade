using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Bench;

/// <summary>
/// The latency of each operation a Salesforce org makes, one request at a time against a gateway in front of a slow
/// sandbox with its read cache off: with Odoo's ~100 ms per call, an operation's time is mostly its sequential Odoo
/// round trips, so this is where fewer and concurrent Odoo calls show.
/// </summary>
internal static class OperationLatency
{
    private const string Sku = "DESK0005";
    private const string OtherSku = "E-COM07";

    public static async Task<int> RunAsync(Uri gateway, string token, int rounds)
    {
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var run = Guid.NewGuid().ToString("N")[..6];
        var timings = new Dictionary<string, List<double>>();

        async Task<JsonNode> TimeAsync(string operation, Func<Task<HttpResponseMessage>> send)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{operation} answered {(int)response.StatusCode}: {body}");
            }

            if (!timings.TryGetValue(operation, out var list))
            {
                timings[operation] = list = [];
            }

            list.Add(elapsed);
            return JsonNode.Parse(body.Length == 0 ? "{}" : body)!;
        }

        HttpRequestMessage Write(HttpMethod method, string path, object? body, string key)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        // The first round loads what the gateway keeps (version probe, login, reference data); it is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            var salesforceId = $"001BENCH{run}{round:D3}";
            var customer = await TimeAsync("POST /api/v2/customers (with a shipping address)", () => client.SendAsync(Write(HttpMethod.Post, "/api/v2/customers", new
            {
                salesforceId,
                name = "Bench Retail " + salesforceId,
                billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
                shippingAddress = new { street = "9 Dock Rd", city = "Springfield", postalCode = "62702", countryCode = "US" },
            }, "c-" + salesforceId)));
            var customerId = customer["customerId"]!.GetValue<string>();
            await TimeAsync("GET /api/v2/customers/{id}", () => client.GetAsync($"/api/v2/customers/{customerId}"));
            await TimeAsync("PUT /api/v1/customers/by-salesforce-id/{id} (replace)", () => client.SendAsync(Write(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{salesforceId}", new
            {
                salesforceId,
                name = "Bench Retail (renamed) " + salesforceId,
                billingAddress = new { street = "2 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
            }, "u-" + salesforceId)));
            var orderSalesforceId = $"801BENCH{run}{round:D3}";
            var order = await TimeAsync("POST /api/v1/orders (2 lines)", () => client.SendAsync(Write(HttpMethod.Post, "/api/v1/orders", new
            {
                salesforceId = orderSalesforceId,
                customerId,
                lines = new object[] { new { sku = Sku, quantity = 1 }, new { sku = OtherSku, quantity = 1 } },
            }, "o-" + orderSalesforceId)));
            var orderId = order["orderId"]!.GetValue<string>();
            await TimeAsync("GET /api/v1/orders/{id}", () => client.GetAsync($"/api/v1/orders/{orderId}"));
            await TimeAsync("GET /api/v1/orders?customerId= (a page)", () => client.GetAsync($"/api/v1/orders?customerId={customerId}&limit=20"));
            await TimeAsync("POST /api/v1/orders/{id}/cancel", () => client.SendAsync(Write(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel", null, "x-" + orderSalesforceId)));
            if (round == 0)
            {
                timings.Clear();
            }
        }

        foreach (var (operation, values) in timings)
        {
            values.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{operation,-58} n={values.Count} p50_ms={values[values.Count / 2]:0.0} mean_ms={values.Average():0.0} max_ms={values[^1]:0.0}"));
        }

        return 0;
    }
}
