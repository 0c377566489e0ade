using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RetailGateway.Api.Requests;

namespace RetailGateway.Api.RateLimiting;

/// <summary>
/// Per-client token buckets (section <c>RateLimits</c>), one for reads and one for writes, with
/// per-client overrides: a production Salesforce org gets more than a sandbox org.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Budget of reads (GET) per client. Default: bursts of 600, 20 a second sustained.</summary>
    [Required]
    [ValidateObjectMembers]
    public Budget Read { get; set; } = new() { TokenLimit = 600, TokensPerPeriod = 20, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Budget of writes per client. Default: bursts of 120, 5 a second sustained.</summary>
    [Required]
    [ValidateObjectMembers]
    public Budget Write { get; set; } = new() { TokenLimit = 120, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Overrides by client id (the token's <c>azp</c>/<c>appid</c>); a missing budget falls back to the default.</summary>
    public Dictionary<string, ClientBudgets> Clients { get; set; } = new(StringComparer.Ordinal);

    public Budget For(string clientId, RequestKind kind)
    {
        Clients.TryGetValue(clientId, out var overrides);
        return kind == RequestKind.Write ? overrides?.Write ?? Write : overrides?.Read ?? Read;
    }

    /// <summary>One token bucket.</summary>
    internal sealed class Budget
    {
        /// <summary>Most requests a client can make in a burst.</summary>
        [Range(1, int.MaxValue)]
        public int TokenLimit { get; set; }

        /// <summary>Tokens added every <see cref="ReplenishmentPeriod"/>.</summary>
        [Range(1, int.MaxValue)]
        public int TokensPerPeriod { get; set; }

        [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
        public TimeSpan ReplenishmentPeriod { get; set; }

        /// <summary>Seconds to refill an empty bucket: the window of the <c>RateLimit-Policy</c> header.</summary>
        public int WindowSeconds => (int)Math.Ceiling(TokenLimit / (double)TokensPerPeriod * ReplenishmentPeriod.TotalSeconds);
    }

    internal sealed class ClientBudgets
    {
        public Budget? Read { get; set; }

        public Budget? Write { get; set; }
    }
}

/// <summary>Checks <see cref="RateLimitOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;

/// <summary>Checks one budget's annotations: those of the per-client overrides, which a dictionary keeps out of reach of the generated options validator.</summary>
[OptionsValidator]
internal sealed partial class RateLimitBudgetValidator : IValidateOptions<RateLimitOptions.Budget>;
