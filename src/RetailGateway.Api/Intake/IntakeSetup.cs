using RetailGateway.Api.Hosting;
using RetailGateway.Api.SharedState;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Intake;

internal static class IntakeSetup
{
    /// <summary>Async order intake; its queue is chosen with the other shared state (<see cref="SharedStateSetup"/>): Redis, or memory (lost on restart).</summary>
    public static WebApplicationBuilder AddOrderIntake(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<IntakeOptions, IntakeOptionsValidator>(IntakeOptions.SectionName);
        services.AddScoped<OrderIntake>();
        services.AddHostedService<IntakeWorkers>();
        services.AddHostedService<IntakeMetrics>();
        services.AddHealthChecks().AddCheck<IntakeHealthCheck>("intake", tags: ["ready"]);
        services.Configure<SwaggerGenOptions>(swagger => swagger.OperationFilter<IntakeHeadersFilter>());
        return builder;
    }
}
