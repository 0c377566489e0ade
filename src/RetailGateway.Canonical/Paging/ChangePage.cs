namespace RetailGateway.Canonical.Paging;

/// <summary>
/// One page of a change feed: resources whose state changed in Odoo after the cursor, oldest change
/// first. Store <c>nextCursor</c> and pass it back as <c>cursor</c> on the next poll.
/// </summary>
/// <typeparam name="T">The resource whose changes are listed.</typeparam>
public sealed record ChangePage<T>
{
    /// <summary>The changed resources, each in its current state; <c>[]</c> when nothing changed.</summary>
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>
    /// Where the next poll starts; always present. It never goes back: a resource changed again
    /// later shows up again on a later page.
    /// </summary>
    /// <example>YzE6MTc5NTc4NzM1Mzo0Mg</example>
    public required string NextCursor { get; init; }

    /// <summary>True when more changes are ready now: fetch the next page at once rather than at the next scheduled poll.</summary>
    public required bool HasMore { get; init; }
}
