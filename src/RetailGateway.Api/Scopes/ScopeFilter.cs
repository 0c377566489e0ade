namespace RetailGateway.Api.Scopes;

/// <summary>A caller's scope resolved against Odoo: all data, or the customers carrying the tag with this id.</summary>
internal sealed record ScopeFilter(long? TagId)
{
    public static ScopeFilter All { get; } = new((long?)null);

    public bool IsAll => TagId is null;
}
