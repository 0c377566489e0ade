using System.Text.Json.Nodes;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>The domain leaves and order clause every aggregate pages and filters with.</summary>
internal static class Domains
{
    /// <summary>Keyset paging on ids: Odoo's order clause that matches <see cref="After"/>.</summary>
    public const string IdOrder = "id asc";

    /// <summary>The leaf that starts a page after <paramref name="afterId"/>.</summary>
    public static JsonArray After(long afterId) => new("id", ">", afterId);

    public static JsonArray Is(string field, JsonNode? value) => new(field, "=", value);

    public static JsonArray In(string field, IEnumerable<long> values) =>
        new(field, "in", new JsonArray([.. values.Select(v => JsonValue.Create(v))]));

    public static JsonArray In(string field, IEnumerable<string> values) =>
        new(field, "in", new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]));

    public static JsonArray ChangedSince(DateTimeOffset since) => new("write_date", ">=", OdooTime.ToOdoo(since));

    /// <summary>Adds to <paramref name="domain"/> what keeps only sales orders of this kind (nothing for all) and returns it.</summary>
    public static JsonArray Of(this JsonArray domain, SaleOrderKind kind)
    {
        var leaves = kind switch
        {
            SaleOrderKind.Orders => OrderMapping.NotOpenQuote(),
            SaleOrderKind.Quotes => [OrderMapping.FromQuote()],
            _ => [],
        };
        foreach (var leaf in leaves.ToList())
        {
            leaves.Remove(leaf);
            domain.Add(leaf);
        }

        return domain;
    }

    /// <summary>Adds the data scope's leaf to <paramref name="domain"/> (nothing for all data) and returns it.</summary>
    public static JsonArray Within(this JsonArray domain, ScopedRecords records, long? tagId)
    {
        if (tagId is { } tag)
        {
            domain.Add(ScopeMapping.Tagged(records, tag));
        }

        return domain;
    }
}
