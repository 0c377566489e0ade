using System.Text;
using RetailGateway.OdooSandbox.Hosting;

namespace RetailGateway.OdooSandbox.Protocol;

/// <summary>Latency and injected faults in front of the Odoo endpoints.</summary>
internal static class FaultInjection
{
    private const string TruncatedJson = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": [{\"id\": 1, \"na";

    public static async Task Invoke(HttpContext http, RequestDelegate next)
    {
        var engine = http.RequestServices.GetRequiredService<SandboxEngine>();
        var delay = engine.Options.Latency + engine.Faults.ExtraLatency;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, engine.Time, http.RequestAborted);
        }

        var fault = engine.Faults.Next();
        switch (fault?.Kind)
        {
            case SandboxFaultKind.ServiceUnavailable:
                await HtmlPages.Write(http, StatusCodes.Status503ServiceUnavailable, HtmlPages.ServiceUnavailable);
                return;
            case SandboxFaultKind.BadGateway:
                await HtmlPages.Write(http, StatusCodes.Status502BadGateway, HtmlPages.BadGateway);
                return;
            case SandboxFaultKind.ConnectionAbort:
                http.Abort();
                return;
            case SandboxFaultKind.MalformedJson:
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(TruncatedJson), http.RequestAborted);
                return;
            case SandboxFaultKind.Delay:
                await Task.Delay(fault.Delay, engine.Time, http.RequestAborted);
                break;
        }

        await next(http);
    }
}
