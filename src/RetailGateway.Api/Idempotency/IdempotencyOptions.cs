using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Idempotency;

/// <summary>Idempotency-Key handling (section <c>Idempotency</c>).</summary>
internal sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a completed response is kept for replay. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a claim of a key stays in flight if its request never finishes (a crashed instance). Default 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Checks <see cref="IdempotencyOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>;
