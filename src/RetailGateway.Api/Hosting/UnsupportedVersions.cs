using Asp.Versioning.ApiExplorer;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// With the version in the URL, a version no controller declares matches no route, and routing
/// would answer 404. Callers get a 400 problem naming the versions that exist instead.
/// </summary>
internal static class UnsupportedVersions
{
    public static IApplicationBuilder UseUnsupportedVersionProblems(this IApplicationBuilder app)
    {
        // The versions the controllers declare, as the path spells them ("1", "2"); fixed once the application runs.
        string[]? supported = null;
        return app.Use(async (context, next) =>
        {
            supported ??= [.. context.RequestServices.GetRequiredService<IApiVersionDescriptionProvider>().ApiVersionDescriptions
                .Select(d => $"{d.ApiVersion.MajorVersion}").Distinct(StringComparer.Ordinal)];
            if (Unsupported(context.Request.Path.Value, supported) is { } requested)
            {
                await ProblemSetup.WriteAsync(context, new ApiProblem
                {
                    Status = StatusCodes.Status400BadRequest,
                    ErrorCode = ErrorCodes.UnsupportedApiVersion,
                    Title = "Unsupported API version",
                    Detail = $"API version v{requested} does not exist. Supported versions: {string.Join(", ", supported.Select(v => $"v{v}"))}.",
                });
                return;
            }

            await next(context);
        });
    }

    /// <summary>The version a path asks for (<c>/api/v{digits}</c>, then <c>/</c> or the end) when no controller declares it; else null.</summary>
    private static string? Unsupported(string? path, string[] supported)
    {
        var requested = PathVersionReader.Segment(path);
        if (requested.IsEmpty)
        {
            return null;
        }

        foreach (var c in requested)
        {
            if (!char.IsDigit(c))
            {
                return null;
            }
        }

        foreach (var version in supported)
        {
            if (requested.SequenceEqual(version))
            {
                return null;
            }
        }

        return requested.ToString();
    }
}
