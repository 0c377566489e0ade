using RetailGateway.OdooSandbox;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// The embedded default: in Development with no <c>Odoo:Url</c>, the gateway starts the Odoo
/// sandbox in-process on a loopback port and talks to it like to any Odoo.
/// </summary>
internal static class SandboxSetup
{
    public static WebApplicationBuilder AddEmbeddedOdooSandbox(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["Odoo:Url"]) || !builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var options = builder.Configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
        // Started before the host is built, because the Odoo options are read from configuration.
        var sandbox = OdooSandboxServer.StartAsync(options).GetAwaiter().GetResult();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Odoo:Url"] = sandbox.BaseAddress.ToString(),
            ["Odoo:Database"] = options.Database,
            ["Odoo:Username"] = options.Username,
            ["Odoo:ApiKey"] = options.ApiKey,
        });
        builder.Services.AddSingleton(sandbox);
        builder.Services.AddHostedService<EmbeddedSandboxLifetime>();
        return builder;
    }

    /// <summary>Stops the sandbox with the host.</summary>
    private sealed class EmbeddedSandboxLifetime(OdooSandboxServer sandbox) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await sandbox.DisposeAsync();
    }
}
