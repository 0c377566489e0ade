using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Tests.Support;

public sealed class ShapeComparerTests
{
    [Theory]
    [InlineData("""{"a": [1, "x"], "b": 1.5}""", """{"a": [2, "y"], "b": 3}""")]
    [InlineData("""{"done": false}""", """{"done": true}""")]
    [InlineData("""[{"o": "S1"}, {"o": false}]""", """[{"o": false}]""")]
    [InlineData("""{"ids": []}""", """{"ids": [1, 2]}""")]
    public void Compare_AcceptsTheSameShape(string expected, string actual) =>
        Assert.Empty(ShapeComparer.Compare(JsonNode.Parse(expected), JsonNode.Parse(actual)));

    [Theory]
    [InlineData("""{"a": [1, "x"]}""", """{"a": false}""")]
    [InlineData("""{"a": false}""", """{"a": null}""")]
    [InlineData("""{"a": 1}""", """{"a": 1, "b": 2}""")]
    [InlineData("""{"a": 1, "b": 2}""", """{"a": 1}""")]
    [InlineData("""[{"o": "S1"}]""", """[]""")]
    [InlineData("""[{"o": "S1"}]""", """[{"o": 1}]""")]
    [InlineData("""{"n": 1}""", """{"n": "1"}""")]
    public void Compare_ReportsADifferentShape(string expected, string actual) =>
        Assert.NotEmpty(ShapeComparer.Compare(JsonNode.Parse(expected), JsonNode.Parse(actual)));
}
