namespace RetailGateway.Crash;

/// <summary>
/// The crash and restart run (see loadtests/crash/run.sh): real processes killed and restarted under order load,
/// then every Salesforce order counted in Odoo. Exit code 0 when nothing was lost, doubled, slow or a 500.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = CrashOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(CrashOptions.Usage);
            return 2;
        }

        var report = await CrashRun.RunAsync(options, Console.Out);
        return report.Passed ? 0 : 1;
    }
}
