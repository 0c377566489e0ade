using System.Text.Json;
using RetailGateway.Api.Errors;

namespace RetailGateway.Api.Versions;

/// <summary>
/// A request body the gateway kept (a queued order, a recorded exception), read as the record of its version and
/// held to today's rules: it may have been kept by a gateway that checked less.
/// </summary>
internal sealed class StoredBody(JsonElement body, JsonSerializerOptions options, BodyValidator validator)
{
    public T Read<T>()
        where T : class
    {
        var value = body.Deserialize<T>(options) ?? throw new InvalidDataException("The stored request has no body.");
        validator.Validate(value);
        return value;
    }
}
