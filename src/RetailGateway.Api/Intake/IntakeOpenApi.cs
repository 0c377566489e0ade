using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Intake;

/// <summary>
/// Declares the request headers of async intake on the operations that queue orders (those that answer
/// 202 with an <see cref="OrderSubmissionStatus"/>), so that generated clients and Flow's External Services
/// can send them. An operation that also answers 201 queues only when asked with <c>Prefer: respond-async</c> (v1).
/// </summary>
internal sealed class IntakeHeadersFilter : IOperationFilter
{
    // Exactly the names OrderIntake takes, in any case: JSON Schema patterns have no case-insensitive flag.
    private static readonly string CaseInsensitivePriorities = "^(" + string.Join('|', Enum.GetValues<SubmissionPriority>()
        .Select(p => string.Concat(p.ToString().Select(c => $"[{char.ToUpperInvariant(c)}{char.ToLowerInvariant(c)}]")))) + ")$";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var statuses = context.ApiDescription.SupportedResponseTypes;
        if (!statuses.Any(r => r.StatusCode == StatusCodes.Status202Accepted && r.Type == typeof(OrderSubmissionStatus)))
        {
            return;
        }

        var onPreference = statuses.Any(r => r.StatusCode == StatusCodes.Status201Created);
        operation.Parameters ??= [];
        if (onPreference)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Prefer",
                In = ParameterLocation.Header,
                Description = "`respond-async`: validate and queue the order, answer 202 with the status URL in `Location` and `statusUrl`, "
                    + "and submit it to Odoo in the background. Any other preference is ignored.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create("respond-async"),
            });
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = OrderIntake.PriorityHeader,
            In = ParameterLocation.Header,
            Description = (onPreference ? "With `Prefer: respond-async`: the" : "The") + " priority class the order waits in: `high`, `normal` or `low`. "
                + "Workers take every queued `high` order before any `normal` one, and every `normal` one before any `low` one; oldest first "
                + "within a class. Without the header, the client's configured default, else `normal`. Case-insensitive; any other value is a 400 "
                + "and queues nothing." + (onPreference ? " Ignored without `Prefer: respond-async`." : string.Empty),
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = CaseInsensitivePriorities,
                Default = JsonValue.Create("normal"),
            },
            Example = JsonValue.Create("high"),
        });
    }
}
