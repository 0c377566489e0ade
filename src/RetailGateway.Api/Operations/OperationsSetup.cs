using Microsoft.AspNetCore.Mvc;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.SharedState;

namespace RetailGateway.Api.Operations;

internal static class OperationsSetup
{
    /// <summary>The exception work queue: in Redis with <c>ConnectionStrings:Redis</c>, in memory otherwise.</summary>
    public static WebApplicationBuilder AddExceptionQueue(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<OperationsOptions, OperationsOptionsValidator>(OperationsOptions.SectionName);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(SharedStateSetup.ConnectionStringName)))
        {
            services.AddSingleton<IExceptionStore, MemoryExceptionStore>();
        }
        else
        {
            services.AddSingleton<IExceptionStore, RedisExceptionStore>();
        }

        services.AddScoped<ExceptionReplayer>();
        services.AddScoped<ExceptionQueue>();
        services.AddScoped<ExceptionRecordingFilter>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<ExceptionRecordingFilter>());
        services.AddHostedService<ExceptionMetrics>();
        return builder;
    }
}
