using Microsoft.Extensions.Options;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Resilience;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// The host's part in protecting Odoo. The resilience pipeline itself lives with the Odoo client
/// (<c>RetailGateway.Odoo/Resilience</c>); the host tells it, per API request, whether the request
/// is a write and when its answer is due.
/// </summary>
internal static class OdooProtectionSetup
{
    /// <summary>
    /// Every Odoo call made while serving a POST, PUT, PATCH or DELETE may use the Odoo capacity
    /// reserved for writes, its look-ups included, so heavy stock and catalog reads cannot shed an
    /// order submission halfway through. Every Odoo call of a request shares one deadline,
    /// <see cref="OdooResilienceOptions.RequestBudget"/> after the request arrived.
    /// </summary>
    public static WebApplication UseOdooWorkload(this WebApplication app)
    {
        var budget = app.Services.GetRequiredService<IOptions<OdooResilienceOptions>>().Value.RequestBudget;
        var timeProvider = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            var write = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
            using (OdooWorkload.Begin(write, timeProvider.GetUtcNow() + budget))
            {
                await next(context);
            }
        });
        return app;
    }
}
