using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Models;
using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Seed;

/// <summary>
/// Retail demo data, the same in both modes: two companies and warehouses (WH, CHIC1), furniture
/// products with stock in both, US customers (some carrying Salesforce ids in <c>ref</c>), quotations,
/// confirmed, shipped and cancelled orders, and invoices in every payment state plus a credit note.
/// Orders go through the same ORM paths as calls do, so their reservations and totals are consistent.
/// </summary>
internal static class RetailSeed
{
    private sealed record ProductSeed(string Sku, string Name, string? Variant, double Price, double Wh, double Chicago, string? Description = null);

    private static readonly ProductSeed[] Products =
    [
        new("DESK0005", "Customizable Desk", "Custom, White", 750, 65, 10, "160x80cm, with large legs."),
        new("DESK0006", "Customizable Desk", "Custom, Black", 750, 70, 12, "160x80cm, with large legs."),
        new("E-COM06", "Corner Desk Right Sit", null, 147, 0, 5),
        new("E-COM07", "Large Cabinet", null, 320, 500, 200),
        new("E-COM08", "Storage Box", null, 15.8, 18, 40),
        new("E-COM09", "Large Desk", null, 1799, 0, 3),
        new("E-COM10", "Pedal Bin", null, 47, 22, 15),
        new("E-COM11", "Cabinet with Doors", null, 140, 33, 8),
        new("E-COM12", "Conference Chair", "Steel", 33, 26, 30),
        new("E-COM13", "Conference Chair", "Aluminium", 39.4, 30, 25),
        new("FURN_0001", "Desk Organizer", null, 5.1, 120, 60),
        new("FURN_0002", "Desk Pad", null, 1.98, 200, 90),
        new("FURN_0006", "Monitor Stand", null, 3.19, 75, 20),
        new("FURN_0096", "Customizable Desk", "Steel, White", 750, 45, 6, "160x80cm, with large legs."),
        new("FURN_0097", "Customizable Desk", "Steel, Black", 750, 50, 6, "160x80cm, with large legs."),
        new("FURN_0098", "Customizable Desk", "Aluminium, White", 800, 55, 4, "160x80cm, with large legs."),
        new("FURN_0269", "Office Chair Black", null, 120.5, 10, 14),
        new("FURN_0789", "Individual Workplace", null, 885, 16, 2),
        new("FURN_1118", "Corner Desk Left Sit", null, 85, 2, 7),
        new("FURN_5555", "Cable Management Box", null, 100, 86, 30),
        new("FURN_6666", "Acoustic Bloc Screens", "White", 295, 16, 9),
        new("FURN_6667", "Acoustic Bloc Screens", "Wood", 295, 12, 3),
        new("FURN_6741", "Large Meeting Table", null, 4000, 3, 1),
        new("FURN_7777", "Office Chair", null, 70, 0, 18),
        new("FURN_7800", "Desk Combination", null, 450, 60, 25),
        new("FURN_7888", "Desk Stand with Screen", null, 2100, 0, 4),
        new("FURN_8220", "Four Person Desk", null, 2350, 5, 2),
        new("FURN_8855", "Drawer", null, 110.5, 78, 20),
        new("FURN_8888", "Office Lamp", null, 40, 0, 35),
        new("FURN_8900", "Drawer Black", null, 25, 14, 11),
        new("FURN_8999", "Three-Seat Sofa", null, 1500, 4, 2),
        new("FURN_9001", "Flipover", null, 1950, 0, 3),
        new("FURN_9999", "Office Design Software", null, 280, 25, 10),
        new("FURN_2100", "Bookcase", "Oak", 350, 12, 6),
        new("FURN_2333", "Standing Desk Mat", null, 65, 48, 22),
        new("FURN_3300", "Whiteboard", "120x90cm", 210, 9, 5),
    ];

    /// <summary>The attributes of the seeded variants, in the order their values appear in a variant's name ("Custom, White").</summary>
    private static readonly Dictionary<string, string[]> VariantAttributes = new(StringComparer.Ordinal)
    {
        ["Customizable Desk"] = ["Legs", "Color"],
        ["Conference Chair"] = ["Legs"],
        ["Acoustic Bloc Screens"] = ["Color"],
        ["Bookcase"] = ["Material"],
        ["Whiteboard"] = ["Size"],
    };

    private static readonly Dictionary<string, string> Barcodes = new(StringComparer.Ordinal)
    {
        ["E-COM09"] = "4006381333931",
        ["FURN_7777"] = "5901234123457",
    };

