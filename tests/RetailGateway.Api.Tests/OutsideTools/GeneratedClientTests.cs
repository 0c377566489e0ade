using System.Text.Json;
using System.Text.RegularExpressions;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.OutsideTools;

/// <summary>
/// The C# clients partners generate from <c>openapi.yaml</c> — NSwag (npm <c>nswag</c>,
/// <c>openapi2csclient /runtime:Net100</c>, default settings) and Kiota (the dotnet tool pinned in
/// <c>.config/dotnet-tools.json</c>) — generated now, compiled unedited into the driver in
/// <c>tests/OutsideTools/GeneratedClients</c>, and run against the gateway on Kestrel.
/// </summary>
[Collection(OutsideToolsGroup.Name)]
public sealed partial class GeneratedClientTests(OutsideToolsGateway gateway)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>dotnet test</c> hands its own MSBuild to the test host through these; a nested build must
    /// find the SDK's own, as a partner's shell does.
    /// </summary>
    private static readonly Dictionary<string, string?> PlainDotnet = new()
    {
        ["MSBuildSDKsPath"] = null,
        ["MSBuildExtensionsPath"] = null,
        ["MSBUILD_EXE_PATH"] = null,
        ["MSBuildLoadMicrosoftTargetsReadOnly"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static string Driver => Path.Combine(OutsideToolsGateway.ToolsDirectory, "GeneratedClients");

    [Fact]
    public void NSwagAndKiotaClients_DriveEveryV2Operation_AsThePartnerExpects()
    {
        var document = Path.Combine(ToolProcess.RepositoryRoot, "openapi.yaml");
        var generated = Path.Combine(Driver, "obj", "generated");
        if (Directory.Exists(generated))
        {
            Directory.Delete(generated, recursive: true);
        }

        Tool("NSwag", "node",
            [Path.Combine(OutsideToolsGateway.NodeModules, "nswag", "bin", "nswag.js"), "openapi2csclient", "/runtime:Net100", $"/input:{document}",
             $"/output:{Path.Combine(generated, "NSwag", "RetailGatewayClient.cs")}", "/namespace:RetailGateway.Partners.NSwag", "/className:RetailGatewayClient"],
            OutsideToolsGateway.ToolsDirectory);
        Tool("dotnet tool restore", "dotnet", ["tool", "restore"], ToolProcess.RepositoryRoot);
        var kiota = Tool("Kiota", "dotnet",
            ["kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", Path.Combine(generated, "Kiota"),
             "--namespace-name", "RetailGateway.Partners.Kiota", "--class-name", "RetailGatewayClient"],
            ToolProcess.RepositoryRoot);
        Tool("dotnet build of the driver", "dotnet", ["build", Driver, "--configuration", "Release", "--disable-build-servers", "--nologo", "--verbosity", "quiet"], Driver);

        var run = ToolProcess.Run("dotnet", [Path.Combine(Driver, "bin", "Release", "net10.0", "RetailGateway.GeneratedClients.dll"), gateway.BaseAddress.ToString()],
            Driver, ToolTimeout, new Dictionary<string, string?> { ["RETAILGATEWAY_TOKEN"] = GatewayFixture.Token(OutsideToolsGateway.AllPermissions) });

        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<DriverLine>(line, JsonSerializerOptions.Web)!).ToList();
        var report = string.Join('\n', lines.Select(line => $"{(line.Ok ? "ok " : "BAD")} {line.Client} {line.Operation}: {line.Check}{(line.Detail is null ? "" : " — " + line.Detail)}"))
            + $"\n{run.StandardError}\nKiota said:\n{string.Join('\n', KiotaWarnings(kiota.Output))}";
        Assert.True(run.ExitCode == 0 && lines.All(line => line.Ok), $"A generated client did not do what a partner expects (exit {run.ExitCode}):\n{report}");
        foreach (var client in new[] { "NSwag", "Kiota" })
        {
            Assert.Equal(OperationIds(document).Order(), lines.Where(line => line.Client == client).Select(line => line.Operation).Distinct().Order());
            Assert.Contains(lines, line => line.Client == client && line.Check.Contains("typed 422 problem", StringComparison.Ordinal));
        }
    }

    private static ToolResult Tool(string what, string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var result = ToolProcess.Run(fileName, arguments, workingDirectory, ToolTimeout, PlainDotnet);
        Assert.True(result.ExitCode == 0, $"{what} failed ({result.ExitCode}):\n{result.Output}");
        return result;
    }

    private static IEnumerable<string> KiotaWarnings(string output) =>
        output.Split('\n').Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase) || line.Contains("No server url", StringComparison.Ordinal)).Select(line => line.Trim());

    private static IEnumerable<string> OperationIds(string document) =>
        OperationId().Matches(File.ReadAllText(document)).Select(match => match.Groups[1].Value).Distinct();

    [GeneratedRegex(@"^\s+operationId: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex OperationId();

    private sealed record DriverLine(string Client, string Operation, string Check, bool Ok, string? Detail);
}
