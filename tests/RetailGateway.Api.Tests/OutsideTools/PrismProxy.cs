using System.Net;
using System.Net.Sockets;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.OutsideTools;

/// <summary>
/// Stoplight Prism (<c>prism proxy --errors</c>) on loopback in front of the gateway, validating every
/// request and response against one OpenAPI document. With <c>--errors</c> a request that violates the
/// document is answered by Prism itself (422, or 401 for security) and not forwarded; a response that
/// violates it is replaced by a 500 problem; either way the violations are listed in the
/// <c>sl-violations</c> header and logged as <c>Violation: ...</c>.
/// </summary>
public sealed class PrismProxy : IDisposable
{
    /// <summary>The <c>type</c> of every problem Prism writes itself.</summary>
    public const string ProblemTypePrefix = "https://stoplight.io/prism/errors#";

    private readonly ToolServer _server;

    private PrismProxy(ToolServer server, Uri address)
    {
        _server = server;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What Prism logged: each violation as a <c>Violation: ...</c> line.</summary>
    public string Log => _server.Output;

    public IEnumerable<string> LoggedViolations =>
        Log.Split('\n').Where(line => line.Contains("Violation:", StringComparison.Ordinal) || line.Contains("Request terminated with error", StringComparison.Ordinal));

    /// <summary>
    /// The violations Prism logged, waiting up to <paramref name="timeout"/> for the first: Prism logs a
    /// refused exchange after it has answered it.
    /// </summary>
    public async Task<List<string>> LoggedViolationsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!LoggedViolations.Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return LoggedViolations.ToList();
    }

    public static async Task<PrismProxy> StartAsync(string document, Uri upstream)
    {
        var port = FreePort();
        var server = await ToolServer.StartAsync(
            "node",
            [
                Path.Combine(OutsideToolsGateway.NodeModules, "@stoplight", "prism-cli", "dist", "index.js"),
                "proxy", "--errors", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                document, upstream.ToString().TrimEnd('/'),
            ],
            OutsideToolsGateway.ToolsDirectory,
            readyWhen: "Prism is listening on",
            timeout: TimeSpan.FromSeconds(60));
        return new PrismProxy(server, new Uri($"http://127.0.0.1:{port}/"));
    }

    public void Dispose() => _server.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
