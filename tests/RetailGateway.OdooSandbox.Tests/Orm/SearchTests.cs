using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Orm;

public sealed class SearchTests
{
    [Theory]
    [InlineData("""[["default_code", "in", ["DESK0005", "E-COM07", "NO-SUCH"]]]""", "DESK0005,E-COM07")]
    [InlineData("""["|", ["default_code", "=", "DESK0005"], ["default_code", "=", "DESK0006"]]""", "DESK0005,DESK0006")]
    [InlineData("""[["default_code", "=like", "E-COM1_"]]""", "E-COM10,E-COM11,E-COM12,E-COM13")]
    [InlineData("""[["name", "ilike", "conference"]]""", "E-COM12,E-COM13")]
    [InlineData("""["!", ["default_code", "not like", "DESK"]]""", "DESK0005,DESK0006")]
    [InlineData("""[["default_code", "like", "FURN_6"], ["list_price", ">=", 295], ["list_price", "<", 4000]]""", "FURN_6666,FURN_6667")]
    [InlineData("""["&", ["default_code", "ilike", "desk0"], "!", ["default_code", "!=", "DESK0006"]]""", "DESK0006")]
    [InlineData("""[["default_code", "=", "FURN_0100"]]""", "")]
    [InlineData("""[["default_code", "=", "FURN_0100"], ["active", "=", false]]""", "FURN_0100")]
    [InlineData("""[["default_code", "=like", "FURN\\_6666"]]""", "FURN_6666")]
    [InlineData("""[["default_code", "=ilike", "furn\\_666_"]]""", "FURN_6666,FURN_6667")]
    [InlineData("""[["default_code", "=like", "E-COM1\\_"]]""", "")]
    public async Task SearchRead_FiltersProductsLikeOdoo(string domain, string expectedSkus)
    {
        await using var sandbox = await Sandbox.Start(17);

        var rows = await sandbox.Call("product.product", "search_read", [JsonNode.Parse(domain)], new() { ["fields"] = new JsonArray("default_code"), ["order"] = "default_code" });

        Assert.Equal(expectedSkus, string.Join(',', rows!.AsArray().Select(r => (string)r!["default_code"]!)));
    }

    [Fact]
    public async Task SearchRead_FollowsRelationsAndComparesWithFalse()
    {
        await using var sandbox = await Sandbox.Start(19);

        var (_, quants) = await sandbox.Json2("stock.quant", "search_read", new()
        {
            ["domain"] = JsonNode.Parse("""[["product_id.default_code", "=", "E-COM07"], ["location_id.usage", "=", "internal"]]"""),
            ["fields"] = new JsonArray("warehouse_id", "quantity"),
        });
        var (_, withoutRef) = await sandbox.Json2("res.partner", "search_count", new() { ["domain"] = JsonNode.Parse("""[["customer_rank", ">", 0], ["ref", "=", false]]""") });

        Assert.Equal(2, quants!.AsArray().Count);
        Assert.Equal(5, (int)withoutRef!);
    }

    [Fact]
    public async Task ChangeFeed_PagesByWriteDateAndId_WithoutGapsOrRepeats()
    {
        await using var sandbox = await Sandbox.Start(17);
        var domain = JsonNode.Parse("""[["write_date", ">=", "2000-01-01 00:00:00"]]""");
        var all = await sandbox.Call("sale.order", "search", [domain!.DeepClone()], new() { ["order"] = "write_date asc, id asc" });

        var paged = new List<int>();
        for (var offset = 0; ; offset += 5)
        {
            var page = await sandbox.Call("sale.order", "search_read", [domain.DeepClone()],
                new() { ["fields"] = new JsonArray("write_date"), ["order"] = "write_date asc, id asc", ["offset"] = offset, ["limit"] = 5 });
            if (page!.AsArray().Count == 0)
            {
                break;
            }

            paged.AddRange(page.AsArray().Select(r => (int)r!["id"]!));
        }

        Assert.Equal(all!.AsArray().Select(n => (int)n!), paged);
        Assert.True(paged.Count >= 12);
    }

