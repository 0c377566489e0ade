using System.Text.Json.Nodes;

namespace RetailGateway.Odoo.Mapping;

/// <summary>The kinds of record a data scope limits.</summary>
public enum ScopedRecords
{
    /// <summary>Customers and their contacts (<c>res.partner</c>).</summary>
    Customers,

    /// <summary>Sales orders (<c>sale.order</c>).</summary>
    Orders,

    /// <summary>Customer invoices and credit notes (<c>account.move</c>).</summary>
    Invoices,
}

/// <summary>
/// Data scopes as Odoo customer tags (<c>res.partner.category</c>, the <c>category_id</c> many2many of
/// <c>res.partner</c>): a record is in a tag's scope when the commercial entity of its customer carries the
/// tag, so a company's contacts and addresses follow the company. The paths go through stored fields only
/// (<c>commercial_partner_id</c> is stored on <c>res.partner</c> and on <c>account.move</c> in Odoo 17 and 19),
/// which Odoo turns into SQL joins.
/// </summary>
public static class ScopeMapping
{
    public const string TagModel = "res.partner.category";

    /// <summary>The customer's tags, on <c>res.partner</c>.</summary>
    public const string TagField = "category_id";

    public static readonly IReadOnlyList<string> TagFields = ["name"];

    /// <summary>Active tags named <paramref name="name"/> exactly (an archived tag scopes nothing: Odoo's search leaves it out).</summary>
    public static JsonArray TagNamed(string name) => new(new JsonArray("name", "=", name));

    /// <summary>The leaf that keeps the records of one kind whose customer carries the tag.</summary>
    public static JsonArray Tagged(ScopedRecords records, long tagId) => new(
        records switch
        {
            ScopedRecords.Customers => "commercial_partner_id.category_id",
            ScopedRecords.Orders => "partner_id.commercial_partner_id.category_id",
            _ => "commercial_partner_id.category_id",
        },
        "in",
        new JsonArray(tagId));

    /// <summary>
    /// The record with this id if it is in the tag's scope. Archived customers count, as a read by id
    /// finds them: only <c>res.partner</c> has <c>active</c>, and naming it turns off Odoo's active test.
    /// </summary>
    public static JsonArray Member(ScopedRecords records, long id, long tagId)
    {
        var domain = new JsonArray(new JsonArray("id", "=", id), Tagged(records, tagId));
        if (records == ScopedRecords.Customers)
        {
            domain.Add(new JsonArray("active", "in", new JsonArray(true, false)));
        }

        return domain;
    }

    /// <summary>The Odoo model of each kind of scoped record.</summary>
    public static string Model(ScopedRecords records) => records switch
    {
        ScopedRecords.Customers => CustomerMapping.Model,
        ScopedRecords.Orders => OrderMapping.Model,
        _ => InvoiceMapping.Model,
    };

    /// <summary>The <see cref="TagField"/> value that adds the tag to a new customer (x2many command 4, link).</summary>
    public static JsonArray AddTag(long tagId) => new(new JsonArray(4, tagId));
}
