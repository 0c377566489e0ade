namespace RetailGateway.Canonical.Paging;

/// <summary>One page of a list. Pass <c>nextCursor</c> back as <c>cursor</c> to get the next page.</summary>
/// <typeparam name="T">The resource listed.</typeparam>
public sealed record Page<T>
{
    /// <summary>The resources on this page; <c>[]</c> when there are none.</summary>
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Cursor of the next page, or <c>null</c> on the last page.</summary>
    /// <example>djF8MjAyNi0xMS0yNyAxMTowMjozM3wxNA</example>
    public string? NextCursor { get; init; }
}
