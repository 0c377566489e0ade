using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;
using RetailGateway.Tests.Shared;

namespace RetailGateway.OdooSandbox.Tests.Protocol;

public sealed class Odoo17RecordingTests(Odoo17Replay replay) : IClassFixture<Odoo17Replay>
{
    public static TheoryData<string> Names => [.. Recording.All(Recording.Odoo17JsonRpc).Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sandbox17_AnswersLikeRecordedOdoo17(string name) =>
        RecordingAssert.Matches(Recording.Odoo17JsonRpc, name, replay.Answers[name]);
}

public sealed class Odoo19RecordingTests(Odoo19Replay replay) : IClassFixture<Odoo19Replay>
{
    public static TheoryData<string> Names => [.. Recording.All(Recording.Odoo19Json2).Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sandbox19_AnswersLikeRecordedOdoo19(string name) =>
        RecordingAssert.Matches(Recording.Odoo19Json2, name, replay.Answers[name]);
}

public sealed class Odoo17Round2RecordingTests(Odoo17Round2Replay replay) : IClassFixture<Odoo17Round2Replay>
{
    public static TheoryData<string> Names => [.. RecordingAssert.Played(Recording.Odoo17JsonRpcRound2)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sandbox17_AnswersRound2LikeRecordedOdoo17(string name) =>
        RecordingAssert.Matches(Recording.Odoo17JsonRpcRound2, name, replay.Answers[name]);
}

public sealed class Odoo19Round2RecordingTests(Odoo19Round2Replay replay) : IClassFixture<Odoo19Round2Replay>
{
    public static TheoryData<string> Names => [.. RecordingAssert.Played(Recording.Odoo19Json2Round2)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sandbox19_AnswersRound2LikeRecordedOdoo19(string name) =>
        RecordingAssert.Matches(Recording.Odoo19Json2Round2, name, replay.Answers[name]);
}

internal static class RecordingAssert
{
    /// <summary>The exchanges of <paramref name="file"/> the sandbox is held to: all of them.</summary>
    public static IEnumerable<string> Played(string file) => Recording.All(file).Keys;

    /// <summary>Same status, content type, error name and message, and the same shape.</summary>
    public static void Matches(string file, string name, ReplayedAnswer answer)
    {
        var recording = Recording.Get(file, name);
        Assert.Equal(recording.HttpStatus, answer.Status);
        if (recording.ContentType is { } contentType)
        {
            Assert.Equal(contentType, answer.ContentType);
        }

        Assert.True(answer.Json is not null, $"not JSON: {answer.Text}");
        var expectedError = ErrorOf(recording.Response, recording.HttpStatus);
        if (expectedError is not null)
        {
            var actualError = ErrorOf(answer.Json, answer.Status);
            Assert.NotNull(actualError);
            Assert.Equal(expectedError["name"]!.GetValue<string>(), actualError["name"]?.GetValue<string>());
            Assert.Equal(expectedError["message"]!.GetValue<string>(), actualError["message"]?.GetValue<string>());
            Assert.Equal(recording.Response?["error"]?["code"]?.GetValue<int>(), answer.Json!["error"]?["code"]?.GetValue<int>());
        }

        var differences = ShapeComparer.Compare(recording.Response, answer.Json);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>JSON-RPC errors sit in <c>error.data</c>; JSON-2 errors are the body of a 4xx/5xx.</summary>
    private static JsonObject? ErrorOf(JsonNode? body, int status) => body switch
    {
        JsonObject envelope when envelope.ContainsKey("jsonrpc") => envelope["error"]?["data"] as JsonObject,
        JsonObject error when status >= 400 => error,
        _ => null,
    };
}
