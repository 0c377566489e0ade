using Microsoft.Extensions.Options;
using RetailGateway.Api.Paging;
using RetailGateway.Api.Security;
using RetailGateway.Api.SharedState;
using RetailGateway.Odoo.Aggregates;

namespace RetailGateway.Api.Changes;

/// <summary>What a change feed reads: the records of one kind in a window (a typed Odoo method), and how to key them.</summary>
/// <param name="Feed">The feed's name in metrics: <c>orders</c>, <c>invoices</c>, <c>products</c>, <c>returns</c>.</param>
/// <param name="Read">The records in a window, already limited to the caller's scope.</param>
/// <param name="Id">The record's Odoo id.</param>
/// <param name="WriteDate">The record's last change as Odoo returns it (whole seconds).</param>
internal sealed record ChangeSource<T>(string Feed, Func<ChangeWindow, CancellationToken, Task<IReadOnlyList<T>>> Read, Func<T, long> Id, Func<T, DateTimeOffset?> WriteDate);

/// <summary>The records of one change page, in feed order, and where the next page starts.</summary>
internal sealed record ChangeSlice<T>(IReadOnlyList<T> Records, ChangePosition Next, bool HasMore)
{
    public string NextCursor => Next.Encode();
}

/// <summary>
/// Keyset paging over Odoo's <c>write_date</c> with the id as tie-breaker, in (second, id) order.
/// </summary>
/// <remarks>
/// Odoo may store <c>write_date</c> finer than it returns it (Postgres keeps microseconds; reads cut
/// them), so Odoo's own <c>write_date asc</c> order can put id 9 before id 3 inside one returned
/// second, and <c>write_date = '12:00:00'</c> may match nothing. The feed therefore compares only
/// with <c>&gt;=</c> and <c>&lt;</c> on whole-second bounds (true for both storage precisions), pages
/// inside one second by id alone, and never cuts a page inside a second that Odoo's ordering returned
/// only in part. Seconds younger than <see cref="ChangeFeedOptions.SettleWindow"/> are not handed
/// out: a transaction still running may yet commit a write stamped in them. At most three Odoo calls
/// a page; every non-empty page moves the position strictly forward, so paging never loops.
/// Each page served is recorded per feed and client (<see cref="IFeedConsumptions"/>) for the lag gauges.
/// </remarks>
internal sealed partial class ChangeFeed(
    TimeProvider time,
    IOptionsMonitor<ChangeFeedOptions> options,
    IFeedConsumptions consumptions,
    IHttpContextAccessor http,
    ILogger<ChangeFeed> logger)
{
    public async Task<ChangeSlice<T>> ReadAsync<T>(ChangeSource<T> source, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var horizon = WholeSecond(now - options.CurrentValue.SettleWindow);
        var slice = await ReadPageAsync(source, ChangePosition.Decode(cursor), Cursor.Limit(limit), horizon, cancellationToken);

        // The last page hands out everything before the horizon; any other page, everything up to its last change's second.
        var caughtUpTo = slice.HasMore && slice.Next.Second is { } last ? last : horizon;
        await RecordAsync(new FeedConsumption(source.Feed, http.HttpContext?.User.ClientId() ?? "unknown", caughtUpTo, now), cancellationToken);
        return slice;
    }

    private async Task RecordAsync(FeedConsumption consumption, CancellationToken cancellationToken)
    {
        try
        {
            await consumptions.RecordAsync(consumption, cancellationToken);
        }
        catch (Exception exception) when (SharedStateSetup.IsOutage(exception))
        {
            // The page is served all the same; only the lag gauge misses this poll.
            LogRecordFailed(logger, consumption.Feed, exception.GetType().Name);
        }
    }

    private static async Task<ChangeSlice<T>> ReadPageAsync<T>(ChangeSource<T> source, ChangePosition position, int size, DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        var page = new List<T>(size);

        // 1. The rest of the cursor's own second, by id.
        if (position.Second is { } current)
        {
            var rest = await ReadSecondAsync(source, current, position.Id, horizon, size + 1, cancellationToken);
            if (rest.Count > size)
            {
                return Slice(source, rest.Take(size).ToList(), hasMore: true, position);
            }

            page.AddRange(rest);
        }

        // 2. Later seconds in Odoo's write_date order, one record more than the page has room for.
        var room = size - page.Count;
        var later = await source.Read(ChangeWindow.InChangeOrder(position.Second?.AddSeconds(1), horizon, room + 1), cancellationToken);
        if (later.Count <= room)
        {
            page.AddRange(SortInSecond(source, later));
            return Slice(source, page, hasMore: false, position);
        }

        // The last second read may continue past the limit: keep only the seconds before it, all of which
        // Odoo's order returned in full.
        var lastSecond = Second(source, later[^1]);
        var complete = later.Where(r => Second(source, r) < lastSecond).ToList();
        if (page.Count + complete.Count > 0)
        {
            page.AddRange(SortInSecond(source, complete));
            return Slice(source, page, hasMore: true, position);
        }

        // 3. More than a page of changes share one second: page through it by id.
        var crowded = await ReadSecondAsync(source, lastSecond, 0, horizon, size, cancellationToken);
        return Slice(source, crowded, hasMore: true, position);
    }

    private static Task<IReadOnlyList<T>> ReadSecondAsync<T>(ChangeSource<T> source, DateTimeOffset second, long afterId, DateTimeOffset horizon, int limit, CancellationToken cancellationToken)
    {
        var end = second.AddSeconds(1) < horizon ? second.AddSeconds(1) : horizon;
        return source.Read(ChangeWindow.ById(second, end, afterId, limit), cancellationToken);
    }

    private static IEnumerable<T> SortInSecond<T>(ChangeSource<T> source, IEnumerable<T> records) =>
        records.OrderBy(r => Second(source, r)).ThenBy(source.Id);

    private static DateTimeOffset Second<T>(ChangeSource<T> source, T record) =>
        WholeSecond(source.WriteDate(record) ?? DateTimeOffset.UnixEpoch);

    private static DateTimeOffset WholeSecond(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private static ChangeSlice<T> Slice<T>(ChangeSource<T> source, IReadOnlyList<T> records, bool hasMore, ChangePosition from)
    {
        var next = records.Count == 0 ? from : new ChangePosition(Second(source, records[^1]), source.Id(records[^1]));
        return new ChangeSlice<T>(records, next, hasMore);
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Could not record the {Feed} feed position ({Failure}); the feed lag gauge misses this poll")]
    private static partial void LogRecordFailed(ILogger logger, string feed, string failure);
}
