using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Tests.Changes;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Tests.Products;

/// <summary>
/// The product catalog through the real host, against the sandbox over each Odoo protocol, with a one-second
/// settle window so that a product changed in Odoo shows up in the feed at once.
/// </summary>
public abstract class ProductsTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Products.Read");

    [Fact]
    public async Task GetProduct_OfAVariant_HasItsTemplateAttributesTaxesAndPrice_InOneOdooCall()
    {
        var before = gateway.Sandbox.Calls.Count("product.product", "web_search_read");

        var desk = await (await _client.GetAsync("/api/v2/products/DESK0006")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(before + 1, gateway.Sandbox.Calls.Count("product.product", "web_search_read"));
        Assert.Equal("DESK0006", desk["sku"]!.GetValue<string>());
        Assert.Equal("Customizable Desk", desk["name"]!.GetValue<string>());
        Assert.Equal("160x80cm, with large legs.", desk["description"]!.GetValue<string>());
        Assert.Null(desk["barcode"]);
        Assert.Equal("storable", desk["kind"]!.GetValue<string>());
        Assert.Equal("Units", desk["uom"]!.GetValue<string>());
        Assert.Equal(750m, desk["listPrice"]!.GetValue<decimal>());
        Assert.Equal("USD", desk["currencyCode"]!.GetValue<string>());
        var tax = Assert.Single(desk["taxes"]!.AsArray())!;
        Assert.Equal("15%", tax["name"]!.GetValue<string>());
        Assert.Equal(15m, tax["ratePercent"]!.GetValue<decimal>());
        Assert.Equal("Customizable Desk", desk["variantOf"]!["name"]!.GetValue<string>());
        Assert.Matches("^[0-9]+$", desk["variantOf"]!["productTemplateId"]!.GetValue<string>());
        Assert.Equal("""[{"attribute":"Legs","value":"Custom"},{"attribute":"Color","value":"Black"}]""", desk["attributes"]!.ToJsonString());
        Assert.True(desk["active"]!.GetValue<bool>());
        Assert.EndsWith("Z", desk["updatedAt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProduct_OfTheOnlyVariant_HasItsAttributeButIsNoVariantOfAnything()
    {
        var bookcase = await (await _client.GetAsync("/api/v2/products/FURN_2100")).ExpectAsync(HttpStatusCode.OK);
        var desk = await (await _client.GetAsync("/api/v2/products/E-COM09")).ExpectAsync(HttpStatusCode.OK);

        Assert.Null(bookcase["variantOf"]);
        Assert.Equal("""[{"attribute":"Material","value":"Oak"}]""", bookcase["attributes"]!.ToJsonString());
        Assert.Null(desk["variantOf"]);
        Assert.Empty(desk["attributes"]!.AsArray());
        Assert.Null(desk["description"]);
        Assert.Equal("4006381333931", desk["barcode"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetProduct_OfAServiceAndOfAnArchivedProduct_SaysWhichTheyAre()
    {
        var service = await (await _client.GetAsync("/api/v2/products/SERV_ASSEMBLY")).ExpectAsync(HttpStatusCode.OK);
        var archived = await (await _client.GetAsync("/api/v2/products/FURN_0100")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("service", service["kind"]!.GetValue<string>());
        Assert.True(service["active"]!.GetValue<bool>());
        Assert.Equal("storable", archived["kind"]!.GetValue<string>());
        Assert.False(archived["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetProduct_UnknownIs404_MalformedIs400()
    {
        await (await _client.GetAsync("/api/v2/products/NO-SUCH-SKU")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync("/api/v2/products/%20DESK")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task GetProduct_OfASkuTwoActiveProductsShare_Is409_UntilOneIsArchived()
    {
        var sku = TestApi.Unique("DUP-");
        var older = await CreateProductAsync(sku, "Duplicate Older");
        await CreateProductAsync(sku, "Duplicate Newer");

        await (await _client.GetAsync($"/api/v2/products/{sku}")).ExpectProblemAsync(HttpStatusCode.Conflict, "ambiguous_sku");
        var listed = await (await _client.GetAsync($"/api/v2/products?sku={sku}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Duplicate Older", "Duplicate Newer"], listed["items"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));

        await WriteProductAsync(older, new JsonObject { ["active"] = false });

        var product = await (await _client.GetAsync($"/api/v2/products/{sku}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Duplicate Newer", product["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListProducts_PagesThroughActiveProducts_OneOdooCallAPage_AndArchivedOnesOnRequest()
    {
        var before = gateway.Sandbox.Calls.Count("product.product", "web_search_read");
        var first = await (await _client.GetAsync("/api/v2/products?limit=5")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before + 1, gateway.Sandbox.Calls.Count("product.product", "web_search_read"));
        Assert.Equal(5, first["items"]!.AsArray().Count);

        var active = await _client.ReadAllPagesAsync("/api/v2/products", 7, "sku");
        var archived = await _client.ReadAllPagesAsync("/api/v2/products?active=false", 7, "sku");

        Assert.Contains("DESK0005", active);
        Assert.Contains("SERV_ASSEMBLY", active);
        Assert.DoesNotContain("FURN_0100", active);
        Assert.Contains("FURN_0100", archived);
        Assert.DoesNotContain("DESK0005", archived);
        Assert.True(active.Count > 35, "The seed holds more active products than five pages.");
    }

    [Fact]
    public async Task ListProducts_FiltersBySkuAndUpdatedSince()
    {
        var bySku = await (await _client.GetAsync("/api/v2/products?sku=E-COM07")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["E-COM07"], bySku["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()));

        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sku = TestApi.Unique("NEW-");
        await CreateProductAsync(sku, "Fresh Product");
        var changed = await (await _client.GetAsync($"/api/v2/products?updatedSince={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}&limit=200")).ExpectAsync(HttpStatusCode.OK);

        var skus = changed["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()).ToList();
        Assert.Contains(sku, skus);
        Assert.DoesNotContain("E-COM07", skus);
    }

    [Theory]
    [InlineData("/api/v2/products?limit=0")]
    [InlineData("/api/v2/products?active=maybe")]
    [InlineData("/api/v2/products?sku=A,B")]
    [InlineData("/api/v2/products?cursor=bm90LWEtY3Vyc29y")]
    public async Task MalformedProductQueries_Are400(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetProduct_AnswersWithAnETag_AndIfNoneMatchGets304()
    {
        var response = await _client.GetAsync("/api/v2/products/E-COM08");
        await response.ExpectAsync(HttpStatusCode.OK);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v2/products/E-COM08");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);

        var notModified = await _client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(response.Headers.ETag, notModified.Headers.ETag);
    }

    [Fact]
    public async Task AProductChangedInOdoo_IsServedFromCache_UntilTheFeedHandsItOut()
    {
        var sku = TestApi.Unique("PRICE-");
        var id = await CreateProductAsync(sku, "Repriced Product");
        var (_, cursor) = await PollUntilAsync(null, sku, _ => true);
        Assert.Equal(1m, (await (await _client.GetAsync($"/api/v2/products/{sku}")).ExpectAsync(HttpStatusCode.OK))["listPrice"]!.GetValue<decimal>());

        await WriteProductAsync(id, new JsonObject { ["list_price"] = 42.5 });
        var cached = await (await _client.GetAsync($"/api/v2/products/{sku}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1m, cached["listPrice"]!.GetValue<decimal>());

        var (changed, _) = await PollUntilAsync(cursor, sku, p => p["listPrice"]!.GetValue<decimal>() == 42.5m);
        Assert.True(changed["active"]!.GetValue<bool>());
        var fresh = await (await _client.GetAsync($"/api/v2/products/{sku}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(42.5m, fresh["listPrice"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task ProductChanges_ShowAnArchivedProduct_AndEveryVariantOfAChangedTemplate()
    {
        var (_, cursor) = await PollUntilAsync(null, "DESK0005", _ => true);
        var sku = TestApi.Unique("GONE-");
        var id = await CreateProductAsync(sku, "Soon Archived");

        await WriteProductAsync(id, new JsonObject { ["active"] = false });
        var (archived, _) = await PollUntilAsync(cursor, sku, _ => true);
        Assert.False(archived["active"]!.GetValue<bool>());

        var templateId = int.Parse((await (await _client.GetAsync("/api/v2/products/E-COM12")).ExpectAsync(HttpStatusCode.OK))["variantOf"]!["productTemplateId"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        await WriteAsync("product.template", templateId, new JsonObject { ["name"] = "Conference Chair" });
        await PollUntilAsync(cursor, "E-COM12", _ => true);
        await PollUntilAsync(cursor, "E-COM13", _ => true);
    }

    [Fact]
    public async Task ProductChanges_WithACursorTheGatewayDidNotIssue_Is400()
    {
        await (await _client.GetAsync("/api/v2/products/changes?cursor=bm90LWEtY3Vyc29y")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Products_AreV2Only()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/products/DESK0005")).StatusCode);
    }

    /// <summary>Polls the product feed from <paramref name="cursor"/> until <paramref name="sku"/> shows up as <paramref name="wanted"/>.</summary>
    private async Task<(JsonNode Product, string Cursor)> PollUntilAsync(string? cursor, string sku, Func<JsonNode, bool> wanted)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var page = await (await _client.GetAsync("/api/v2/products/changes?limit=200" + (cursor is null ? string.Empty : $"&cursor={cursor}"))).ExpectAsync(HttpStatusCode.OK);
            cursor = page["nextCursor"]!.GetValue<string>();
            if (page["items"]!.AsArray().LastOrDefault(p => p!["sku"]!.GetValue<string>() == sku) is { } product && wanted(product))
            {
                return (product, cursor);
            }

            if (!page["hasMore"]!.GetValue<bool>())
            {
                await Task.Delay(200);
            }
        }

        throw new InvalidOperationException($"{sku} never showed up in the product feed as expected.");
    }

    private async Task<long> CreateProductAsync(string sku, string name)
    {
        using var scope = gateway.Gateway.Services.CreateScope();
        var odoo = scope.ServiceProvider.GetRequiredService<IOdooClient>();
        return await odoo.CreateAsync("product.product", new JsonObject { ["name"] = name, ["default_code"] = sku }, null, CancellationToken.None);
    }

    private Task WriteProductAsync(long id, JsonObject values) => WriteAsync("product.product", id, values);

    private async Task WriteAsync(string model, long id, JsonObject values)
    {
        using var scope = gateway.Gateway.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IOdooClient>().WriteAsync(model, [id], values, CancellationToken.None);
    }
}

public sealed class ProductsOverJsonRpc(JsonRpcChangeFeedGateway gateway) : ProductsTests(gateway), IClassFixture<JsonRpcChangeFeedGateway>;

public sealed class ProductsOverJson2(Json2ChangeFeedGateway gateway) : ProductsTests(gateway), IClassFixture<Json2ChangeFeedGateway>;
