using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>Data scopes as Odoo customer tags: which tag a scope names, and whether a record is inside it.</summary>
public sealed class OdooScopes(IOdooClient odoo)
{
    /// <summary>The active tags named exactly <paramref name="name"/>, at most two (enough to see a name that is not unique).</summary>
    public async Task<IReadOnlyList<long>> TagIdsNamedAsync(string name, CancellationToken cancellationToken)
    {
        var found = await odoo.SearchReadAsync(new OdooQuery(ScopeMapping.TagModel, ScopeMapping.TagNamed(name), ScopeMapping.TagFields, 2) { Order = "id" }, OdooWireContext.Default.IdRecord, cancellationToken);
        return [.. found.Select(tag => tag.Id)];
    }

    /// <summary>Whether the record of this kind with this id exists and its customer carries the tag: one search.</summary>
    public async Task<bool> IncludesAsync(ScopedRecords records, long id, long tagId, CancellationToken cancellationToken)
    {
        var found = await odoo.SearchReadAsync(new OdooQuery(ScopeMapping.Model(records), ScopeMapping.Member(records, id, tagId), ["id"], 1), OdooWireContext.Default.IdRecord, cancellationToken);
        return found.Count > 0;
    }
}
