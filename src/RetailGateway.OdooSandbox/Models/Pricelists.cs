using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>
/// Pricelists (product module) and the partner's pricelist, as <c>product_pricelist.py</c> and <c>res_partner.py</c> compute
/// them on 17 and 19: the partner's own pricelist, else the first active pricelist. On 19 the partner's pricelist is
/// empty unless the "Pricelists" setting (<c>product.group_product_pricelist</c>) is on: <c>_get_partner_pricelist_multi</c>
/// returns nothing while the feature is disabled, so a new quotation gets no pricelist and list prices.
/// </summary>
internal static class Pricelists
{
    /// <summary>Where the partner's own pricelist is kept (19's <c>specific_property_product_pricelist</c>, 17's <c>ir.property</c>).</summary>
    public const string PartnerPricelistKey = "specific_property_product_pricelist";

    /// <summary>Where the sandbox keeps whether Sales › Settings › Pricelists is on (a group in Odoo), without a field.</summary>
    public const string FeatureKey = "sandbox_group_product_pricelist";

    public static void Register(Registry registry)
    {
        registry.Add(Model("product.pricelist", "Pricelist"))
            .Add(Char("name", "Pricelist Name") with { Required = true })
            .Add(Boolean("active", "Active").Constant(true))
            .Add(Many2one("currency_id", "Currency", "res.currency").Constant(1))
            .Add(One2many("item_ids", "Pricelist Rules", "product.pricelist.item", "pricelist_id"));
        // Odoo's _order: the most specific rule first, then the highest minimum quantity, then the newest.
        registry.Add(Model("product.pricelist.item", "Pricelist Rule", "applied_on, min_quantity desc, id desc"))
            .Add(Many2one("pricelist_id", "Pricelist", "product.pricelist") with { Required = true })
            .Add(Selection("applied_on", "Apply On", "3_global", "2_product_category", "1_product", "0_product_variant").Constant("3_global"))
            .Add(Many2one("product_id", "Product Variant", "product.product"))
            .Add(Float("min_quantity", "Min. Quantity").Constant(0.0))
            .Add(Selection("compute_price", "Price Type", "fixed", "percentage", "formula").Constant("fixed"))
            .Add(Float("fixed_price", "Fixed Price").Constant(0.0))
            .Add(Float("percent_price", "Percentage Price").Constant(0.0));
    }

    /// <summary>Whether pricelists apply: always on 17; on 19 only with the setting on.</summary>
    public static bool Enabled(Env env) => env.Registry.Version < 19 || env.Browse("res.company", 1)?[FeatureKey] is true;

    /// <summary><c>res.partner.property_product_pricelist</c>: the partner's own active pricelist, else the first active one.</summary>
    public static object? OfPartner(Env env, Record partner)
    {
        if (!Enabled(env))
        {
            return null;
        }

        var active = env.Db.All("product.pricelist").Where(p => p["active"] is not false).OrderBy(p => p.Id).ToList();
        return partner[PartnerPricelistKey] is int own && active.Any(p => p.Id == own) ? own : active.FirstOrDefault()?.Id;
    }

    /// <summary>
    /// A line's unit price on an order with this pricelist: the product's sales price changed by the first rule that
    /// applies to the product and quantity (<c>_compute_price_rule</c>); the sales price without a pricelist or rule.
    /// Discounts stay in the price, as with 17's default <c>discount_policy</c> and 19 without line discounts.
    /// </summary>
    public static double UnitPrice(Env env, int? pricelistId, Record product, double quantity)
    {
        var price = product["list_price"] as double? ?? 0;
        if (pricelistId is not { } id)
        {
            return price;
        }

        var rule = env.Db.All("product.pricelist.item")
            .Where(i => i["pricelist_id"] is int p && p == id)
            .Where(i => i["applied_on"] is "3_global" || (i["applied_on"] is "0_product_variant" && i["product_id"] is int variant && variant == product.Id))
            .Where(i => (i["min_quantity"] as double? ?? 0) <= quantity)
            .OrderBy(i => i["applied_on"] as string, StringComparer.Ordinal)
            .ThenByDescending(i => i["min_quantity"] as double? ?? 0)
            .ThenByDescending(i => i.Id)
            .FirstOrDefault();
        return rule?["compute_price"] switch
        {
            "fixed" => rule["fixed_price"] as double? ?? 0,
            "percentage" => Round2(price * (1 - ((rule["percent_price"] as double? ?? 0) / 100))),
            _ => price,
        };
    }
}
