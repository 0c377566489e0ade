using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>
/// What makes a product a variant: its template (<c>product.template</c>) and the template's attribute values
/// (<c>product.template.attribute.value</c>). The sandbox keeps a template's sales fields on each variant, as
/// Odoo's <c>_inherits</c> shows them.
/// </summary>
internal static class CatalogModels
{
    public static void Register(Registry registry)
    {
        var template = registry.Add(Model("product.template", "Product"))
            .Add(Char("name", "Name") with { Required = true })
            .Add(Boolean("active", "Active").Constant(true))
            .Add(One2many("product_variant_ids", "Products", "product.product", "product_tmpl_id"))
            // Odoo counts product_variant_ids, which holds active variants only.
            .Add(Integer("product_variant_count", "# Product Variants") with
            {
                Compute = (env, r) => env.Db.All("product.product").Count(p => p["product_tmpl_id"] is int id && id == r.Id && p["active"] is not false),
            });
        // A variant's write_date is a stored compute over its template's (product_product._compute_write_date): a template write stamps its variants.
        template.Constraints.Add((env, r) =>
        {
            foreach (var variant in env.Db.All("product.product").Where(p => p["product_tmpl_id"] is int id && id == r.Id).ToList())
            {
                Operations.Touch(env, variant);
            }
        });
        registry.Add(Model("product.attribute", "Product Attribute", "sequence, id"))
            .Add(Char("name", "Attribute") with { Required = true })
            .Add(Integer("sequence", "Sequence").Constant(20));
        registry.Add(Model("product.attribute.value", "Attribute Value", "attribute_id, sequence, id"))
            .Add(Char("name", "Value") with { Required = true })
            .Add(Many2one("attribute_id", "Attribute", "product.attribute") with { Required = true })
            .Add(Integer("sequence", "Sequence").Constant(10));
        registry.Add(Model("product.template.attribute.value", "Product Template Attribute Value", "attribute_id, product_attribute_value_id, id", AttributeValueName))
            .Add(Many2one("product_attribute_value_id", "Attribute Value", "product.attribute.value") with { Required = true })
            .Add(Char("name", "Value") with { Compute = (env, r) => env.Many2one(r, "product_attribute_value_id")?["name"] })
            .Add(Many2one("attribute_id", "Attribute", "product.attribute") with { Compute = (env, r) => env.Many2one(r, "product_attribute_value_id")?["attribute_id"] })
            .Add(Many2one("product_tmpl_id", "Product Template", "product.template") with { Required = true })
            .Add(Float("price_extra", "Extra Price").Constant(0.0))
            .Add(Boolean("ptav_active", "Active").Constant(true));

        registry.Get("product.product")
            .Add(Many2one("product_tmpl_id", "Product Template", "product.template") with { Required = true, Default = (env, values) => NewTemplate(env, values) })
            .Add(Many2many("product_template_attribute_value_ids", "Attribute Values", "product.template.attribute.value"))
            .Add(Float("lst_price", "Sales Price") with { Compute = (env, r) => SalesPrice(env, r) })
            // The sandbox's products belong to no company: the main company's currency, as Odoo's _compute_currency_id falls back to.
            .Add(Many2one("currency_id", "Currency", "res.currency") with { Compute = (_, _) => 1 });
    }

    /// <summary>A product created without a template gets one of its own, as <c>product.product.create</c> does in Odoo.</summary>
    private static int NewTemplate(Env env, IReadOnlyDictionary<string, object?> values) =>
        env.Db.Insert("product.template", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = values.GetValueOrDefault("name"), ["active"] = true, ["create_date"] = env.Now, ["write_date"] = env.Now,
        }).Id;

    /// <summary><c>lst_price</c>: the sales price plus the extras of the variant's attribute values.</summary>
    private static double SalesPrice(Env env, Record product) =>
        (product["list_price"] as double? ?? 0)
        + ((product["product_template_attribute_value_ids"] as List<int>) ?? [])
            .Sum(id => env.Browse("product.template.attribute.value", id)?["price_extra"] as double? ?? 0);

    private static string AttributeValueName(Env env, Record value) =>
        $"{(env.Many2one(value, "product_attribute_value_id") is { } v && env.Many2one(v, "attribute_id") is { } a ? a["name"] : string.Empty)}: {env.Get(value, "name")}";
}
