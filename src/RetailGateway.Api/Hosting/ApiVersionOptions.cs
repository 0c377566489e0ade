namespace RetailGateway.Api.Hosting;

/// <summary>
/// Deprecations of API versions (section <c>ApiVersions</c>): responses of a deprecated version carry
/// <c>Deprecation</c>, <c>Sunset</c> and <c>Link</c> headers, and its OpenAPI document says so.
/// </summary>
internal sealed class ApiVersionOptions
{
    public const string SectionName = "ApiVersions";

    public List<Deprecation> Deprecations { get; set; } = [];

    internal sealed class Deprecation
    {
        /// <summary>The version, e.g. <c>1.0</c>.</summary>
        public string Version { get; set; } = string.Empty;

        /// <summary>Since when the version is deprecated.</summary>
        public DateTimeOffset DeprecatedOn { get; set; }

        /// <summary>When the version stops being served.</summary>
        public DateTimeOffset? SunsetOn { get; set; }

        /// <summary>
        /// Where callers read how to move on (sent in <c>Link</c> with <c>rel="deprecation"</c> and <c>rel="sunset"</c>):
        /// a URL served in Production, e.g. the successor's OpenAPI document <c>swagger/v2/swagger.json</c> (relative
        /// to the gateway's root) or a page of the partner portal. None: no <c>Link</c> header.
        /// </summary>
        public Uri? Link { get; set; }
    }
}
