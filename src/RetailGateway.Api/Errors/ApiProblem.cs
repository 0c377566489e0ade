using Microsoft.AspNetCore.Mvc;

namespace RetailGateway.Api.Errors;

/// <summary>
/// RFC 9457 problem details, as every error of the gateway is served (as <c>application/problem+json</c> to
/// callers that accept it, else as <c>application/json</c>), with members Apex code can branch on.
/// </summary>
public sealed class ApiProblem : ProblemDetails
{
    /// <summary>Stable, machine-readable error code, e.g. <c>validation_failed</c>, <c>not_found</c>.</summary>
    /// <example>validation_failed</example>
    public string ErrorCode { get; set; } = string.Empty;

    /// <summary>The fields that failed validation; <c>[]</c> for other errors.</summary>
    public IReadOnlyList<FieldError> Errors { get; set; } = [];

    /// <summary>Trace id to quote when asking the operators about this request.</summary>
    /// <example>00-3f5c0b1e8f0a4c6b9f2d1e0a7b6c5d4e-1a2b3c4d5e6f7a8b-01</example>
    public string? TraceId { get; set; }
}

/// <summary>One invalid field.</summary>
/// <param name="Field">JSON path of the field, e.g. <c>lines[0].quantity</c>.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record FieldError(string Field, string Message);
