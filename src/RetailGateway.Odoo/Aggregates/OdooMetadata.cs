using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Aggregates;

/// <summary>
/// What the gateway learns about the Odoo database once and reuses: countries, states and
/// warehouses (codes to ids), and which optional fields exist. Refreshed after <see cref="Lifetime"/>.
/// </summary>
public sealed class OdooMetadata(IOdooClient odoo, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<ReferenceData> GetReferenceDataAsync(CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(cancellationToken)).ReferenceData;

    /// <summary>True when <c>stock.picking</c> has <c>carrier_tracking_ref</c> (the delivery module is installed).</summary>
    public async Task<bool> HasTrackingReferenceAsync(CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(cancellationToken)).HasTrackingReference;

    /// <summary>
    /// Whether Odoo answers a one-record read with the gateway's credentials, bypassing what is kept: the
    /// version probe (and login) and one warehouse code. Throws <see cref="OdooException"/> when it does not.
    /// </summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await odoo.GetServerAsync(cancellationToken);
        await odoo.SearchReadAsync(new OdooQuery(StockMapping.WarehouseModel, new JsonArray(), ["code"], 1), OdooWireContext.Default.WarehouseRecord, cancellationToken);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var current = _snapshot;
        if (current is not null && time.GetUtcNow() < current.ExpiresAt)
        {
            return current;
        }

        // One load at a time: N concurrent first requests make one set of Odoo calls.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && time.GetUtcNow() < current.ExpiresAt)
            {
                return current;
            }

            current = await LoadAsync(cancellationToken);
            _snapshot = current;
            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var countries = odoo.SearchReadAsync(new OdooQuery("res.country", [], CountryRecord.Fields, 1000), OdooWireContext.Default.CountryRecord, cancellationToken);
        var states = odoo.SearchReadAsync(new OdooQuery("res.country.state", [], CountryStateRecord.Fields, 10000), OdooWireContext.Default.CountryStateRecord, cancellationToken);
        var warehouses = odoo.SearchReadAsync(new OdooQuery(StockMapping.WarehouseModel, new JsonArray(), WarehouseRecord.Fields, 500), OdooWireContext.Default.WarehouseRecord, cancellationToken);
        var pickingFields = odoo.GetExistingFieldsAsync(OrderMapping.PickingModel, [PickingRecord.TrackingField], cancellationToken);
        await Task.WhenAll(countries, states, warehouses, pickingFields);

        var referenceData = new ReferenceData(await countries, await states, await warehouses);
        return new Snapshot(referenceData, (await pickingFields).Contains(PickingRecord.TrackingField), time.GetUtcNow() + Lifetime);
    }

    private sealed record Snapshot(ReferenceData ReferenceData, bool HasTrackingReference, DateTimeOffset ExpiresAt);
}
