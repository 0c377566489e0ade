using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Changes;

/// <summary>Change feed settings (section <c>ChangeFeed</c>).</summary>
internal sealed class ChangeFeedOptions
{
    public const string SectionName = "ChangeFeed";

    /// <summary>
    /// How long a second of Odoo's <c>write_date</c> stays open before the feed hands it out. Odoo
    /// stamps a write with its transaction's start time and the row becomes visible only at commit,
    /// and the gateway's clock may differ from Odoo's: a second is final only once every transaction
    /// that could still land in it has committed. Cover the longest Odoo write transaction plus the
    /// clock skew. Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SettleWindow { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks <see cref="ChangeFeedOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class ChangeFeedOptionsValidator : IValidateOptions<ChangeFeedOptions>;
