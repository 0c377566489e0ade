using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>Reference data models: companies, currencies, countries, units, taxes, terms, pricelists, partners.</summary>
internal static partial class BaseModels
{
    /// <summary>
    /// Where the sandbox keeps a partner's credit hold: a stored value without a field, so that
    /// <c>fields_get</c> and reads show what a stock Odoo shows.
    /// </summary>
    public const string CreditHoldKey = "sandbox_credit_hold";

    /// <summary>Where the sandbox keeps the company setting "Verify VAT Numbers" (base_vat), likewise without a field.</summary>
    public const string VerifyVatKey = "sandbox_verify_vat";

    public static void Register(Registry registry)
    {
        registry.Add(Model("res.company", "Companies"))
            .Add(Char("name", "Company Name") with { Required = true })
            .Add(Many2one("currency_id", "Currency", "res.currency").Constant(1))
            .Add(Boolean("has_received_warning_stock_sms", "Has Received Warning Stock Sms").Constant(false));
        if (registry.Version >= 19)
        {
            // stock_sms switches the text confirmation on for every company at install.
            registry.Get("res.company")
                .Add(Boolean("stock_text_confirmation", "Stock Text Confirmation").Constant(true))
                .Add(Selection("stock_confirmation_type", "Stock Confirmation Type", "sms").Constant("sms"));
        }
        else
        {
            registry.Get("res.company").Add(Boolean("stock_move_sms_validation", "SMS Confirmation").Constant(true));
        }

        registry.Add(Model("res.currency", "Currency"))
            .Add(Char("name", "Currency") with { Required = true })
            .Add(Char("symbol", "Symbol"));
        registry.Add(Model("res.country", "Country", "name"))
            .Add(Char("name", "Country Name") with { Required = true })
            .Add(Char("code", "Country Code"));
        registry.Add(Model("res.country.state", "Country state", "country_id, name", (env, r) =>
                $"{r["name"]} ({(env.Many2one(r, "country_id") is { } country ? country["code"] : string.Empty)})"))
            .Add(Char("name", "State Name") with { Required = true })
            .Add(Char("code", "State Code"))
            .Add(Many2one("country_id", "Country", "res.country") with { Required = true });
        registry.Add(Model("uom.uom", "Product Unit of Measure"))
            .Add(Char("name", "Unit of Measure") with { Required = true });
        registry.Add(Model("account.tax", "Tax"))
            .Add(Char("name", "Tax Name") with { Required = true })
            .Add(Float("amount", "Amount"))
            .Add(Selection("amount_type", "Tax Computation", "group", "fixed", "percent", "division").Constant("percent"))
            .Add(Selection("type_tax_use", "Tax Type", "sale", "purchase", "none"));
        registry.Add(Model("account.payment.term", "Payment Terms"))
            .Add(Char("name", "Payment Terms") with { Required = true });
        Pricelists.Register(registry);
        RegisterPartnerTag(registry);
        RegisterPartner(registry);
    }

    /// <summary>Customer tags: Odoo 17 orders them by name, 19 by name then id; the display name shows the parents.</summary>
    private static void RegisterPartnerTag(Registry registry)
    {
        registry.Add(Model("res.partner.category", "Partner Tags", registry.Version >= 19 ? "name, id" : "name", TagName))
            .Add(Char("name", registry.Version >= 19 ? "Name" : "Tag Name") with { Required = true })
            // Odoo picks a random colour index from 1 to 11 for a new tag.
            .Add(Integer("color", "Color") with { Default = (_, _) => Random.Shared.Next(1, 12) })
            .Add(Many2one("parent_id", registry.Version >= 19 ? "Category" : "Parent Category", "res.partner.category"))
            .Add(One2many("child_ids", "Child Tags", "res.partner.category", "parent_id"))
            .Add(Boolean("active", "Active").Constant(true));
    }

    private static string TagName(Env env, Record tag)
    {
        var names = new List<string>();
        var seen = new HashSet<int>();
        for (var current = tag; current is not null && seen.Add(current.Id); current = env.Many2one(current, "parent_id"))
        {
            names.Add(current["name"] as string ?? string.Empty);
        }

        names.Reverse();
        return string.Join(" / ", names);
    }

