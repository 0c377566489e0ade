using System.Text.Json;

namespace RetailGateway.GeneratedClients;

/// <summary>
/// One JSON line per check on standard output, for the test that runs this program to assert on:
/// which client, which operation (its <c>operationId</c>), whether it did what a partner expects, and if
/// not, what the generated client threw.
/// </summary>
internal sealed class Report(TextWriter output, string client)
{
    public int Failures { get; private set; }

    /// <summary>Runs one call; a failed <paramref name="verify"/> or an exception fails the check, and the result is then null.</summary>
    public async Task<T?> CheckAsync<T>(string operation, string check, Func<Task<T>> call, Func<T, string?> verify)
        where T : class
    {
        try
        {
            var result = await call();
            var problem = verify(result);
            Write(operation, check, problem is null, problem);
            return problem is null ? result : null;
        }
#pragma warning disable CA1031 // Whatever a generated client throws is the finding to report.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Write(operation, check, false, Describe(exception));
            return null;
        }
    }

    /// <summary>A call that must fail with a typed problem: <paramref name="errorCodeOf"/> finds it in the exception, or returns null.</summary>
    public async Task ExpectProblemAsync(string operation, string check, Func<Task> call, Func<Exception, string?> errorCodeOf, string expectedErrorCode)
    {
        try
        {
            await call();
            Write(operation, check, false, "the call succeeded");
        }
#pragma warning disable CA1031 // The exception is what is checked.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var errorCode = errorCodeOf(exception);
            var ok = errorCode == expectedErrorCode;
            Write(operation, check, ok, ok ? null : $"expected a typed problem with errorCode {expectedErrorCode}; got (errorCode {errorCode ?? "none"}) {Describe(exception)}");
        }
    }

    /// <summary>The exception and its causes: NSwag wraps the serializer's reason in its own.</summary>
    private static string Describe(Exception exception) =>
        exception.InnerException is null ? $"{exception.GetType().Name}: {exception.Message.Trim()}" : $"{exception.GetType().Name}: {exception.Message.Trim()} <- {Describe(exception.InnerException)}";

    public void NotRun(string operation, string check, string because) => Write(operation, check, false, "not run: " + because);

    private void Write(string operation, string check, bool ok, string? detail)
    {
        if (!ok)
        {
            Failures++;
        }

        output.WriteLine(JsonSerializer.Serialize(new ReportLine(client, operation, check, ok, detail), ReportJson.Default.ReportLine));
    }
}

internal sealed record ReportLine(string Client, string Operation, string Check, bool Ok, string? Detail);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ReportLine))]
internal sealed partial class ReportJson : System.Text.Json.Serialization.JsonSerializerContext;
