using Microsoft.Kiota.Abstractions.Authentication;

namespace RetailGateway.GeneratedClients;

/// <summary>Kiota's way to set <c>Authorization</c>: a token provider; here one token obtained beforehand.</summary>
internal sealed class StaticToken(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(token);
}
