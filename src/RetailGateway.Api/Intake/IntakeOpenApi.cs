using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RetailGateway.Api.Intake;

/// <summary>
/// Declares the request headers of async intake on the operations that offer it (those whose action
/// takes <see cref="OrderIntake"/>), so that generated clients and Flow's External Services can send them.
/// </summary>
internal sealed class IntakeHeadersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.Parameters.Any(p => p.ParameterType == typeof(OrderIntake)))
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "Prefer",
            In = ParameterLocation.Header,
            Description = "`respond-async`: validate and queue the order, answer 202 with the status URL in `Location`, and submit it to Odoo in the background.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = JsonValue.Create("respond-async"),
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = OrderIntake.PriorityHeader,
            In = ParameterLocation.Header,
            Description = "With `Prefer: respond-async`: the priority class the order waits in. Workers take every queued `high` order before any "
                + "`normal` one, and every `normal` one before any `low` one; oldest first within a class. Without the header, the client's "
                + "configured default, else `normal`. Case-insensitive; any other value is a 400 and queues nothing. Ignored without `Prefer: respond-async`.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Enum.GetValues<SubmissionPriority>().Select(p => (JsonNode)JsonValue.Create(p.ToString().ToLowerInvariant()))],
                Default = JsonValue.Create("normal"),
            },
        });
    }
}
