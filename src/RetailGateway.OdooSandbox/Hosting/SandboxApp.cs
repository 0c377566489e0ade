using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Protocol;

namespace RetailGateway.OdooSandbox.Hosting;

/// <summary>The one place the sandbox's web app is put together, for the standalone host and for embedding.</summary>
internal static class SandboxApp
{
    public static WebApplication Build(WebApplicationBuilder builder, SandboxEngine engine)
    {
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(engine);
        var app = builder.Build();
        app.UseWhen(IsOdooCall, branch => branch.Use(FaultInjection.Invoke));
        app.MapGet("/web/version", VersionEndpoint);
        app.MapPost("/jsonrpc", JsonRpcEndpoint.Handle);
        app.MapPost("/json/2/{model}/{method}", Json2Endpoint.Handle);
        return app;
    }

    private static bool IsOdooCall(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/jsonrpc") || http.Request.Path.StartsWithSegments("/json/2") || http.Request.Path.StartsWithSegments("/web/version");

    private static async Task VersionEndpoint(HttpContext http)
    {
        var version = http.RequestServices.GetRequiredService<SandboxEngine>().Options.Version;
        var body = new JsonObject
        {
            ["version_info"] = new JsonArray(version, 0, 0, "final", 0, string.Empty),
            ["version"] = $"{version}.0",
        };
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(WireJson.Serialize(body), http.RequestAborted);
    }
}
