using Microsoft.Extensions.Options;
using RetailGateway.Api.Requests;
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
    /// Every Odoo call made while serving a write (<see cref="RequestFacts.KindOf"/>) may use the Odoo capacity
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
            using (OdooWorkload.Begin(context.Facts().Kind == RequestKind.Write, timeProvider.GetUtcNow() + budget))
            {
                await next(context);
            }
        });
        return app;
    }
}
