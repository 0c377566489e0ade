using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Odoo;

/// <summary>How the gateway reaches Odoo. Bound from the <c>Odoo</c> configuration section.</summary>
public sealed class OdooOptions
{
    public const string SectionName = "Odoo";

    /// <summary>Base address of the Odoo server, e.g. <c>https://erp.example.com/</c>.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Database name. JSON-RPC needs it; JSON-2 sends it as <c>X-Odoo-Database</c> when set.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>Login of the API user (JSON-RPC authenticates with it; JSON-2 needs only the key).</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>API key of the API user. Read on every call, so a rotated key needs no restart.</summary>
    [Required]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary><c>Auto</c> (default) probes <c>GET /web/version</c>: 19+ speaks JSON-2, older JSON-RPC.</summary>
    public OdooProtocol Protocol { get; set; } = OdooProtocol.Auto;

    /// <summary>On multi-company databases, the company every call is scoped to (<c>allowed_company_ids</c>).</summary>
    public int? CompanyId { get; set; }
}

/// <summary>The wire protocol used to reach Odoo.</summary>
public enum OdooProtocol
{
    Auto,
    JsonRpc,
    Json2,
}

/// <summary>
/// Checks <see cref="OdooOptions"/>'s annotations at start-up. Generated rather than <c>ValidateDataAnnotations</c>:
/// DataAnnotations shares one <c>RangeAttribute</c> per property across the process, and its lazy
/// conversion of <c>TimeSpan</c> bounds is not thread-safe (dotnet/runtime#1143).
/// </summary>
[OptionsValidator]
internal sealed partial class OdooOptionsValidator : IValidateOptions<OdooOptions>;