    public static void Load(Database db, Registry registry, DateTime now)
    {
        // The seed's own clock: six hours of history, one minute per step, so write_date orders by story.
        var clock = now.AddHours(-6);
        var env = new Env(db, registry, [], () => clock);
        void Tick() => clock = clock.AddMinutes(1);
        db.InTransaction<object?>(() =>
        {
            ReferenceData(env);
            var skus = LoadProducts(env);
            Tick();
            var partners = LoadPartners(env, Tick);
            LoadOrdersAndInvoices(env, skus, partners, Tick);
            return null;
        });
    }

    private static void ReferenceData(Env env)
    {
        Raw(env, "res.currency", 1, ("name", "USD"), ("symbol", "$"));
        Raw(env, "res.currency", 2, ("name", "EUR"), ("symbol", "€"));
        // stock_sms is installed, as on the recorded servers: deliveries are confirmed by SMS and the warning was never shown yet.
        (string Key, object? Value)[] sms = env.Registry.Version >= 19
            ? [("stock_text_confirmation", true), ("stock_confirmation_type", "sms"), ("has_received_warning_stock_sms", false)]
            : [("stock_move_sms_validation", true), ("has_received_warning_stock_sms", false)];
        Raw(env, "res.company", 1, [("name", "My Company (San Francisco)"), ("currency_id", 1), .. sms]);
        Raw(env, "res.company", 2, [("name", "My Company (Chicago)"), ("currency_id", 1), .. sms]);
        (int Id, string Code, string Name)[] countries =
        [
            (14, "AU", "Australia"), (20, "BE", "Belgium"), (31, "BR", "Brazil"), (38, "CA", "Canada"), (57, "DE", "Germany"),
            (75, "FR", "France"), (104, "IN", "India"), (113, "JP", "Japan"), (156, "MX", "Mexico"), (231, "GB", "United Kingdom"),
            (233, "US", "United States"),
        ];
        foreach (var (id, code, name) in countries)
        {
            Raw(env, "res.country", id, ("code", code), ("name", name));
        }

        (int Id, string Code, string Name)[] states =
        [
            (9, "FL", "Florida"), (13, "CA", "California"), (22, "IL", "Illinois"), (45, "NY", "New York"), (48, "TX", "Texas"), (52, "WA", "Washington"),
        ];
        foreach (var (id, code, name) in states)
        {
            Raw(env, "res.country.state", id, ("code", code), ("name", name), ("country_id", 233));
        }

        Raw(env, "uom.uom", 1, ("name", "Units"));
        Raw(env, "uom.uom", 2, ("name", "Dozens"));
        Raw(env, "account.tax", 1, ("name", "15%"), ("amount", 15.0), ("amount_type", "percent"), ("type_tax_use", "sale"));
        Raw(env, "account.tax", 2, ("name", "0% Exempt"), ("amount", 0.0), ("amount_type", "percent"), ("type_tax_use", "sale"));
        var sales = env.Registry.Version >= 19 ? "Sales" : "Customer Invoices";
        Raw(env, "account.journal", 1, ("name", sales), ("code", "INV"), ("type", "sale"), ("sequence", 5), ("company_id", 1), ("active", true));
        Raw(env, "account.journal", 2, ("name", sales), ("code", "INV"), ("type", "sale"), ("sequence", 5), ("company_id", 2), ("active", true));
        Raw(env, "account.payment.term", 1, ("name", "Immediate Payment"));
        Raw(env, "account.payment.term", 2, ("name", "15 Days"));
        Raw(env, "account.payment.term", 4, ("name", "30 Days"));
        // Archived, as Odoo archives every pricelist while Sales › Settings › Pricelists is off: the recorded servers
        // answered partners without a pricelist (17 falls back to the first active one when there is one).
        Raw(env, "product.pricelist", 1, ("name", "Public Pricelist"), ("currency_id", 1), ("active", false));
        // Customer tags that scope partner apps' data; no seeded customer carries one.
        Raw(env, "res.partner.category", 1, ("name", "Partner: Acme"), ("color", 2), ("active", true));
        Raw(env, "res.partner.category", 2, ("name", "Partner: Globex"), ("color", 5), ("active", true));
        Raw(env, "res.partner.category", 3, ("name", "VIP"), ("color", 10), ("active", true));
        Raw(env, "stock.location", 4, ("name", "Vendors"), ("complete_name", "Partners/Vendors"), ("usage", "supplier"), ("active", true));
        Raw(env, "stock.location", 5, ("name", "Customers"), ("complete_name", "Partners/Customers"), ("usage", "customer"), ("active", true));
        Raw(env, "stock.location", 8, ("name", "Stock"), ("complete_name", "WH/Stock"), ("usage", "internal"), ("warehouse_id", 1), ("company_id", 1), ("active", true));
        Raw(env, "stock.location", 28, ("name", "Stock"), ("complete_name", "CHIC1/Stock"), ("usage", "internal"), ("warehouse_id", 2), ("company_id", 2), ("active", true));
        Raw(env, "stock.warehouse", 1, ("name", "YourCompany"), ("code", "WH"), ("company_id", 1), ("lot_stock_id", 8), ("active", true));
        Raw(env, "stock.warehouse", 2, ("name", "Chicago 1"), ("code", "CHIC1"), ("company_id", 2), ("lot_stock_id", 28), ("active", true));
        Raw(env, "res.partner", 1, ("name", "My Company (San Francisco)"), ("is_company", true), ("active", true), ("type", "contact"), ("customer_rank", 0));
        Raw(env, "res.partner", 2, ("name", "Mitchell Admin"), ("is_company", false), ("active", true), ("type", "contact"), ("customer_rank", 0));
        Raw(env, "res.partner", 3, ("name", "My Company (Chicago)"), ("is_company", true), ("active", true), ("type", "contact"), ("customer_rank", 0));
    }

