using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Api.Tests.Sweep;

/// <summary>
/// Every operation of every committed OpenAPI document (<c>openapi.yaml</c> and each <c>openapi.v*.yaml</c>),
/// read with Microsoft.OpenApi: what a test that must cover the whole API enumerates, so that an
/// operation added to the code (and so to the documents) is covered without touching the test.
/// </summary>
internal static class OpenApiOperations
{
    private static readonly Lazy<IReadOnlyList<ApiOperation>> Loaded = new(Load);

    public static IReadOnlyList<ApiOperation> All => Loaded.Value;

    private static List<ApiOperation> Load()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var documents = Directory.GetFiles(ToolProcess.RepositoryRoot, "openapi*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(documents);
        var operations = new List<ApiOperation>();
        foreach (var file in documents)
        {
            using var stream = File.OpenRead(file);
            var (document, diagnostic) = OpenApiDocument.Load(ToMemory(stream), "yaml", settings);
            Assert.True(document is not null && diagnostic?.Errors.Count is null or 0,
                $"{Path.GetFileName(file)} does not read as OpenAPI: {string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? [])}");
            foreach (var (path, item) in document!.Paths)
            {
                foreach (var (method, operation) in item.Operations ?? [])
                {
                    operations.Add(new ApiOperation(Path.GetFileName(file), method, path, operation, item.Parameters ?? []));
                }
            }
        }

        return operations;
    }

    private static MemoryStream ToMemory(Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }
}

/// <summary>One operation of one document, with what a caller may send and what it may be answered.</summary>
internal sealed class ApiOperation(string document, HttpMethod method, string pathTemplate, OpenApiOperation operation, IList<IOpenApiParameter> pathItemParameters)
{
    public string Document { get; } = document;

    public HttpMethod Method { get; } = method;

    public string PathTemplate { get; } = pathTemplate;

    public string OperationId { get; } = operation.OperationId ?? $"{method} {pathTemplate}";

    /// <summary>Path, query and header parameters (the path item's and the operation's own).</summary>
    public IReadOnlyList<IOpenApiParameter> Parameters { get; } = [.. pathItemParameters, .. operation.Parameters ?? []];

    public IOpenApiRequestBody? RequestBody { get; } = operation.RequestBody;

    /// <summary>The documented responses by status code (e.g. <c>400</c>).</summary>
    public IReadOnlyDictionary<int, IOpenApiResponse> Responses { get; } =
        (operation.Responses ?? []).Where(r => int.TryParse(r.Key, out _)).ToDictionary(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture), r => r.Value);

    /// <summary>The schema the documents give a JSON body of <paramref name="status"/>, if any.</summary>
    public IOpenApiSchema? ResponseSchema(int status) =>
        Responses.TryGetValue(status, out var response) && response.Content?.TryGetValue("application/json", out var media) == true ? media.Schema : null;

    /// <summary>The path with each parameter replaced by its (already escaped) value.</summary>
    public string Path(IReadOnlyDictionary<string, string> escapedPathValues) =>
        escapedPathValues.Aggregate(PathTemplate, (path, value) => path.Replace("{" + value.Key + "}", value.Value, StringComparison.Ordinal));

    public override string ToString() => $"{Method} {PathTemplate} ({OperationId}, {Document})";
}
