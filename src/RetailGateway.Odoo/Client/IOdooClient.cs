using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace RetailGateway.Odoo.Client;

/// <summary>
/// The one way the gateway talks to Odoo. Every method is one Odoo call (plus, once per process or
/// key change, the version probe and, over JSON-RPC, the login). Reads are marked safe to retry;
/// creates, writes and actions are not. Reads deserialize each answer once, from its bytes, into the caller's
/// source-generated records; a result that does not fit them is an <see cref="OdooFailure.ProtocolMismatch"/>.
/// </summary>
public interface IOdooClient
{
    /// <summary>Version, protocol and field-name dialect of the server (probed once, then cached).</summary>
    ValueTask<OdooServer> GetServerAsync(CancellationToken cancellationToken);

    /// <summary><c>search_read</c>: records matching <paramref name="query"/>, with explicit fields and limit, read as <paramref name="record"/> describes.</summary>
    Task<IReadOnlyList<T>> SearchReadAsync<T>(OdooQuery query, JsonTypeInfo<T> record, CancellationToken cancellationToken);

    /// <summary><c>read</c>: the records that still exist among <paramref name="ids"/> (missing ids are simply absent).</summary>
    Task<IReadOnlyList<T>> ReadAsync<T>(string model, IReadOnlyList<long> ids, IReadOnlyList<string> fields, JsonTypeInfo<T> record, CancellationToken cancellationToken);

    /// <summary>
    /// <c>web_read</c> (Odoo 17 and newer): the records that exist among <paramref name="ids"/>, with the fields
    /// and nested records of <paramref name="specification"/>. Many2one values come as objects, x2many as lists of objects.
    /// </summary>
    Task<IReadOnlyList<T>> WebReadAsync<T>(string model, IReadOnlyList<long> ids, JsonObject specification, JsonTypeInfo<T> record, CancellationToken cancellationToken);

    /// <summary><c>web_search_read</c> (Odoo 17 and newer): the records of <paramref name="query"/> (its fields unused) shaped by <paramref name="specification"/>.</summary>
    Task<IReadOnlyList<T>> WebSearchReadAsync<T>(OdooQuery query, JsonObject specification, JsonTypeInfo<T> record, CancellationToken cancellationToken);

    /// <summary>
    /// <c>web_save</c> (Odoo 17 and newer): writes <paramref name="values"/> to the records in <paramref name="ids"/>, or creates one
    /// record from them when <paramref name="ids"/> is empty, then answers as <see cref="WebReadAsync"/> with <paramref name="specification"/>.
    /// </summary>
    Task<IReadOnlyList<T>> WebSaveAsync<T>(string model, IReadOnlyList<long> ids, JsonObject values, JsonObject specification, JsonTypeInfo<T> record, CancellationToken cancellationToken);

    /// <summary>
    /// <c>onchange</c> (Odoo 17 and newer) of a new record made from <paramref name="values"/>, as a form does before anything is saved:
    /// Odoo fills in the defaults and computes every field of <paramref name="fieldsSpecification"/> (a <c>web_read</c> specification),
    /// answering them with x2many values as commands. Writes nothing, so it is safe to retry.
    /// </summary>
    Task<T> OnchangeAsync<T>(string model, JsonObject values, JsonObject fieldsSpecification, JsonTypeInfo<T> record, CancellationToken cancellationToken);

    /// <summary><c>create</c> of one record; returns its id.</summary>
    Task<long> CreateAsync(string model, JsonObject values, JsonObject? context, CancellationToken cancellationToken);

    /// <summary><c>write</c> of the same values to every record in <paramref name="ids"/>.</summary>
    Task WriteAsync(string model, IReadOnlyList<long> ids, JsonObject values, CancellationToken cancellationToken);

    /// <summary>A public record method such as <c>action_confirm</c>; returns Odoo's result as it came.</summary>
    Task<JsonElement> CallMethodAsync(string model, string method, IReadOnlyList<long> ids, JsonObject? context, CancellationToken cancellationToken);

    /// <summary><c>fields_get</c> restricted to <paramref name="fields"/>: the subset that exists on this server.</summary>
    Task<IReadOnlySet<string>> GetExistingFieldsAsync(string model, IReadOnlyList<string> fields, CancellationToken cancellationToken);
}

/// <summary>A <c>search_read</c>. Odoo always gets explicit fields and a limit.</summary>
/// <param name="Model">Odoo model, e.g. <c>res.partner</c>.</param>
/// <param name="Domain">Odoo domain (a JSON array of conditions and operators).</param>
/// <param name="Fields">Fields to return; never empty.</param>
/// <param name="Limit">Maximum number of records.</param>
public sealed record OdooQuery(string Model, JsonArray Domain, IReadOnlyList<string> Fields, int Limit)
{
    /// <summary>Odoo <c>order</c> clause, e.g. <c>write_date asc, id asc</c>.</summary>
    public string? Order { get; init; }

    /// <summary>Extra context keys (e.g. warehouse scoping). The client adds company scoping itself.</summary>
    public JsonObject? Context { get; init; }
}

/// <summary>What the gateway knows about the Odoo server it talks to.</summary>
/// <param name="Version">Server version text, e.g. <c>17.0</c>.</param>
/// <param name="MajorVersion">Major version number, e.g. 17.</param>
/// <param name="Protocol">The protocol in use (never <see cref="OdooProtocol.Auto"/>).</param>
public sealed record OdooServer(string Version, int MajorVersion, OdooProtocol Protocol)
{
    /// <summary>Field and context names that differ between Odoo versions.</summary>
    public OdooDialect Dialect { get; } = OdooDialect.ForVersion(MajorVersion);
}
