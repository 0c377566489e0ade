using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Products;

/// <summary>
/// Products as the catalog reads them, on 17 and 19: a variant's template, attribute values, customer taxes and
/// sales price nested in one <c>web_search_read</c>; archived products found when the domain names <c>active</c>;
/// and a template's write stamping its variants, as <c>product_product._compute_write_date</c> does.
/// </summary>
public sealed class ProductCatalogTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebSearchRead_Variant_AnswersItsTemplateAttributeValuesTaxesAndPrice(int version)
    {
        await using var sandbox = await Sandbox.Start(version);

        var page = await SearchAsync(sandbox, new JsonArray(new JsonArray("default_code", "=", "DESK0005")));

        Assert.Equal(1, (int)page["length"]!);
        var desk = Assert.Single(page["records"]!.AsArray())!.AsObject();
        Assert.Equal("Customizable Desk", (string)desk["name"]!);
        Assert.Equal("160x80cm, with large legs.", (string)desk["description_sale"]!);
        Assert.False((bool)desk["barcode"]!);
        Assert.Equal(750.0, (double)desk["lst_price"]!);
        Assert.Equal("""{"id":1,"display_name":"Units"}""", desk["uom_id"]!.ToJsonString());
        Assert.Equal("""{"id":1,"display_name":"USD"}""", desk["currency_id"]!.ToJsonString());
        Assert.Equal("""[{"id":1,"name":"15%","amount_type":"percent","amount":15.0}]""", desk["taxes_id"]!.ToJsonString());
        Assert.Equal("Customizable Desk", (string)desk["product_tmpl_id"]!["name"]!);
        Assert.Equal(5, (int)desk["product_tmpl_id"]!["product_variant_count"]!);
        Assert.Equal(
            ["Legs: Custom", "Color: White"],
            desk["product_template_attribute_value_ids"]!.AsArray().Select(v => $"{v!["attribute_id"]!["display_name"]}: {v["name"]}"));
        if (version >= 19)
        {
            Assert.Equal("consu", (string)desk["type"]!);
            Assert.True((bool)desk["is_storable"]!);
        }
        else
        {
            Assert.Equal("product", (string)desk["type"]!);
        }
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Search_NamingActiveInTheDomain_FindsArchivedProductsToo(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var sku = new JsonArray("default_code", "in", new JsonArray("FURN_0100", "SERV_ASSEMBLY"));

        var activeOnly = await SearchAsync(sandbox, new JsonArray(sku.DeepClone()));
        var both = await SearchAsync(sandbox, new JsonArray(sku.DeepClone(), new JsonArray("active", "in", new JsonArray(true, false))));

        Assert.Equal(["SERV_ASSEMBLY"], activeOnly["records"]!.AsArray().Select(p => (string)p!["default_code"]!));
        Assert.Equal(["FURN_0100", "SERV_ASSEMBLY"], both["records"]!.AsArray().Select(p => (string)p!["default_code"]!).Order());
        Assert.Equal("service", (string)both["records"]!.AsArray().Single(p => (string)p!["default_code"]! == "SERV_ASSEMBLY")!["type"]!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Create_WithoutATemplate_MakesOne_WhoseWriteStampsTheVariant(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var created = await sandbox.Invoke("product.product", "create", named: new JsonObject { ["vals_list"] = new JsonArray(new JsonObject { ["name"] = "Lone Lamp", ["default_code"] = "LAMP-1" }) });
        var id = (int)created!.AsArray()[0]!;
        var product = await ReadAsync(sandbox, id);
        var template = (int)product["product_tmpl_id"]!["id"]!;
        Assert.Equal("Lone Lamp", (string)product["product_tmpl_id"]!["name"]!);
        Assert.Equal(1, (int)product["product_tmpl_id"]!["product_variant_count"]!);
        sandbox.Server.Data.SetWriteDates("product.product", new Dictionary<int, DateTimeOffset> { [id] = DateTimeOffset.UtcNow.AddDays(-1) });

        await sandbox.Invoke("product.template", "write", new JsonArray(template), new JsonObject { ["vals"] = new JsonObject { ["name"] = "Lone Lamp" } });

        var stamped = DateTimeOffset.Parse((string)(await ReadAsync(sandbox, id))["write_date"]! + "Z", CultureInfo.InvariantCulture);
        Assert.True(stamped > DateTimeOffset.UtcNow.AddMinutes(-5), $"write_date {stamped:O} was not stamped by the template's write.");
    }

    private static async Task<JsonObject> ReadAsync(Sandbox sandbox, int id) =>
        Assert.Single((await sandbox.Invoke("product.product", "web_read", new JsonArray(id), new JsonObject { ["specification"] = Specification(sandbox.Server.Options.Version) }))!.AsArray())!.AsObject();

    private static async Task<JsonObject> SearchAsync(Sandbox sandbox, JsonArray domain) =>
        (await sandbox.Invoke("product.product", "web_search_read", named: new JsonObject
        {
            ["domain"] = domain,
            ["specification"] = Specification(sandbox.Server.Options.Version),
            ["order"] = "id asc",
        }))!.AsObject();

    /// <summary>What the gateway's catalog asks for (<c>ProductRecord.Specification</c>).</summary>
    private static JsonObject Specification(int version)
    {
        var specification = new JsonObject();
        foreach (var field in (string[])["default_code", "name", "description_sale", "barcode", "type", "lst_price", "active", "write_date"])
        {
            specification[field] = new JsonObject();
        }

        if (version >= 19)
        {
            specification["is_storable"] = new JsonObject();
        }

        specification["uom_id"] = Fields("display_name");
        specification["currency_id"] = Fields("display_name");
        specification["taxes_id"] = Fields("name", "amount_type", "amount");
        specification["product_tmpl_id"] = Fields("name", "product_variant_count");
        specification["product_template_attribute_value_ids"] = new JsonObject
        {
            ["fields"] = new JsonObject { ["name"] = new JsonObject(), ["attribute_id"] = Fields("display_name") },
        };
        return specification;
    }

    private static JsonObject Fields(params string[] names) =>
        new() { ["fields"] = new JsonObject(names.Select(n => new KeyValuePair<string, JsonNode?>(n, new JsonObject()))) };
}
