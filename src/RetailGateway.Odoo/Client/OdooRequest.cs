namespace RetailGateway.Odoo.Client;

/// <summary>Markers the client puts on every <see cref="HttpRequestMessage"/> it sends to Odoo.</summary>
public static class OdooRequest
{
    /// <summary>
    /// Whether repeating the request cannot change Odoo's data twice. Every Odoo call is a POST, so a
    /// retry policy cannot tell reads from writes by HTTP method; it reads this instead. Reads
    /// (<c>search_read</c>, <c>read</c>, <c>fields_get</c>, the version probe, the login) are safe;
    /// <c>create</c>, <c>write</c> and record methods are not.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> IsSafeToRetry = new("RetailGateway.Odoo.IsSafeToRetry");

    /// <summary>
    /// Whether the request may use the capacity reserved for writes: it is a write itself, or a call
    /// made while serving one (<see cref="OdooWorkload.IsWrite"/>). Reads that serve reads may not.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> ServesWrite = new("RetailGateway.Odoo.ServesWrite");

    /// <summary>When the answer of the API request this call serves is due (<see cref="OdooWorkload.Deadline"/>); absent outside a request.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> Deadline = new("RetailGateway.Odoo.Deadline");
}