    private static Dictionary<string, int> LoadProducts(Env env)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var seed in Products)
        {
            var product = Product(env, seed.Sku, seed.Name, seed.Price, storable: true, active: true, seed.Variant, seed.Description);
            ids[seed.Sku] = product.Id;
            SetQuantity(env, product.Id, 8, seed.Wh);
            SetQuantity(env, product.Id, 28, seed.Chicago);
        }

        Product(env, "SERV_ASSEMBLY", "Furniture Assembly", 60, storable: false, active: true, kind: "service");
        Product(env, "FURN_0100", "Discontinued Stool", 45, storable: true, active: false);
        Receipt(env, 8, [("E-COM10", 20), ("E-COM11", 120), ("FURN_7777", 260), ("FURN_8888", 10)], ids);
        Receipt(env, 8, [("FURN_7888", 200), ("FURN_9001", 12)], ids);
        Receipt(env, 28, [("E-COM06", 30)], ids);
        return ids;
    }

    private static Dictionary<string, int> LoadPartners(Env env, Action tick)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Add(string key, JsonObject vals)
        {
            tick();
            vals["customer_rank"] ??= 1;
            ids[key] = Operations.Create(env, env.Model("res.partner"), vals).Id;
            return ids[key];
        }

        Add("deco", Company("Deco Addict", "001xx000003DGb2AAG", "info@deco-addict.example.com", "+1 555-555-5556", "77 Santa Barbara Rd", "Pleasant Hill", "94523", 13, 4));
        var azure = Add("azure", Company("Azure Interior", "001xx000003DGb3AAG", "azure.interior24@example.com", "+1 870-931-0505", "4557 De Silva St", "Fremont", "94538", 13, 2));
        Add("gemini", Company("Gemini Furniture", "001xx000003DGb4AAG", "gemini.furniture39@example.com", "+1 279-555-0134", "317 Fairchild Dr", "Fairfield", "94535", 13, 1));
        Add("lumber", Company("Lumber Inc", null, "lumber-inc92@example.com", "+1 312-555-0199", "1337 N Milwaukee Ave", "Chicago", "60622", 22, 4));
        Add("readymat", Company("Ready Mat", "001xx000003DGb5AAG", "ready.mat28@example.com", "+1 209-555-0187", "7500 W Linne Road", "Tracy", "95304", 13, null));
        Add("jackson", Company("The Jackson Group", null, "jackson.group82@example.com", "+1 209-555-0112", "1839 Arbor Way", "Turlock", "95380", 13, null));
        Add("brandon", new JsonObject
        {
            ["name"] = "Brandon Freeman", ["parent_id"] = azure, ["email"] = "brandon.freeman55@example.com", ["phone"] = "+1 555-555-5678",
            ["street"] = "4557 De Silva St", ["city"] = "Fremont", ["zip"] = "94538", ["state_id"] = 13, ["country_id"] = 233,
        });
        Add("azure-invoice", new JsonObject
        {
            ["name"] = "Accounts Payable", ["parent_id"] = azure, ["type"] = "invoice", ["email"] = "ap@azure-interior.example.com",
            ["street"] = "PO Box 4557", ["city"] = "Fremont", ["zip"] = "94538", ["state_id"] = 13, ["country_id"] = 233,
        });
        Add("nicole", Person("Nicole Ford", "003xx000004TmiQAAS", "nicole.ford75@example.com", "11 W 53rd St", "New York", "10019", 45));
        Add("jesse", Person("Jesse Brown", null, "jesse.brown74@example.com", "2201 Barton Springs Rd", "Austin", "78746", 48));
        var archived = Company("Old Retail Co", "001xx000003DGb9AAG", "contact@old-retail.example.com", "+1 206-555-0100", "400 Broad St", "Seattle", "98109", 52, null);
        archived["active"] = false;
        Add("archived", archived);
        return ids;
    }

    private static void LoadOrdersAndInvoices(Env env, Dictionary<string, int> sku, Dictionary<string, int> partner, Action tick)
    {
        var orders = new Dictionary<string, Record>(StringComparer.Ordinal);
        void Order(string key, string customer, string? salesforceId, int company, params (string Sku, double Qty)[] lines)
        {
            tick();
            var vals = new JsonObject
            {
                ["partner_id"] = partner[customer],
                ["company_id"] = company,
                ["order_line"] = new JsonArray(lines.Select(l => (JsonNode?)new JsonArray(0, 0, new JsonObject { ["product_id"] = sku[l.Sku], ["product_uom_qty"] = l.Qty })).ToArray()),
            };
            if (salesforceId is not null)
            {
                vals["client_order_ref"] = salesforceId;
            }

            orders[key] = Operations.Create(env, env.Model("sale.order"), vals);
        }

        // Quotations first: they are the oldest changes in the feed.
        Order("q1", "deco", null, 1, ("DESK0005", 1), ("E-COM08", 4));
        Order("q2", "gemini", null, 1, ("FURN_0269", 2));
        Order("q3", "readymat", "801xx000000AbC3AAK", 1, ("FURN_5555", 3), ("FURN_0002", 10));
        Order("q4", "jackson", null, 1, ("FURN_8999", 1));
        Order("q5", "nicole", "801xx000000AbC5AAK", 1, ("E-COM12", 6));
        Order("shipped", "azure", "801xx000000AbC6AAK", 1, ("E-COM07", 10), ("FURN_8855", 5));
        Order("partial-paid", "deco", "801xx000000AbC7AAK", 1, ("E-COM11", 15));
        Order("backorder", "gemini", "801xx000000AbC8AAK", 1, ("E-COM06", 85));
        Order("chicago", "lumber", null, 2, ("E-COM07", 180));
        Order("pending", "jesse", null, 1, ("FURN_7800", 56));
        Order("short", "azure", "801xx000000AbCdAAK", 1, ("FURN_6666", 20));
        Order("cancelled", "deco", "801xx000000AbCeAAK", 1, ("DESK0006", 2));

        var sale = env.Model("sale.order");
        var cancelling = new Env(env.Db, env.Registry, new JsonObject { ["disable_cancel_warning"] = true }, () => env.Now);
        void Cancel(string key) => sale.Methods["action_cancel"].Invoke(cancelling, new MethodCall(sale, [orders[key].Id], new Dictionary<string, JsonNode?>()));
        tick();
        Operations.Update(env, orders["q3"], ("state", "sent"));
        tick();
        Cancel("q5");
        foreach (var key in new[] { "shipped", "partial-paid", "backorder", "chicago", "pending", "short", "cancelled" })
        {
            tick();
            sale.Methods["action_confirm"].Invoke(env, new MethodCall(sale, [orders[key].Id], new Dictionary<string, JsonNode?>()));
        }

        tick();
        var shipment = env.Db.All("stock.picking").First(p => p["sale_id"] is int id && id == orders["shipped"].Id);
        Stock.Validate(env.WithContext(new JsonObject { ["skip_sms"] = true }), [shipment]);
        if (env.Registry.DeliveryModule)
        {
            Operations.Update(env, shipment, ("carrier_tracking_ref", "1Z999AA10123456784"));
        }

        tick();
        Cancel("cancelled");

        var year = env.Now.Year;
        tick();
        Invoice(env, $"INV/{year}/00001", orders["shipped"], "paid", 0);
        tick();
        var partial = Invoice(env, $"INV/{year}/00002", orders["partial-paid"], "partial", 1000);
        tick();
        Invoice(env, $"INV/{year}/00003", orders["backorder"], "in_payment", 0);
        tick();
        Invoice(env, $"INV/{year}/00004", orders["short"], "not_paid", null);
        tick();
        Invoice(env, $"INV/{year}/00001", orders["chicago"], "not_paid", null);
        tick();
        var refund = Operations.Create(env, env.Model("account.move"), new JsonObject
        {
            ["name"] = $"RINV/{year}/00001",
            ["move_type"] = "out_refund",
            ["state"] = "posted",
            ["payment_state"] = "not_paid",
            ["partner_id"] = partner["deco"],
            ["invoice_date"] = env.Now.ToString(Values.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            ["invoice_date_due"] = env.Now.ToString(Values.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            ["date"] = env.Now.ToString(Values.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            ["ref"] = $"Reversal of: {partial["name"]}, damaged cabinet door",
            ["reversed_entry_id"] = partial.Id,
            ["journal_id"] = 1,
            ["company_id"] = 1,
            ["invoice_line_ids"] = new JsonArray(new JsonArray(0, 0, new JsonObject
            {
                ["product_id"] = sku["E-COM11"], ["name"] = "[E-COM11] Cabinet with Doors", ["quantity"] = 2.0, ["price_unit"] = 140.0,
                ["tax_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(1))), ["product_uom_id"] = 1,
            })),
        });
        Invoicing.Recompute(env, refund);
    }

    /// <summary>A posted customer invoice of the whole order, as the seed makes them.</summary>
    public static Record Invoice(Env env, string name, Record order, string paymentState, double? paidAmount)
    {
        foreach (var line in env.Db.All("sale.order.line").Where(l => l["order_id"] is int id && id == order.Id).ToList())
        {
            Operations.Update(env, line, ("qty_invoiced", line["product_uom_qty"]));
        }

        var date = DateOnly.FromDateTime(env.Now);
        var lines = env.Db.All("sale.order.line").Where(l => l["order_id"] is int id && id == order.Id).OrderBy(l => l.Id)
            .Select(l => (JsonNode?)new JsonArray(0, 0, new JsonObject
            {
                ["product_id"] = l["product_id"] as int?,
                ["name"] = l["name"] as string,
                ["quantity"] = l["product_uom_qty"] as double?,
                ["price_unit"] = l["price_unit"] as double?,
                ["discount"] = l["discount"] as double?,
                ["tax_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(((l["tax_ids"] as List<int>) ?? []).Select(t => (JsonNode?)t).ToArray()))),
                ["product_uom_id"] = l["product_uom_id"] as int?,
            }))
            .ToArray();
        var invoice = Operations.Create(env, env.Model("account.move"), new JsonObject
        {
            ["name"] = name,
            ["move_type"] = "out_invoice",
            ["state"] = "posted",
            ["partner_id"] = order["partner_id"] as int?,
            ["invoice_origin"] = order["name"] as string,
            ["invoice_date"] = date.ToString(Values.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            ["invoice_date_due"] = date.AddDays(30).ToString(Values.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            ["date"] = date.ToString(Values.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            ["company_id"] = order["company_id"] as int?,
            ["invoice_line_ids"] = new JsonArray(lines),
        });
        var orderLines = env.Db.All("sale.order.line").Where(l => l["order_id"] is int id && id == order.Id).OrderBy(l => l.Id).ToList();
        foreach (var (line, saleLine) in Invoicing.Lines(env, invoice).Zip(orderLines))
        {
            env.Db.Set(line, "sale_line_ids", new List<int> { saleLine.Id });
        }

        Invoicing.Recompute(env, invoice);
        var invoiceTotal = (double)invoice["amount_total"]!;
        var residual = paymentState switch
        {
            "paid" or "in_payment" => 0.0,
            "partial" => Fields.Round2(invoiceTotal - (paidAmount ?? 0)),
            _ => invoiceTotal,
        };
        Operations.Update(env, invoice, ("amount_residual", residual), ("payment_state", paymentState));
        return invoice;
    }

    private static JsonObject Company(string name, string? salesforceId, string email, string phone, string street, string city, string zip, int state, int? paymentTerm)
    {
        var vals = new JsonObject
        {
            ["name"] = name, ["is_company"] = true, ["email"] = email, ["phone"] = phone, ["street"] = street, ["city"] = city,
            ["zip"] = zip, ["state_id"] = state, ["country_id"] = 233,
        };
        if (salesforceId is not null)
        {
            vals["ref"] = salesforceId;
        }

        if (paymentTerm is not null)
        {
            vals["property_payment_term_id"] = paymentTerm;
        }

        return vals;
    }

    private static JsonObject Person(string name, string? salesforceId, string email, string street, string city, string zip, int state)
    {
        var vals = new JsonObject
        {
            ["name"] = name, ["email"] = email, ["street"] = street, ["city"] = city, ["zip"] = zip, ["state_id"] = state, ["country_id"] = 233,
        };
        if (salesforceId is not null)
        {
            vals["ref"] = salesforceId;
        }

        return vals;
    }

    /// <summary>A product of the template named <paramref name="name"/>; a <paramref name="variant"/> names its attribute values.</summary>
    private static Record Product(Env env, string sku, string name, double price, bool storable, bool active, string? variant = null, string? description = null, string kind = "consu")
    {
        var template = Find(env, "product.template", t => t["name"] as string == name) ?? Raw(env, "product.template", null, ("name", name), ("active", true)).Id;
        var values = variant is null ? [] : variant.Split(", ").Select((value, i) => TemplateValue(env, template, VariantAttributes[name][i], value)).ToList();
        return Raw(env, "product.product", null,
            ("default_code", sku), ("name", name), ("variant", variant), ("list_price", price), ("standard_price", Fields.Round2(price * 0.6)),
            ("sale_ok", true), ("active", active), ("description_sale", description), ("barcode", Barcodes.GetValueOrDefault(sku)), ("uom_id", 1),
            ("taxes_id", new List<int> { 1 }), ("kind", kind), ("is_storable", storable),
            ("product_tmpl_id", template), ("product_template_attribute_value_ids", values));
    }

    /// <summary>The template's value <paramref name="value"/> of <paramref name="attribute"/>, made with the attribute and the value when new.</summary>
    private static int TemplateValue(Env env, int template, string attribute, string value)
    {
        var attributeId = Find(env, "product.attribute", a => a["name"] as string == attribute)
            ?? Raw(env, "product.attribute", null, ("name", attribute), ("sequence", 20)).Id;
        var valueId = Find(env, "product.attribute.value", v => v["attribute_id"] is int a && a == attributeId && v["name"] as string == value)
            ?? Raw(env, "product.attribute.value", null, ("name", value), ("attribute_id", attributeId), ("sequence", 10)).Id;
        return Find(env, "product.template.attribute.value", v => v["product_tmpl_id"] is int t && t == template && v["product_attribute_value_id"] is int pv && pv == valueId)
            ?? Raw(env, "product.template.attribute.value", null, ("product_attribute_value_id", valueId), ("product_tmpl_id", template), ("price_extra", 0.0), ("ptav_active", true)).Id;
    }

    private static int? Find(Env env, string model, Func<Record, bool> match) => env.Db.All(model).FirstOrDefault(match)?.Id;

    private static void SetQuantity(Env env, int productId, int locationId, double quantity)
    {
        if (quantity > 0)
        {
            env.Db.Set(Stock.Quant(env, productId, locationId), "quantity", quantity);
        }
    }

    private static void Receipt(Env env, int locationId, (string Sku, double Qty)[] lines, Dictionary<string, int> skus)
    {
        var code = env.Browse("stock.warehouse", (int)env.Browse("stock.location", locationId)!["warehouse_id"]!)!["code"] as string;
        var picking = Raw(env, "stock.picking", null,
            ("name", $"{code}/IN/{env.Db.NextNumber($"stock.picking.in.{code}"):D5}"), ("state", "assigned"), ("origin", "P0000" + env.Db.NextNumber("purchase.order")),
            ("scheduled_date", env.Now.AddDays(3)), ("picking_type_code", "incoming"), ("location_id", 4), ("location_dest_id", locationId),
            ("company_id", env.Browse("stock.location", locationId)!["company_id"]));
        foreach (var (sku, qty) in lines)
        {
            Raw(env, "stock.move", null,
                ("name", sku), ("product_id", skus[sku]), ("product_uom_qty", qty), ("quantity", qty), ("state", "assigned"), ("picking_id", picking.Id),
                ("location_id", 4), ("location_dest_id", locationId), ("date", env.Now.AddDays(3)), ("company_id", picking["company_id"]));
        }
    }

    private static Record Raw(Env env, string model, int? id, params (string Key, object? Value)[] values)
    {
        var row = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        row["create_date"] = env.Now;
        row["write_date"] = env.Now;
        return env.Db.Insert(model, row, id);
    }
}
