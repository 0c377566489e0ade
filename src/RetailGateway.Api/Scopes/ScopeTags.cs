using System.Collections.Concurrent;
using RetailGateway.Api.Errors;
using RetailGateway.Odoo.Aggregates;

namespace RetailGateway.Api.Scopes;

/// <summary>
/// Customer tag names to Odoo ids, looked up once and kept for <see cref="Lifetime"/> (like the reference data
/// in <see cref="OdooMetadata"/>). A tag that is missing, archived or not unique is never cached and
/// fails closed: the caller gets a 503 naming it, never all data.
/// </summary>
internal sealed partial class ScopeTags(OdooScopes odooScopes, TimeProvider time, ILogger<ScopeTags> logger) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (long Id, DateTimeOffset ExpiresAt)> _ids = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask<long> IdAsync(string name, CancellationToken cancellationToken)
    {
        if (TryGetCurrent(name, out var id))
        {
            return id;
        }

        // One look-up at a time: N concurrent first requests make one Odoo call.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (TryGetCurrent(name, out id))
            {
                return id;
            }

            var found = await odooScopes.TagIdsNamedAsync(name, cancellationToken);
            if (found.Count != 1)
            {
                LogTagUnavailable(logger, name, found.Count);
                throw new ApiProblemException(
                    StatusCodes.Status503ServiceUnavailable,
                    ErrorCodes.ScopeUnavailable,
                    "Data scope unavailable",
                    found.Count == 0
                        ? $"The customer tag '{name}' that scopes this client's data is not an active tag in Odoo; an Odoo administrator must create it or fix DataScopes."
                        : $"The customer tag '{name}' that scopes this client's data names {found.Count} tags in Odoo; an Odoo administrator must make it unique.");
            }

            id = found[0];
            _ids[name] = (id, time.GetUtcNow() + Lifetime);
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool TryGetCurrent(string name, out long id)
    {
        if (_ids.TryGetValue(name, out var known) && time.GetUtcNow() < known.ExpiresAt)
        {
            id = known.Id;
            return true;
        }

        id = 0;
        return false;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Data scope tag {Tag} matches {Count} active customer tags in Odoo, not one; its clients are refused with 503")]
    private static partial void LogTagUnavailable(ILogger logger, string tag, int count);
}