    private static void RegisterPartner(Registry registry)
    {
        var partner = registry.Add(Model("res.partner", "Contact", "display_name, id desc", PartnerName))
            .Add(Char("name", "Name"))
            .Add(Char("email", "Email"))
            .Add(Char("phone", "Phone"))
            .Add(Char("mobile", "Mobile"))
            .Add(Boolean("is_company", "Is a Company").Constant(false))
            .Add(Char("ref", "Reference"))
            .Add(Char("vat", "Tax ID"))
            .Add(Char("street", "Street"))
            .Add(Char("street2", "Street2"))
            .Add(Char("city", "City"))
            .Add(Char("zip", "Zip"))
            .Add(Many2one("state_id", "State", "res.country.state"))
            .Add(Many2one("country_id", "Country", "res.country"))
            .Add(Integer("customer_rank", "Customer Rank").Constant(0))
            .Add(Integer("supplier_rank", "Supplier Rank").Constant(0))
            .Add(Selection("type", "Address Type", "contact", "invoice", "delivery", "other").Constant("contact"))
            .Add(Many2one("parent_id", "Related Company", "res.partner"))
            .Add(One2many("child_ids", "Contact", "res.partner", "parent_id"))
            .Add(Boolean("active", "Active").Constant(true))
            .Add(Many2one("company_id", "Company", "res.company"))
            .Add(Many2one("property_payment_term_id", "Customer Payment Terms", "account.payment.term"))
            .Add(Many2one("property_product_pricelist", "Pricelist", "product.pricelist") with
            {
                StorageKey = Pricelists.PartnerPricelistKey,
                Compute = Pricelists.OfPartner,
                Setter = (env, partner, value) => env.Db.Set(partner, Pricelists.PartnerPricelistKey, value),
            })
            .Add(Many2many("category_id", "Tags", "res.partner.category"))
            .Add(Many2one("commercial_partner_id", "Commercial Entity", "res.partner") with { Compute = (env, r) => CommercialPartner(env, r).Id });
        partner.Constraints.Add(NoRecursion);
        partner.Constraints.Add(ValidVat);
    }

    /// <summary>The partner's commercial entity: itself if a company or without parent, else its parents' first company.</summary>
    public static Record CommercialPartner(Env env, Record partner)
    {
        var current = partner;
        while (current["is_company"] is not true && env.Many2one(current, "parent_id") is { } parent && parent.Id != partner.Id)
        {
            current = parent;
        }

        return current;
    }

    private static string PartnerName(Env env, Record partner)
    {
        var name = partner["name"] as string;
        if (partner["is_company"] is not true && env.Many2one(partner, "parent_id") is { } parent)
        {
            var company = CommercialPartner(env, parent)["name"] as string;
            return string.IsNullOrEmpty(name) ? $"{company}, {partner["type"]}" : $"{company}, {name}";
        }

        return name ?? string.Empty;
    }

    private static void NoRecursion(Env env, Record partner)
    {
        var seen = new HashSet<int>();
        for (var current = env.Many2one(partner, "parent_id"); current is not null; current = env.Many2one(current, "parent_id"))
        {
            if (current.Id == partner.Id || !seen.Add(current.Id))
            {
                throw OdooException.ValidationError("You cannot create recursive Partner hierarchies.");
            }
        }
    }

    /// <summary>
    /// base_vat's check when the company verifies VAT numbers: a country prefix and the number.
    /// The format is coarser than Odoo's per-country rules; the refusal is the same ValidationError.
    /// </summary>
    private static void ValidVat(Env env, Record partner)
    {
        if (partner["vat"] is string { Length: > 0 } vat
            && env.Browse("res.company", 1)?[VerifyVatKey] is true
            && !VatFormat().IsMatch(vat))
        {
            throw OdooException.ValidationError(
                $"The VAT number [{vat}] for partner [{partner["name"]}] does not seem to be valid. \nNote: the expected format is BE0477472701");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z]{2}[0-9A-Za-z]{2,13}$")]
    private static partial System.Text.RegularExpressions.Regex VatFormat();
}
