namespace RetailGateway.Api.Errors;

/// <summary>A request the gateway refuses, with the problem to answer. Thrown by feature services, served by <see cref="ProblemExceptionHandler"/>.</summary>
internal sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, string errorCode, string title, string detail, IReadOnlyList<FieldError>? errors = null)
        : base(detail)
    {
        Status = status;
        ErrorCode = errorCode;
        Title = title;
        Errors = errors ?? [];
    }

    public int Status { get; }

    public string ErrorCode { get; }

    public string Title { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>
    /// Set only when the same request will succeed later without change (another request on the same key or record is
    /// still running): sent as <c>Retry-After</c>. A refusal that no retry changes carries none, so callers do not loop on it.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The problem body this refusal is answered with.</summary>
    public ApiProblem ToProblem() => new()
    {
        Status = Status,
        ErrorCode = ErrorCode,
        Title = Title,
        Detail = Message,
        Errors = Errors,
    };

    public static ApiProblemException NotFound(string resource, string id) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", $"No {resource} with id '{id}'.");

    public static ApiProblemException Invalid(string field, string message, string errorCode = ErrorCodes.ValidationFailed) =>
        new(StatusCodes.Status400BadRequest, errorCode, "Invalid request", message, [new FieldError(field, message)]);

    public static ApiProblemException Unprocessable(string errorCode, string detail, IReadOnlyList<FieldError>? errors = null) =>
        new(StatusCodes.Status422UnprocessableEntity, errorCode, "Request refused", detail, errors);
}
