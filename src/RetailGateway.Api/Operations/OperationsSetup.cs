using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Operations;

internal static class OperationsSetup
{
    /// <summary>The exception work queue; its store is chosen with the other shared state (<see cref="SharedStateSetup"/>).</summary>
    public static WebApplicationBuilder AddExceptionQueue(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<OperationsOptions, OperationsOptionsValidator>(OperationsOptions.SectionName);
        services.AddScoped<ExceptionReplayer>();
        services.AddScoped<ExceptionQueue>();
        services.AddScoped<ExceptionRecordingFilter>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<ExceptionRecordingFilter>());
        services.AddHostedService<ExceptionMetrics>();
        return builder;
    }
}
