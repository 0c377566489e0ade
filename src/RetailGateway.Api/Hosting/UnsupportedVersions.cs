using System.Text.RegularExpressions;
using Asp.Versioning.ApiExplorer;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// With the version in the URL, a version no controller declares matches no route, and routing
/// would answer 404. Callers get a 400 problem naming the versions that exist instead.
/// </summary>
internal static partial class UnsupportedVersions
{
    public static IApplicationBuilder UseUnsupportedVersionProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var match = VersionSegment().Match(context.Request.Path.Value ?? string.Empty);
        if (match.Success)
        {
            var supported = context.RequestServices.GetRequiredService<IApiVersionDescriptionProvider>().ApiVersionDescriptions;
            if (!supported.Any(d => string.Equals($"{d.ApiVersion.MajorVersion}", match.Groups[1].Value, StringComparison.Ordinal)))
            {
                var versions = string.Join(", ", supported.Select(d => $"v{d.ApiVersion.MajorVersion}"));
                await ProblemSetup.WriteAsync(context, new ApiProblem
                {
                    Status = StatusCodes.Status400BadRequest,
                    ErrorCode = ErrorCodes.UnsupportedApiVersion,
                    Title = "Unsupported API version",
                    Detail = $"API version v{match.Groups[1].Value} does not exist. Supported versions: {versions}.",
                });
                return;
            }
        }

        await next(context);
    });

    [GeneratedRegex(@"^/api/v(\d+)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex VersionSegment();
}
