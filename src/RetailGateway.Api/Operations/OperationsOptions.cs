using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Operations;

/// <summary>Settings of the exception work queue (section <c>Operations</c>).</summary>
internal sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>
    /// How long a closed (replayed or resolved) exception stays in the queue after it was closed
    /// (default 30 days): long enough to look back on, short enough that the queue does not grow for
    /// ever. Open exceptions never expire: they wait for an operator.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan ClosedRetention { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Checks <see cref="OperationsOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class OperationsOptionsValidator : IValidateOptions<OperationsOptions>;
