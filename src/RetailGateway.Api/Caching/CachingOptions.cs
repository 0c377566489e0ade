using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Caching;

/// <summary>How long reads are served from cache (section <c>Caching</c>). Writes through the gateway invalidate what they change.</summary>
internal sealed class CachingOptions
{
    public const string SectionName = "Caching";

    /// <summary>Stock changes with every order anywhere: a few seconds. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StockTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Orders change as Odoo ships and invoices them. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan OrderTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CustomerTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan InvoiceTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A product by SKU. Products change in Odoo, not through the gateway: the product change feed forgets the products it
    /// hands out, and this bounds how long any other change goes unseen. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ProductTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How old a last known copy may be (counted from its load from Odoo) and still answer a read while Odoo is
    /// unavailable, marked stale. Longer than every TTL, so that each kind has a window once its entry expired.
    /// Default 10 minutes; zero turns stale reads off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Checks <see cref="CachingOptions"/>'s annotations at start-up (generated; see <see cref="Hosting.ValidatedOptions"/>).</summary>
[OptionsValidator]
internal sealed partial class CachingOptionsValidator : IValidateOptions<CachingOptions>;
