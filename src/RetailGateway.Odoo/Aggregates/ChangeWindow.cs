using System.Text.Json.Nodes;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// One read of a change feed: the records whose <c>write_date</c> falls in a window, in the order the feed pages
/// them. The feed decides the bounds (see the gateway's change feed); the aggregates turn them into domains.
/// </summary>
public sealed record ChangeWindow
{
    private ChangeWindow(DateTimeOffset? from, DateTimeOffset before, long? afterId, int limit)
    {
        From = from;
        Before = before;
        AfterId = afterId;
        Limit = limit;
    }

    /// <summary>Changed at or after this whole second; null: from the start.</summary>
    public DateTimeOffset? From { get; }

    /// <summary>Changed before this whole second.</summary>
    public DateTimeOffset Before { get; }

    /// <summary>Within one second, the records after this id, in id order; null: in change order.</summary>
    public long? AfterId { get; }

    public int Limit { get; }

    /// <summary>Records changed in <c>[from, before)</c>, oldest change first, then by id.</summary>
    public static ChangeWindow InChangeOrder(DateTimeOffset? from, DateTimeOffset before, int limit) => new(from, before, null, limit);

    /// <summary>Records changed in <c>[second, before)</c> with an id above <paramref name="afterId"/>, by id.</summary>
    public static ChangeWindow ById(DateTimeOffset second, DateTimeOffset before, long afterId, int limit) => new(second, before, afterId, limit);

    /// <summary>Odoo's order clause for this window.</summary>
    internal string Order => AfterId is null ? "write_date asc, id asc" : Domains.IdOrder;

    /// <summary>Adds this window's leaves to <paramref name="domain"/> and returns it.</summary>
    internal JsonArray AppendTo(JsonArray domain)
    {
        if (AfterId is { } afterId)
        {
            domain.Add(Domains.ChangedSince(From!.Value));
            domain.Add(ChangedBefore(Before));
            domain.Add(Domains.After(afterId));
        }
        else
        {
            domain.Add(ChangedBefore(Before));
            if (From is { } from)
            {
                domain.Add(Domains.ChangedSince(from));
            }
        }

        return domain;
    }

    private static JsonArray ChangedBefore(DateTimeOffset bound) => new("write_date", "<", OdooTime.ToOdoo(bound));
}
