using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Transports;

/// <summary>
/// One Odoo wire protocol. Each method is one primitive call encoded exactly as Odoo expects it; its result is
/// read once, from the answer's bytes, by the <see cref="OdooResultReader{T}"/> the caller passes. Context
/// arguments are already merged with company scoping and owned by the transport (it may attach them to its request).
/// </summary>
internal interface IOdooTransport
{
    OdooProtocol Protocol { get; }

    /// <summary>The server's version as this protocol reports it.</summary>
    Task<OdooServer> GetServerAsync(OdooOptions options, CancellationToken cancellationToken);

    Task<T> SearchReadAsync<T>(OdooOptions options, OdooQuery query, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken);

    Task<T> ReadAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, IReadOnlyList<string> fields, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken);

    Task<T> WebReadAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken);

    Task<T> WebSearchReadAsync<T>(OdooOptions options, OdooQuery query, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken);

    /// <summary>Writes to <paramref name="ids"/> (creates one record when empty), then reads them back as <paramref name="specification"/> asks.</summary>
    Task<T> WebSaveAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken);

    /// <summary><c>onchange</c> of a new record from <paramref name="values"/> (no field named: Odoo fills in defaults and computes all), answering the fields of <paramref name="fieldsSpecification"/>; writes nothing.</summary>
    Task<T> OnchangeAsync<T>(OdooOptions options, string model, JsonObject values, JsonObject fieldsSpecification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken);

    /// <summary>Creates one record and returns its id (JSON-RPC answers an id, JSON-2 a list of ids).</summary>
    Task<long> CreateAsync(OdooOptions options, string model, JsonObject values, JsonObject? context, CancellationToken cancellationToken);

    Task WriteAsync(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject? context, CancellationToken cancellationToken);

    Task<JsonElement> CallMethodAsync(OdooOptions options, string model, string method, IReadOnlyList<long> ids, JsonObject? context, CancellationToken cancellationToken);

    /// <summary><c>fields_get</c> limited to <paramref name="fields"/>, asking only for each field's type; returns the names that exist.</summary>
    Task<IReadOnlySet<string>> FieldsGetAsync(OdooOptions options, string model, IReadOnlyList<string> fields, JsonObject? context, CancellationToken cancellationToken);
}
