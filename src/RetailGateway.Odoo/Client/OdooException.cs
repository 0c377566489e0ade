namespace RetailGateway.Odoo.Client;

/// <summary>
/// Every failure of an Odoo call, classified once. The message is Odoo's user-facing message
/// (never its traceback) or a description of the transport failure.
/// </summary>
public sealed class OdooException : Exception
{
    public OdooException(OdooFailure failure, string message, string? odooErrorName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        OdooErrorName = odooErrorName;
    }

    public OdooException()
        : this(OdooFailure.Unavailable, "Odoo call failed.")
    {
    }

    public OdooException(string message)
        : this(OdooFailure.Unavailable, message)
    {
    }

    public OdooException(string message, Exception innerException)
        : this(OdooFailure.Unavailable, message, null, innerException)
    {
    }

    public OdooFailure Failure { get; }

    /// <summary>Odoo's exception name (e.g. <c>odoo.exceptions.ValidationError</c>) when Odoo answered with one.</summary>
    public string? OdooErrorName { get; }

    /// <summary>How long Odoo (or the proxy in front of it) asked us to wait, from its <c>Retry-After</c> header.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>What went wrong with an Odoo call, as far as the gateway's caller is concerned.</summary>
public enum OdooFailure
{
    /// <summary>A business rule refused the request (<c>ValidationError</c>, <c>UserError</c>): the caller can fix it.</summary>
    BusinessRule,

    /// <summary>The record does not exist (<c>MissingError</c>, JSON-2 404 on a record).</summary>
    NotFound,

    /// <summary>Odoo refused the gateway's own credentials (<c>AccessDenied</c>, JSON-2 401, login returned false).</summary>
    Authentication,

    /// <summary>The gateway's Odoo user lacks a right (<c>AccessError</c>, JSON-2 403).</summary>
    Authorization,

    /// <summary>Odoo did not understand the call (unknown model, method or field: <c>ValueError</c>, JSON-2 404/500 on a name).</summary>
    ProtocolMismatch,

    /// <summary>Odoo is down, overloaded, restarting a worker, or answered with something that is not its JSON.</summary>
    Unavailable,

    /// <summary>Odoo did not answer in time.</summary>
    Timeout,
}
