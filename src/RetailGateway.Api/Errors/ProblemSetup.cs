using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Errors;

/// <summary>Makes every error an <see cref="ApiProblem"/>-shaped body, whoever produced it.</summary>
internal static partial class ProblemSetup
{
    internal const string InvalidTitle = "Invalid request";

    internal const string InvalidDetail = "One or more fields are invalid; see errors.";

    public const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddGatewayProblems(this IServiceCollection services)
    {
        // First, so that the framework's problems (status code pages, the exception handler) are written as the gateway's own are.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, NegotiatedProblemWriter>());
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Complete);
        services.AddSingleton<ProblemExceptionHandler>();
        services.AddSingleton<IExceptionHandler>(provider => provider.GetRequiredService<ProblemExceptionHandler>());
        services.AddSingleton<ProblemExceptionFilter>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<ProblemExceptionFilter>());
        services.AddSingleton<BodyValidator>();
        services.Configure<ApiBehaviorOptions>(options =>
        {
            options.InvalidModelStateResponseFactory = FromModelState;
            // MVC's client errors (e.g. 415 from [Consumes]) go on as bare statuses to the status code pages, and so to the writer above.
            options.SuppressMapClientErrors = true;
        });
        return services;
    }

    /// <summary>Adds what the framework's own problems lack: <c>detail</c>, <c>errorCode</c>, <c>errors</c>, <c>traceId</c>.</summary>
    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var traceId = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Detail ??= DefaultDetail(context.HttpContext, problem.Status ?? context.HttpContext.Response.StatusCode);
        // "type" is an Apex reserved word; RFC 9457 reads its absence as about:blank.
        problem.Type = null;
        problem.Extensions.Remove("traceId");
        if (problem is ApiProblem apiProblem)
        {
            apiProblem.TraceId = traceId;
            return;
        }

        // Asp.Versioning reports an unknown version with its own "code" member; its 404 is a path served in another version only.
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions.TryGetValue("code", out var code);
        if (status == StatusCodes.Status404NotFound && code is "UnsupportedApiVersion")
        {
            problem.Title = ReasonPhrases.GetReasonPhrase(status);
            problem.Detail = DefaultDetail(context.HttpContext, status);
        }

        var errorCode = status != StatusCodes.Status404NotFound && code is "UnsupportedApiVersion" or "InvalidApiVersion" or "ApiVersionUnspecified"
            ? ErrorCodes.UnsupportedApiVersion
            : ErrorCodes.ForStatus(status);
        problem.Extensions.Remove("code");
        problem.Extensions["errorCode"] = errorCode;
        problem.Extensions["errors"] = Array.Empty<FieldError>();
        problem.Extensions["traceId"] = traceId;
    }

    /// <summary>
    /// The <c>detail</c> of a problem the framework produced for a bare status (routing, authentication, authorization,
    /// MVC's media-type check), which has none: the error table documents one on every problem.
    /// </summary>
    private static string DefaultDetail(HttpContext context, int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Send a valid access token from the gateway's Entra ID tenant as a Bearer token; see WWW-Authenticate.",
        StatusCodes.Status403Forbidden => "The token does not carry the permission this operation needs.",
        StatusCodes.Status404NotFound => "Nothing is served at this path.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed at this path; the Allow header lists the methods that are.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as the operation's media type: application/json (PATCH also application/merge-patch+json).",
        _ => $"{ReasonPhrases.GetReasonPhrase(status)}.",
    };

    private static ProblemResult FromModelState(ActionContext context)
    {
        var (errors, malformed) = Read(context.ModelState);
        var problem = new ApiProblem
        {
            Status = StatusCodes.Status400BadRequest,
            Title = malformed ? "Malformed request" : InvalidTitle,
            Detail = malformed ? "The request body is not valid JSON or a value has the wrong type." : InvalidDetail,
            ErrorCode = malformed ? ErrorCodes.MalformedRequest : ErrorCodes.ValidationFailed,
            Errors = errors,
            Instance = context.HttpContext.Request.Path,
            TraceId = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier,
        };
        return new ProblemResult(problem);
    }

    /// <summary>The field errors of a model state, named as the caller wrote the fields; malformed when the JSON itself was unreadable.</summary>
    internal static (IReadOnlyList<FieldError> Errors, bool Malformed) Read(ModelStateDictionary modelState)
    {
        var errors = new List<FieldError>();
        var malformed = false;
        foreach (var (key, entry) in modelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            // System.Text.Json reports unreadable bodies under "$" or a "$."-path; MVC an empty body under "".
            var jsonError = key is "" or "$" || key.StartsWith("$.", StringComparison.Ordinal);
            malformed |= jsonError;
            foreach (var error in entry.Errors)
            {
                var message = key.Length == 0 ? "A request body is required."
                    : jsonError ? "The value is not valid JSON or has the wrong type."
                    : string.IsNullOrEmpty(error.ErrorMessage) ? "The value is invalid." : error.ErrorMessage;
                errors.Add(new FieldError(FieldPath(key), message));
            }
        }

        if (malformed)
        {
            // The action's body parameter is also reported missing when the body was unreadable: that adds nothing.
            errors.RemoveAll(e => !e.Field.Contains('.', StringComparison.Ordinal) && e.Message.Contains("field is required", StringComparison.Ordinal));
        }

        return (errors.DistinctBy(e => (e.Field, e.Message)).ToList(), malformed);
    }

    /// <summary>
    /// Writes the problem itself: MVC's problem writer would rebuild it as a plain
    /// <see cref="ProblemDetails"/> and drop <c>errorCode</c> and <c>errors</c>.
    /// </summary>
    private sealed class ProblemResult(ApiProblem problem) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, problem);
    }

    /// <summary>
    /// Answers a refusal from an MVC resource filter, outside <see cref="ProblemExceptionFilter"/>'s reach, without throwing
    /// it: <see cref="ProblemExceptionHandler"/> writes it as it writes a thrown one. A refusal that is everyday traffic
    /// under load (a retry while its first request still runs) would otherwise unwind every async layer of the pipeline,
    /// which costs a burst of them CPU and memory.
    /// </summary>
    public static IActionResult Refusal(ApiProblemException refused) => new RefusalResult(refused);

    /// <summary>Whole seconds, at least one (RFC 9110 <c>delay-seconds</c>).</summary>
    public static string DelaySeconds(TimeSpan delay) => Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class RefusalResult(ApiProblemException refused) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context) =>
            await context.HttpContext.RequestServices.GetRequiredService<ProblemExceptionHandler>().TryAnswerKnownAsync(context.HttpContext, refused);
    }

    /// <summary>Writes a problem as it stands, keeping the headers already set (e.g. <c>Retry-After</c>).</summary>
    public static Task WriteAsync(HttpContext httpContext, ApiProblem problem)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        problem.Instance ??= httpContext.Request.Path;
        problem.TraceId ??= Activity.Current?.Id ?? httpContext.TraceIdentifier;
        return WriteBodyAsync(httpContext, problem);
    }

    /// <summary>
    /// RFC 9457 content negotiation, for every problem the gateway answers: <c>application/problem+json</c> to a caller
    /// whose <c>Accept</c> names it, the same body as <c>application/json</c> to any other (Apex, Flow and generated
    /// clients ask for <c>application/json</c> or nothing, and Salesforce External Services types only that media type).
    /// </summary>
    public static string ContentType(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accepted => accepted.Quality is not 0 && accepted.MediaType.Equals(ProblemJson, StringComparison.OrdinalIgnoreCase))
            ? $"{ProblemJson}; charset=utf-8"
            : "application/json; charset=utf-8";

    private static Task WriteBodyAsync(HttpContext httpContext, ProblemDetails problem)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        return httpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json, ContentType(httpContext.Request), httpContext.RequestAborted);
    }

    /// <summary>
    /// The framework's problem writer for the gateway: the same members (<see cref="Complete"/>), serializer and
    /// content negotiation as <see cref="WriteAsync"/>, where the default writer always says <c>application/problem+json</c>.
    /// </summary>
    private sealed class NegotiatedProblemWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var problem = context.ProblemDetails;
            problem.Status ??= context.HttpContext.Response.StatusCode;
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            options.Value.CustomizeProblemDetails?.Invoke(context);
            return new ValueTask(WriteBodyAsync(context.HttpContext, problem));
        }
    }

    /// <summary>Turns <c>$.lines[0].quantity</c> or <c>Lines[0].Quantity</c> into <c>lines[0].quantity</c>.</summary>
    internal static string FieldPath(string key)
    {
        var path = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key is "$" or "" ? "body" : key;
        return SegmentStart().Replace(path, m => m.Value.ToLowerInvariant());
    }

    [GeneratedRegex(@"(?<=^|\.)[A-Z]")]
    private static partial Regex SegmentStart();
}
