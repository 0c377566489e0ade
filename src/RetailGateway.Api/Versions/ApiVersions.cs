namespace RetailGateway.Api.Versions;

/// <summary>The API versions the gateway serves, by major version.</summary>
internal static class ApiVersions
{
    public static IReadOnlyList<IApiVersionMapping> All { get; } = [V1Mapping.Instance, V2Mapping.Instance];

    /// <summary>The mapping of a stored major version (a queued order's, a recorded exception's).</summary>
    public static IApiVersionMapping For(int majorVersion) =>
        All.FirstOrDefault(v => v.MajorVersion == majorVersion)
        ?? throw new InvalidDataException($"No API version {majorVersion}; the gateway serves {string.Join(", ", All.Select(v => v.MajorVersion))}.");
}
