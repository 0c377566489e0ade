using System.Text.Json.Nodes;
using RetailGateway.Odoo.Mapping;

namespace RetailGateway.Api.Scopes;

/// <summary>A caller's scope resolved against Odoo: all data, or the customers carrying the tag with this id.</summary>
internal sealed record ScopeFilter(long? TagId)
{
    public static ScopeFilter All { get; } = new((long?)null);

    public bool IsAll => TagId is null;

    /// <summary>Adds the scope's condition to <paramref name="domain"/> (nothing for all data) and returns it.</summary>
    public JsonArray Restrict(ScopedRecords records, JsonArray domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (TagId is { } tagId)
        {
            domain.Add(ScopeMapping.Tagged(records, tagId));
        }

        return domain;
    }
}
