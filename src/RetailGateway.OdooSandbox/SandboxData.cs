using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Hosting;
using RetailGateway.OdooSandbox.Models;
using RetailGateway.OdooSandbox.Orm;
using RetailGateway.OdooSandbox.Seed;

namespace RetailGateway.OdooSandbox;

/// <summary>Seeding and inspection helpers for tests; each runs atomically with respect to Odoo calls.</summary>
public sealed class SandboxData
{
    private readonly SandboxEngine engine;

    internal SandboxData(SandboxEngine engine) => this.engine = engine;

    /// <summary>Sets the on-hand quantity of a SKU in a warehouse's stock location (reservations are kept).</summary>
    public void SetStock(string sku, string warehouseCode, double quantity) => Run(env =>
    {
        var product = Product(env, sku);
        var warehouse = env.Db.All("stock.warehouse").FirstOrDefault(w => w["code"] as string == warehouseCode)
            ?? throw new ArgumentException($"No warehouse with code '{warehouseCode}'.", nameof(warehouseCode));
        var quant = Stock.Quant(env, product.Id, (int)warehouse["lot_stock_id"]!);
        Operations.Update(env, quant, ("quantity", quantity));
        return null;
    });

    /// <summary>How many sales orders (any state) carry <paramref name="clientOrderRef"/>: the duplicate-order check.</summary>
    public int FindOrdersBySalesforceId(string clientOrderRef) =>
        Count(env => env.Db.All("sale.order").Count(o => o["client_order_ref"] as string == clientOrderRef));

    /// <summary>Archives (false) or restores (true) the product of a SKU, as a user unticking Active in Odoo.</summary>
    public void SetProductActive(string sku, bool active) => Run(env =>
    {
        Operations.Update(env, Product(env, sku), ("active", active));
        return null;
    });

    /// <summary>The product.product id of a SKU, or null.</summary>
    public int? ProductId(string sku) => Query(env => env.Db.All("product.product").FirstOrDefault(p => p["default_code"] as string == sku)?.Id);

    /// <summary>The res.partner id whose <c>ref</c> is <paramref name="reference"/>, or null.</summary>
    public int? PartnerIdByRef(string reference) => Query(env => env.Db.All("res.partner").FirstOrDefault(p => p["ref"] as string == reference)?.Id);

    /// <summary>The state of a sales order (draft, sent, sale, cancel), or null when it does not exist.</summary>
    public string? OrderState(int orderId) => Query(env => env.Browse("sale.order", orderId)?["state"] as string);

    /// <summary>Validates an order's open deliveries (reserving first; returns are left alone), optionally setting a tracking reference.</summary>
    public void ShipOrder(int orderId, string? trackingReference = null) => Run(env =>
    {
        // Deliveries only: a pending return of the order is received by its own validation, not shipped.
        var pickings = env.Db.All("stock.picking")
            .Where(p => p["sale_id"] is int id && id == orderId && p["picking_type_code"] is "outgoing" && p["state"] is not ("done" or "cancel"))
            .ToList();
        foreach (var move in pickings.SelectMany(p => Stock.Moves(env, p)).Where(m => m["state"] is not ("done" or "cancel")).ToList())
        {
            Stock.Reserve(env, move);
        }

        // The warehouse ships: as the recorded servers were driven, without the SMS confirmation wizard.
        Stock.Validate(env.WithContext(new JsonObject { ["skip_sms"] = true }), pickings);
        foreach (var picking in pickings.Where(_ => trackingReference is not null))
        {
            Operations.Update(env, picking, ("carrier_tracking_ref", trackingReference));
        }

        return null;
    });

    /// <summary>
    /// Invoices a confirmed order in full (a posted, unpaid customer invoice in the sales journal, with a line per order
    /// line) and returns the invoice's id.
    /// </summary>
    public int InvoiceOrder(int orderId)
    {
        var id = 0;
        Run(env =>
        {
            var order = env.Browse("sale.order", orderId) ?? throw new ArgumentException($"No order with id {orderId}.", nameof(orderId));
            id = RetailSeed.Invoice(env, $"INV/TEST/{orderId:D5}", order, "not_paid", null).Id;
            return null;
        });
        return id;
    }

    /// <summary>How many return pickings (any state) an order has: pickings of the order that return another (<c>return_id</c>).</summary>
    public int ReturnPickings(int orderId) =>
        Count(env => env.Db.All("stock.picking").Count(p => p["sale_id"] is int id && id == orderId && p["return_id"] is int));

    /// <summary>How many credit notes (any state) reverse an invoice (<c>reversed_entry_id</c>, <c>out_refund</c>).</summary>
    public int CreditNotes(int invoiceId) =>
        Count(env => env.Db.All("account.move").Count(m => m["reversed_entry_id"] is int id && id == invoiceId && m["move_type"] is "out_refund"));