    /// <summary>
    /// PostgreSQL's LIKE, whose escape character is the backslash when no ESCAPE clause is given, as Odoo
    /// (odoo/osv/expression.py) gives none: <c>\%</c>, <c>\_</c> and <c>\\</c> match themselves, and a
    /// pattern ending in a lone backslash is an error, not a literal.
    /// </summary>
    [Theory]
    [InlineData(17, "=ilike", @"A\_B\%C\\D@ESCAPE.EXAMPLE", "a_b%c\\d@escape.example")]
    [InlineData(19, "=ilike", @"a\_b\%c\\d@escape.example", "a_b%c\\d@escape.example")]
    [InlineData(17, "=ilike", "a_b%c%", "a_b%c\\d@escape.example,axbyc-d@escape.example")]
    [InlineData(19, "=like", @"\%", "")]
    [InlineData(17, "ilike", @"B\%", "a_b%c\\d@escape.example")]
    [InlineData(19, "ilike", @"\\", "a_b%c\\d@escape.example")]
    [InlineData(17, "not ilike", @"\_", "axbyc-d@escape.example")]
    public async Task LikePatterns_EscapeWithABackslashAsPostgreSqlDoes(int version, string op, string pattern, string expectedEmails)
    {
        await using var sandbox = await Sandbox.Start(version);
        var partners = new JsonArray(
            new JsonObject { ["name"] = "Escape One", ["email"] = @"a_b%c\d@escape.example" },
            new JsonObject { ["name"] = "Escape Two", ["email"] = "axbyc-d@escape.example" });
        await sandbox.Invoke("res.partner", "create", named: new() { ["vals_list"] = partners });

        var domain = new JsonArray(new JsonArray("email", "ilike", "@escape.example"), new JsonArray("email", op, pattern));
        var rows = await sandbox.Invoke("res.partner", "search_read", named: new() { ["domain"] = domain, ["fields"] = new JsonArray("email"), ["order"] = "email" });

        Assert.Equal(expectedEmails, string.Join(',', rows!.AsArray().Select(r => (string)r!["email"]!)));
    }

    [Fact]
    public async Task LikePattern_EndingInALoneBackslash_IsADatabaseError()
    {
        await using var sandbox = await Sandbox.Start(17);

        Assert.Equal("psycopg2.errors.InvalidEscapeSequence", await sandbox.CallFails("res.partner", "search_read", [JsonNode.Parse("""[["email", "=ilike", "a\\"]]""")]));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task TextWithANul_IsRefusedAsPsycopg2Does_WhetherStoredOrSearched(int version)
    {
        await using var sandbox = await Sandbox.Start(version);

        Assert.Equal("builtins.ValueError", await sandbox.CallFails("res.partner", "create", [new JsonObject { ["name"] = "Nul\0Ltd" }]));
        Assert.Equal("builtins.ValueError", await sandbox.CallFails("res.partner", "search_read", [JsonNode.Parse("""[["ref", "=", "801\u0000"]]""")]));
    }

    [Fact]
    public async Task UnknownFieldInDomainOrFields_IsValueError()
    {
        await using var sandbox = await Sandbox.Start(17);

        Assert.Equal("builtins.ValueError", await sandbox.CallFails("sale.order", "search_read", [JsonNode.Parse("""[["nope", "=", 1]]""")]));
        Assert.Equal("builtins.ValueError", await sandbox.CallFails("product.product", "search_read", [JsonNode.Parse("""[["is_storable", "=", true]]""")]));
        Assert.Equal("builtins.ValueError", await sandbox.CallFails("sale.order", "read", [new JsonArray(1)], new() { ["fields"] = new JsonArray("nope") }));
    }

    [Fact]
    public async Task SearchRead_WithoutFields_ReturnsTheModelsFields()
    {
        await using var sandbox = await Sandbox.Start(17);

        var row = (await sandbox.Call("res.partner", "search_read", [JsonNode.Parse("""[["ref", "=", "001xx000003DGb2AAG"]]""")]))![0]!.AsObject();

        Assert.Equal("Deco Addict", (string)row["name"]!);
        Assert.Equal("[233,\"United States\"]", row["country_id"]!.ToJsonString());
        Assert.Equal("[13,\"California (US)\"]", row["state_id"]!.ToJsonString());
        Assert.False((bool)row["vat"]!);
    }
}
