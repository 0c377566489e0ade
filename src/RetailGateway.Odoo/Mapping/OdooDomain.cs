using System.Text;
using System.Text.Json.Nodes;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Search-domain leaves whose meaning depends on how Odoo turns them into SQL.</summary>
public static class OdooDomain
{
    /// <summary>
    /// Records whose <paramref name="field"/> is exactly <paramref name="value"/>, ignoring case. Odoo has no
    /// case-insensitive equality: <c>=ilike</c> goes to PostgreSQL as <c>ILIKE</c> with the value as the pattern
    /// and no ESCAPE clause (odoo/osv/expression.py), so a caller's <c>%</c> or <c>_</c> would be a wildcard
    /// (<c>%</c> alone matches every record). Escaped with PostgreSQL's default escape, the backslash, as Odoo's
    /// own <c>escape_psql</c> does, every character matches only itself.
    /// </summary>
    public static JsonArray EqualsIgnoringCase(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var pattern = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '\\' or '%' or '_')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return new JsonArray(field, "=ilike", pattern.ToString());
    }
}