    /// <summary>
    /// Whether the company has already been shown stock_sms's warning (the SMS confirmation wizard that validating a
    /// delivery answers once, unless the call's context has <c>skip_sms</c>); tests set it to get or avoid the wizard.
    /// </summary>
    public void SetSmsWarningShown(bool shown) => Run(env =>
    {
        env.Db.Set(env.Browse("res.company", 1)!, "has_received_warning_stock_sms", shown);
        return null;
    });

    /// <summary>The names of a partner's customer tags (<c>category_id</c>), in tag order.</summary>
    public IReadOnlyList<string> PartnerTags(int partnerId) => Query(env =>
        ((env.Browse("res.partner", partnerId)?["category_id"] as List<int>) ?? [])
            .Select(id => env.Browse("res.partner.category", id)?["name"] as string ?? string.Empty)
            .Order(StringComparer.Ordinal)
            .ToList()) ?? [];

    /// <summary>
    /// Puts a partner on credit hold, or lifts the hold, as finance would: while held,
    /// <c>sale.order.action_confirm</c> refuses its orders (and those of its contacts) with a UserError,
    /// leaving them in draft.
    /// </summary>
    public void HoldCredit(int partnerId, bool onHold) => Run(env =>
    {
        var partner = env.Browse("res.partner", partnerId) ?? throw new ArgumentException($"No partner with id {partnerId}.", nameof(partnerId));
        env.Db.Set(partner, BaseModels.CreditHoldKey, onHold);
        return null;
    });

    /// <summary>
    /// Switches the main company's "Verify VAT Numbers" on or off: while on, creating or writing a
    /// partner whose VAT number is not a country prefix and a number is a ValidationError.
    /// </summary>
    public void VerifyVat(bool on) => Run(env =>
    {
        env.Db.Set(env.Browse("res.company", 1)!, BaseModels.VerifyVatKey, on);
        return null;
    });

    /// <summary>
    /// Turns Sales › Settings › Pricelists on or off, as an administrator would. Odoo 19 gives partners (and so new
    /// quotations) a pricelist only while it is on; Odoo 17 has no such switch and always applies pricelists.
    /// </summary>
    public void EnablePricelists(bool on) => Run(env =>
    {
        env.Db.Set(env.Browse("res.company", 1)!, Pricelists.FeatureKey, on);
        return null;
    });

    /// <summary>
    /// Creates a pricelist with one rule, <paramref name="percentOff"/> % off the sales price of every product (as the recorded
    /// round-2 exchanges did) or of the SKU's alone, and makes it the partner's pricelist; returns the pricelist's id.
    /// </summary>
    public int GivePricelist(int partnerId, string name, double percentOff, string? sku = null)
    {
        var id = 0;
        Run(env =>
        {
            var rule = new JsonObject { ["applied_on"] = "3_global", ["compute_price"] = "percentage", ["percent_price"] = percentOff };
            if (sku is not null)
            {
                rule["applied_on"] = "0_product_variant";
                rule["product_id"] = Product(env, sku).Id;
            }

            var pricelist = Operations.Create(env, env.Model("product.pricelist"), new JsonObject
            {
                ["name"] = name,
                ["item_ids"] = new JsonArray(new JsonArray(0, 0, rule)),
            });
            var partner = env.Browse("res.partner", partnerId) ?? throw new ArgumentException($"No partner with id {partnerId}.", nameof(partnerId));
            Operations.Write(env, env.Model("res.partner"), [partner], new JsonObject { ["property_product_pricelist"] = pricelist.Id });
            id = pricelist.Id;
            return null;
        });
        return id;
    }

    /// <summary>How many records of a model the sandbox holds (archived ones too).</summary>
    public int CountRecords(string model) => Count(env => env.Db.All(model).Count());

    /// <summary>
    /// Stamps records' <c>write_date</c> as if Odoo had written them at these instants. Sub-second
    /// precision is kept for ordering, as Postgres keeps it, while reads return whole seconds.
    /// </summary>
    public void SetWriteDates(string model, IReadOnlyDictionary<int, DateTimeOffset> writeDates)
    {
        ArgumentNullException.ThrowIfNull(writeDates);
        Run(env =>
        {
            foreach (var (id, at) in writeDates)
            {
                var record = env.Browse(model, id) ?? throw new ArgumentException($"No {model} with id {id}.", nameof(writeDates));
                env.Db.Set(record, "write_date", at.UtcDateTime);
            }

            return null;
        });
    }

    private static Record Product(Env env, string sku) =>
        env.Db.All("product.product").FirstOrDefault(p => p["default_code"] as string == sku)
        ?? throw new ArgumentException($"No product with SKU '{sku}'.", nameof(sku));

    private void Run(Func<Env, JsonNode?> work) => engine.Run(null, env => env.Db.InTransaction(() => work(env)));

    private int Count(Func<Env, int> query) => Query(env => (int?)query(env)) ?? 0;

    private T? Query<T>(Func<Env, T?> query)
    {
        T? result = default;
        engine.Run(null, env =>
        {
            result = query(env);
            return null;
        });
        return result;
    }
}
