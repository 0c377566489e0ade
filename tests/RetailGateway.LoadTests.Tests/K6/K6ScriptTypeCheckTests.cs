namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>
/// k6 cannot be installed on the build machines, so a wrong k6 call or a Node API in a load test
/// script is caught by type-checking the scripts against @types/k6 instead.
/// </summary>
public sealed class K6ScriptTypeCheckTests
{
    public static string[] Scenarios => K6Engine.Scenarios;

    [Fact]
    public void EveryScenario_IsThereWithAHandleSummary()
    {
        foreach (var scenario in Scenarios)
        {
            var script = File.ReadAllText(Path.Combine(LoadTestsFolder.Path, "k6", scenario));
            Assert.Contains("export const options", script, StringComparison.Ordinal);
            Assert.Contains("export function handleSummary", script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scripts_TypeCheckAgainstK6Types()
    {
        var (exitCode, output) = TypeScriptChecker.Check(LoadTestsFolder.Path);

        Assert.True(exitCode == 0, $"tsc -p loadtests failed ({exitCode}):\n{output}");
    }

    [Theory]
    [InlineData("peak-mix.js", "preAllocatedVUs: target + 5,", "preAlocatedVUs: target + 5,", "TS2561")]
    [InlineData("retry-storm.js", "exec.scenario.iterationInTest % CALLERS.length", "exec.scenario.iteration % CALLERS.length", "TS2339")]
    [InlineData("lib/api.js", "params(token, KIND.stockBatch, options));", "{ Authorization: `Bearer ${token}` });", "TS2353")]
    [InlineData("soak.js", "import http from \"k6/http\";", "import http from \"k6/http\";\nimport { readFileSync } from \"fs\";", "TS2307")]
    [InlineData("spike.js", "const FACTOR = Number(__ENV.SPIKE_FACTOR || 5);", "const FACTOR = Number(process.env.SPIKE_FACTOR || 5);", "TS2591")]
    [InlineData("intake-burst.js", "responseCallback: http.expectedStatuses(202),", "responseCallback: http.expectStatuses(202),", "TS2551")]
    public void TypeCheck_OfAScriptWithAWrongK6CallOrANodeApi_Fails(string script, string original, string broken, string expectedError)
    {
        var copy = Directory.CreateTempSubdirectory("k6-typecheck-");
        try
        {
            CopyProject(copy.FullName);
            var path = Path.Combine(copy.FullName, "k6", script);
            var source = File.ReadAllText(path);
            Assert.Contains(original, source, StringComparison.Ordinal);
            File.WriteAllText(path, source.Replace(original, broken, StringComparison.Ordinal));

            var (exitCode, output) = TypeScriptChecker.Check(copy.FullName);

            Assert.NotEqual(0, exitCode);
            Assert.Contains($"k6/{script}(", output, StringComparison.Ordinal);
            Assert.Contains($"error {expectedError}", output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    /// <summary>The scripts and the checker settings, with the installed packages linked rather than copied.</summary>
    private static void CopyProject(string destination)
    {
        foreach (var file in new[] { "tsconfig.json", "k6-runtime.d.ts" })
        {
            File.Copy(Path.Combine(LoadTestsFolder.Path, file), Path.Combine(destination, file));
        }

        var scripts = Path.Combine(LoadTestsFolder.Path, "k6");
        foreach (var file in Directory.EnumerateFiles(scripts, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, "k6", Path.GetRelativePath(scripts, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.CreateSymbolicLink(Path.Combine(destination, "node_modules"), LoadTestsFolder.NodeModules);
    }
}
