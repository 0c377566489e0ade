using System.Globalization;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Hosting;
using RetailGateway.Api.Requests;

namespace RetailGateway.Api.RateLimiting;

/// <summary>
/// Per-client rate limits on the API (<c>/api/</c>), after authentication and authorization so that
/// refused tokens spend nothing. Every answer carries the IETF <c>RateLimit</c> and
/// <c>RateLimit-Policy</c> headers; a request over budget gets 429 with <c>Retry-After</c>.
/// </summary>
internal static class RateLimitingSetup
{
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services)
    {
        var budgets = new RateLimitBudgetValidator();
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName)
            .Validate(
                options => options.Clients.All(client =>
                    (client.Value.Read is null || budgets.Validate($"Clients:{client.Key}:Read", client.Value.Read).Succeeded) &&
                    (client.Value.Write is null || budgets.Validate($"Clients:{client.Key}:Write", client.Value.Write).Succeeded)),
                "Every RateLimits:Clients budget needs a positive TokenLimit, TokensPerPeriod and ReplenishmentPeriod.");
        services.AddSingleton<ClientRateLimiter>();
        return services;
    }

    public static IApplicationBuilder UseGatewayRateLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var facts = context.Facts();
        var kind = facts.Kind;
        var limiter = context.RequestServices.GetRequiredService<ClientRateLimiter>();
        var decision = await limiter.AcquireAsync(facts.ClientId, kind, context.RequestAborted);
        var policy = ClientRateLimiter.PolicyName(kind);
        var headers = context.Response.Headers;
        headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"{policy}\";q={decision.Budget.TokenLimit};w={decision.Budget.WindowSeconds}");
        var reset = (int)Math.Ceiling((decision.Budget.TokenLimit - decision.Remaining) / (double)decision.Budget.TokensPerPeriod * decision.Budget.ReplenishmentPeriod.TotalSeconds);
        headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"{policy}\";r={decision.Remaining};t={reset}");
        if (!decision.Allowed)
        {
            headers.RetryAfter = ProblemSetup.DelaySeconds(decision.RetryAfter);
            // Written here rather than thrown: the exception handler would clear the headers above.
            await ProblemSetup.WriteAsync(context, new ApiProblem
            {
                Status = StatusCodes.Status429TooManyRequests,
                ErrorCode = ErrorCodes.QuotaExceeded,
                Title = "Too many requests",
                Detail = $"This client has used its {policy} budget. Retry after the time in Retry-After.",
            });
            return;
        }

        await next(context);
    });
}
