using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using RetailGateway.Pact.Tests.Salesforce;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// The provider-state endpoint of the verification host (test code, never the product). The verifier
/// POSTs <c>{"state", "params", "action"}</c> before each interaction; this sets the state up through
/// the gateway's own API and the sandbox's data, and answers the ids the interaction takes from it.
/// </summary>
internal sealed class SalesforceStates : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayProvider _provider;
    private readonly HttpClient _gateway;

    private SalesforceStates(WebApplication app, GatewayProvider provider)
    {
        _app = app;
        _provider = provider;
        _gateway = provider.Client();
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public static async Task<SalesforceStates> StartAsync(GatewayProvider provider)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var states = new SalesforceStates(app, provider);
        app.MapPost("/provider-states", (Delegate)states.HandleAsync);
        await app.StartAsync();
        states.Url = new Uri(new Uri(app.Urls.First()), "/provider-states");
        return states;
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) ?? new JsonObject();
        if (request["action"]?.GetValue<string>() is "teardown")
        {
            return Results.Json(new JsonObject());
        }

        var state = request["state"]?.GetValue<string>() ?? string.Empty;
        var parameters = request["params"] as JsonObject ?? [];
        string Param(string name) => parameters[name]?.ToString() ?? throw new InvalidOperationException($"State '{state}' needs parameter {name}.");

        var values = state switch
        {
            ProviderStates.CustomerExists => await CustomerAsync(Param("salesforceId")),
            ProviderStates.NewSalesforceRecord => new JsonObject { ["newSalesforceId"] = Fresh("001") },
            ProviderStates.OrderExists => await OrderAsync(Param("salesforceId")),
            ProviderStates.SkuAvailable => SetStock(Param("sku"), Param("warehouse"), double.Parse(Param("available"), System.Globalization.CultureInfo.InvariantCulture)),
            ProviderStates.SkuUnknown => _provider.Sandbox.Data.ProductId(Param("sku")) is null
                ? []
                : throw new InvalidOperationException($"SKU {Param("sku")} exists."),
            ProviderStates.InvoiceExists => await InvoiceAsync(),
            ProviderStates.NothingWithId => [],
            _ => null,
        };
        return values is null
            ? Results.Problem($"Unknown provider state '{state}'.", statusCode: StatusCodes.Status400BadRequest)
            : Results.Json(values);
    }

    private async Task<JsonObject> CustomerAsync(string salesforceId)
    {
        var response = await _gateway.PutAsJsonAsync($"api/v1/customers/by-salesforce-id/{salesforceId}", new
        {
            name = "Acme Retail",
            email = "buyer@acme.example",
            isCompany = true,
            billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
        });
        var customer = await ReadAsync(response);
        return new JsonObject
        {
            ["customerId"] = customer["customerId"]!.GetValue<string>(),
            ["salesforceId"] = salesforceId,
            ["newSalesforceId"] = Fresh("801"),
        };
    }

    private async Task<JsonObject> OrderAsync(string customerSalesforceId)
    {
        var values = await CustomerAsync(customerSalesforceId);
        var orderSalesforceId = Fresh("801");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                salesforceId = orderSalesforceId,
                customerId = values["customerId"]!.GetValue<string>(),
                lines = new[] { new { sku = "E-COM07", quantity = 2 } },
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var response = await _gateway.SendAsync(request);
        var order = await ReadAsync(response);
        values["orderId"] = order["orderId"]!.GetValue<string>();
        values["orderSalesforceId"] = orderSalesforceId;
        return values;
    }

    private JsonObject SetStock(string sku, string warehouse, double available)
    {
        _provider.Sandbox.Data.SetStock(sku, warehouse, available);
        return [];
    }

    private async Task<JsonObject> InvoiceAsync()
    {
        var page = await ReadAsync(await _gateway.GetAsync("api/v1/invoices?limit=200"));
        var invoice = page["items"]!.AsArray().First(i =>
            i!["orderId"] is not null && i["invoiceNumber"] is not null && i["invoiceDate"] is not null && i["dueDate"] is not null &&
            i["status"]!.GetValue<string>() == "posted" && i["kind"]!.GetValue<string>() == "invoice")!;
        return new JsonObject
        {
            ["invoiceId"] = invoice["invoiceId"]!.GetValue<string>(),
            ["customerId"] = invoice["customerId"]!.GetValue<string>(),
        };
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"Setting up a provider state failed: {(int)response.StatusCode} {text}");
    }

    private static string Fresh(string prefix) => prefix + "PACT" + Guid.NewGuid().ToString("N")[..11].ToUpperInvariant();
}
