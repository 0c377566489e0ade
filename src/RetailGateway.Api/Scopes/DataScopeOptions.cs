using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Scopes;

/// <summary>
/// Which data each client may see (section <c>DataScopes</c>): all of it (the retailer's own Salesforce
/// orgs), or the customers carrying one Odoo customer tag, with their orders and invoices (a partner app).
/// </summary>
internal sealed class DataScopeOptions : IValidatableObject
{
    public const string SectionName = "DataScopes";

    /// <summary>What a client missing from <see cref="Clients"/> sees. Default: nothing, so a forgotten partner app is refused.</summary>
    public UnlistedClients UnlistedClients { get; set; } = UnlistedClients.None;

    /// <summary>Scopes by client id (the token's <c>azp</c>/<c>appid</c>).</summary>
    public Dictionary<string, ClientScope> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The client's scope; null when it has none (unlisted, and unlisted clients see nothing).</summary>
    public ClientScope? For(string clientId) =>
        Clients.TryGetValue(clientId, out var scope) ? scope : UnlistedClients == UnlistedClients.All ? ClientScope.Everything : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Checked here: the generated validator does not reach into a dictionary's values.
        foreach (var (clientId, scope) in Clients)
        {
            var hasTag = !string.IsNullOrWhiteSpace(scope.CustomerTag);
            if (scope.All == hasTag)
            {
                yield return new ValidationResult(
                    $"DataScopes:Clients:{clientId} must set exactly one of All (true) or CustomerTag (an Odoo customer tag's name).",
                    [nameof(Clients)]);
            }
        }
    }

    /// <summary>One client's scope: exactly one of <see cref="All"/> or <see cref="CustomerTag"/>.</summary>
    internal sealed class ClientScope
    {
        public static readonly ClientScope Everything = new() { All = true };

        /// <summary>Every customer, order and invoice.</summary>
        public bool All { get; set; }

        /// <summary>The name of the Odoo customer tag (Contacts › Configuration › Contact Tags) whose customers the client sees.</summary>
        public string? CustomerTag { get; set; }

        /// <summary>How audit lines name the scope.</summary>
        public string Describe() => All ? "all" : $"tag:{CustomerTag}";
    }
}

internal enum UnlistedClients
{
    /// <summary>A client missing from the list is refused (403 <c>no_data_scope</c>).</summary>
    None,

    /// <summary>A client missing from the list sees all data.</summary>
    All,
}

/// <summary>Checks <see cref="DataScopeOptions"/> at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class DataScopeOptionsValidator : IValidateOptions<DataScopeOptions>;
