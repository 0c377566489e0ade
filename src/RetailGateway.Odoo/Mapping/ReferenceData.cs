using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>
/// Countries, states and warehouses of one Odoo database: small, rarely changing lists that turn
/// canonical codes (<c>US</c>, <c>IL</c>, <c>WH</c>) into Odoo ids and back.
/// </summary>
public sealed class ReferenceData
{
    private readonly Dictionary<long, string> _countryCodeById;
    private readonly Dictionary<string, long> _countryIdByCode;
    private readonly Dictionary<long, CountryStateRecord> _stateById;
    private readonly Dictionary<(long CountryId, string Code), long> _stateIdByCode;
    private readonly Dictionary<string, long> _warehouseIdByCode;
    private readonly Dictionary<long, string> _warehouseCodeById;

    public ReferenceData(IEnumerable<CountryRecord> countries, IEnumerable<CountryStateRecord> states, IEnumerable<WarehouseRecord> warehouses)
    {
        var knownCountries = countries.Where(c => c.Code is not null).ToList();
        _countryCodeById = knownCountries.ToDictionary(c => c.Id, c => c.Code!.ToUpperInvariant());
        _countryIdByCode = knownCountries.GroupBy(c => c.Code!.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.OrdinalIgnoreCase);

        var knownStates = states.Where(s => s.Code is not null && s.CountryId is not null).ToList();
        _stateById = knownStates.ToDictionary(s => s.Id);
        _stateIdByCode = knownStates
            .GroupBy(s => (s.CountryId!.Id, s.Code!.ToUpperInvariant()))
            .ToDictionary(g => g.Key, g => g.Min(s => s.Id));

        var knownWarehouses = warehouses.Where(w => w.Code is not null).ToList();
        _warehouseIdByCode = knownWarehouses.GroupBy(w => w.Code!).ToDictionary(g => g.Key, g => g.Min(w => w.Id), StringComparer.OrdinalIgnoreCase);
        _warehouseCodeById = knownWarehouses.ToDictionary(w => w.Id, w => w.Code!);
    }

    public string? CountryCode(OdooRef? country) => country is not null && _countryCodeById.TryGetValue(country.Id, out var code) ? code : null;

    public long? CountryId(string countryCode) => _countryIdByCode.TryGetValue(countryCode, out var id) ? id : null;

    public string? StateCode(OdooRef? state) => state is not null && _stateById.TryGetValue(state.Id, out var record) ? record.Code : null;

    public long? StateId(long countryId, string stateCode) =>
        _stateIdByCode.TryGetValue((countryId, stateCode.ToUpperInvariant()), out var id) ? id : null;

    public long? WarehouseId(string warehouseCode) => _warehouseIdByCode.TryGetValue(warehouseCode, out var id) ? id : null;

    public string? WarehouseCode(long warehouseId) => _warehouseCodeById.GetValueOrDefault(warehouseId);

    public IReadOnlyCollection<string> WarehouseCodes => _warehouseIdByCode.Keys;
}
