using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RetailGateway.Api.Tests.Sweep;

/// <summary>The sweep decides "forbidden" with <see cref="SchemaCheck"/>: a check too lenient would let every sweep pass.</summary>
public sealed class SchemaCheckTests
{
    private static readonly OpenApiSchema Id = new() { Type = JsonSchemaType.String, Pattern = "^0*[1-9][0-9]*$" };

    [Theory]
    [InlineData("\"4\"", true)]
    [InlineData("\"007\"", true)]
    [InlineData("\"4\\n\"", false)]
    [InlineData("\"4\\u0000\"", false)]
    [InlineData("\"\\u0664\"", false)]
    [InlineData("4", false)]
    [InlineData("null", false)]
    public void AnIdPattern_IsReadAsEcma262(string json, bool allowed) =>
        Assert.Equal(allowed, SchemaCheck.Violation(JsonNode.Parse(json), Id) is null);

    [Theory]
    [InlineData("1", true)]
    [InlineData("1000000", true)]
    [InlineData("1000000.001", false)]
    [InlineData("0", false)]
    [InlineData("1e309", false)]
    [InlineData("\"2\"", false)]
    public void ANumber_KeepsItsBounds(string json, bool allowed) =>
        Assert.Equal(allowed, SchemaCheck.Violation(JsonNode.Parse(json), new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0.001", Maximum = "1000000" }) is null);

    [Theory]
    [InlineData("200", true)]
    [InlineData("1.5", false)]
    [InlineData("9223372036854775808", false)]
    public void AnInt32_IsWhole(string text, bool allowed) =>
        Assert.Equal(allowed, SchemaCheck.ParameterViolation(text, new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }, "limit") is null);

    [Theory]
    [InlineData("2026-11-27T10:00:00Z", true)]
    [InlineData("2026-11-27T10:00:00.5+01:00", true)]
    [InlineData("2026-11-27T10:00:00", false)]
    [InlineData("2026-11-27", false)]
    [InlineData("2026-13-01T00:00:00Z", false)]
    public void ADateTime_HasItsZone(string text, bool allowed) =>
        Assert.Equal(allowed, SchemaCheck.ParameterViolation(text, new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }, "updatedSince") is null);

    [Fact]
    public void AnObject_NeedsItsRequiredMembers_AndTypedNullables()
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "name" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
                ["email"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["address"] = new OpenApiSchema { AllOf = [new OpenApiSchema { Type = JsonSchemaType.Object }] },
            },
        };

        Assert.Null(SchemaCheck.Violation(JsonNode.Parse("""{"name":"x","email":null,"address":null,"extra":1}"""), schema));
        Assert.NotNull(SchemaCheck.Violation(JsonNode.Parse("""{"email":"a@b"}"""), schema));
        Assert.NotNull(SchemaCheck.Violation(JsonNode.Parse("""{"name":""}"""), schema));
        Assert.NotNull(SchemaCheck.Violation(JsonNode.Parse("""{"name":"x","address":"street"}"""), schema));
        Assert.NotNull(SchemaCheck.Violation(JsonNode.Parse("""{"name":"\ud800"}"""), schema));
    }
}
