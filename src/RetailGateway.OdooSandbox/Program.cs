namespace RetailGateway.OdooSandbox;

/// <summary>
/// Runs the sandbox standalone on http://127.0.0.1:8069 (override with --urls, configure with
/// Sandbox__Version etc.). Kept out of the global namespace so hosts that embed the sandbox keep
/// their own <c>Program</c>.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // Odoo's own port, on loopback only.
            builder.WebHost.UseUrls("http://127.0.0.1:8069");
        }

        await using var server = OdooSandboxServer.Create(builder, options, TimeProvider.System);
        await server.RunAsync();
    }
}
