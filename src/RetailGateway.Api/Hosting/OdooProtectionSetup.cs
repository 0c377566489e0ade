using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// The host's part in protecting Odoo. The resilience pipeline itself lives with the Odoo client
/// (<c>RetailGateway.Odoo/Resilience</c>); the host only tells it which requests are writes.
/// </summary>
internal static class OdooProtectionSetup
{
    /// <summary>
    /// Every Odoo call made while serving a POST, PUT, PATCH or DELETE may use the Odoo capacity
    /// reserved for writes, its look-ups included, so heavy stock and catalog reads cannot shed an
    /// order submission halfway through.
    /// </summary>
    public static WebApplication UseOdooWritePriority(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            {
                await next(context);
                return;
            }

            using (OdooWorkload.BeginWrite())
            {
                await next(context);
            }
        });
        return app;
    }
}
