namespace RetailGateway.OdooSandbox;

/// <summary>How the sandbox plays Odoo (configuration section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>17 plays Odoo 17 (JSON-RPC only, 17 field names); 19 plays Odoo 19 (JSON-2 and legacy JSON-RPC, 19 field names).</summary>
    public int Version { get; set; } = 17;

    /// <summary>The database name callers must use.</summary>
    public string Database { get; set; } = "retail";

    /// <summary>The login of the API user (uid 2).</summary>
    public string Username { get; set; } = "admin";

    /// <summary>The API key accepted as password (JSON-RPC) or bearer token (JSON-2).</summary>
    public string ApiKey { get; set; } = "sandbox-api-key";

    /// <summary>Added to every Odoo call, to stand in for a real server's ~100 ms.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Whether the delivery module is installed: <c>stock.picking.carrier_tracking_ref</c> exists only then.</summary>
    public bool DeliveryModule { get; set; } = true;

    /// <summary>
    /// Partners put on credit hold at start (<see cref="SandboxData.HoldCredit"/>), e.g. <c>Sandbox__CreditHolds__0=4</c>
    /// for the seeded Deco Addict: their orders are created but refused confirmation. None by default.
    /// </summary>
    public List<int> CreditHolds { get; set; } = [];

    /// <summary>
    /// Where the sandbox keeps its database across restarts, as Odoo keeps its Postgres: loaded at start when the file
    /// exists (in place of the seed), written when the sandbox stops. None by default: everything lives in memory.
    /// </summary>
    public string? DataFile { get; set; }

    /// <summary>
    /// Whether Sales › Settings › Pricelists is on (<c>product.group_product_pricelist</c>; <see cref="SandboxData.EnablePricelists"/>).
    /// Only Odoo 19 plays it: off by default there, as on the recorded server, so quotations get no pricelist; 17 applies pricelists always.
    /// </summary>
    public bool Pricelists { get; set; }

    /// <summary>Whether the main company verifies VAT numbers from the start (<see cref="SandboxData.VerifyVat"/>). Off by default.</summary>
    public bool VerifyVat { get; set; }
}
