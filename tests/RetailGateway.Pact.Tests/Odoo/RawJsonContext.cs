using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetailGateway.Pact.Tests.Odoo;

/// <summary>Records as Odoo sent them: the pact's own set-up and error checks read a field or two, not the gateway's records.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RawJsonContext : JsonSerializerContext;
