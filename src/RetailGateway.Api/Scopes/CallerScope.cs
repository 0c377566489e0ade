using Microsoft.Extensions.Options;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Errors;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Mapping;

namespace RetailGateway.Api.Scopes;

/// <summary>
/// The client whose data the current unit of work may touch: a request's caller (entered by
/// <see cref="DataScopeSetup.UseDataScopes"/> once the token is authenticated), a queued order's submitter
/// (entered by the intake worker), or an exception entry's client (entered by the replayer).
/// </summary>
/// <remarks>
/// One scoped service that the customer, order, invoice, intake and exception services ask, rather than a
/// claim each of them reads: background work has no claims, and a service asked in a unit of work that
/// nobody entered throws instead of defaulting to all data, so a new path that forgets to enter a client
/// fails loudly in its first test, never silently widening what a partner sees.
/// </remarks>
internal sealed class CallerScope(IOptionsMonitor<DataScopeOptions> options, ScopeTags tags, OdooScopes odooScopes, IHttpContextAccessor http)
{
    private string? _clientId;

    /// <summary>The client this unit of work runs for.</summary>
    public string ClientId => _clientId ?? throw new InvalidOperationException("No client was entered in this scope; data access without a client is refused.");

    /// <summary>Sets the client once; entering another one later is a bug, not a switch.</summary>
    public void Enter(string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        if (_clientId is not null && !string.Equals(_clientId, clientId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("This scope already runs for another client.");
        }

        _clientId = clientId;
    }

    /// <summary>How audit lines name the scope: <c>all</c>, <c>tag:&lt;name&gt;</c> or <c>none</c>; empty before a client is entered.</summary>
    public string Describe() => _clientId is null ? string.Empty : options.CurrentValue.For(_clientId)?.Describe() ?? "none";

    /// <summary>Refuses a client without a scope (403 <c>no_data_scope</c>); no Odoo call.</summary>
    public DataScopeOptions.ClientScope Require() =>
        options.CurrentValue.For(ClientId) ?? throw new ApiProblemException(
            StatusCodes.Status403Forbidden,
            ErrorCodes.NoDataScope,
            "No data scope",
            "This client has no data scope: an administrator must add its app id under DataScopes:Clients.");

    /// <summary>The scope as search conditions; 403 without one, 503 when its tag is missing in Odoo.</summary>
    public async ValueTask<ScopeFilter> GetAsync(CancellationToken cancellationToken)
    {
        var scope = Require();
        return scope.All ? ScopeFilter.All : new ScopeFilter(await tags.IdAsync(scope.CustomerTag!, cancellationToken));
    }

    /// <summary>
    /// Whether the record with this id is in the scope: no Odoo call for all data, else one search. Asked on
    /// every scoped read, never cached, so that a tag an Odoo administrator removes takes effect at once; for the
    /// same reason a read that asked it is never kept as a response snapshot.
    /// </summary>
    public async Task<bool> IncludesAsync(ScopedRecords records, long id, CancellationToken cancellationToken)
    {
        var filter = await GetAsync(cancellationToken);
        if (filter.TagId is not { } tagId)
        {
            return true;
        }

        http.HttpContext?.Features.Get<SnapshotCandidate>()?.Refuse();
        return await odooScopes.IncludesAsync(records, id, tagId, cancellationToken);
    }

    /// <summary>Whether the caller sees what was recorded for <paramref name="clientId"/>: all data sees every client's, a scoped client only its own.</summary>
    public bool SeesClient(string clientId) => Require().All || string.Equals(clientId, ClientId, StringComparison.Ordinal);
}
