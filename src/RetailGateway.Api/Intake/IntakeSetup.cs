using RetailGateway.Api.Hosting;
using RetailGateway.Api.SharedState;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Intake;

internal static class IntakeSetup
{
    /// <summary>Async order intake: the queue in Redis with <c>ConnectionStrings:Redis</c>, in memory (lost on restart) otherwise.</summary>
    public static WebApplicationBuilder AddOrderIntake(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<IntakeOptions, IntakeOptionsValidator>(IntakeOptions.SectionName);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(SharedStateSetup.ConnectionStringName)))
        {
            services.AddSingleton<ISubmissionStore, MemorySubmissionStore>();
        }
        else
        {
            services.AddSingleton<ISubmissionStore, RedisSubmissionStore>();
        }

        services.AddScoped<OrderIntake>();
        services.AddHostedService<IntakeWorkers>();
        services.AddHostedService<IntakeMetrics>();
        services.AddHealthChecks().AddCheck<IntakeHealthCheck>("intake", tags: ["ready"]);
        services.Configure<SwaggerGenOptions>(swagger => swagger.OperationFilter<IntakeHeadersFilter>());
        return builder;
    }
}
