using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Operations;

/// <summary>
/// Who hears of a new exception (section <c>Operations:Webhooks</c>): each route names the teams' receiver,
/// the secret both sides hold, and the refusal reasons it owns (credit holds to finance, unknown SKUs to the
/// catalog team). A reason may go to several routes; <c>*</c> takes every reason.
/// </summary>
internal sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Operations:Webhooks";

    /// <summary>Routes by name; the name tags the metrics and the logs.</summary>
    public Dictionary<string, WebhookRoute> Routes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tries per delivery, the first included (default 6, at least 2); then the delivery is dead-lettered.</summary>
    [Range(2, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry (default 2 s); it doubles each time, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may take (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The routes a refusal reason goes to.</summary>
    public IEnumerable<KeyValuePair<string, WebhookRoute>> For(string reason) =>
        Routes.Where(route => route.Value.Reasons.Any(r => r == "*" || string.Equals(r, reason, StringComparison.Ordinal)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Checked here: the generated validator does not reach into a dictionary's values.
        foreach (var (name, route) in Routes)
        {
            if (route.Url is not { IsAbsoluteUri: true, Scheme: "https" or "http" })
            {
                yield return new ValidationResult($"{SectionName}:Routes:{name}:Url must be an absolute http(s) URL.", [nameof(Routes)]);
            }

            if (route.Secret is not { Length: >= 32 })
            {
                yield return new ValidationResult($"{SectionName}:Routes:{name}:Secret must be at least 32 characters.", [nameof(Routes)]);
            }

            if (route.Reasons.Count == 0 || route.Reasons.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult($"{SectionName}:Routes:{name}:Reasons must list the errorCodes it owns, or \"*\".", [nameof(Routes)]);
            }
        }
    }

    /// <summary>One receiver.</summary>
    internal sealed class WebhookRoute
    {
        public Uri? Url { get; set; }

        /// <summary>The HMAC-SHA256 key the receiver checks the signature with.</summary>
        public string? Secret { get; set; }

        /// <summary>The exceptions' <c>reason</c> values (errorCodes) this route owns; <c>*</c> for all.</summary>
        public List<string> Reasons { get; set; } = [];
    }
}

/// <summary>Checks <see cref="WebhookOptions"/> at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
