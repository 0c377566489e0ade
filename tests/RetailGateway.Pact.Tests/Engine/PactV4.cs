using System.Net;
using System.Text.Json.Nodes;

namespace RetailGateway.Pact.Tests.Engine;

/// <summary>
/// A consumer's pact (specification V4) of HTTP interactions, built in the engine and played by the
/// engine's mock server. Shaped like PactNet's <c>IPactBuilderV4</c>:
/// <c>UponReceiving / Given / WithRequest / WithHeader / WithQuery / WithJsonBody / WillRespond</c>, then
/// <see cref="VerifyAsync"/> runs the consumer code against the mock server and writes the pact file.
/// </summary>
internal sealed class PactV4 : IDisposable
{
    private readonly ushort _pact;
    private bool _disposed;

    private PactV4(string consumer, string provider)
    {
        Consumer = consumer;
        Provider = provider;
        _pact = PactFfi.NewPact(consumer, provider);
        Check(PactFfi.WithSpecification(_pact, PactFfi.SpecificationV4), "set the specification");
    }

    public string Consumer { get; }

    public string Provider { get; }

    /// <summary>PactNet: <c>Pact.V4(consumer, provider, config).WithHttpInteractions()</c>.</summary>
    public static PactV4 WithHttpInteractions(string consumer, string provider) => new(consumer, provider);

    public RequestBuilder UponReceiving(string description)
    {
        var interaction = PactFfi.NewInteraction(_pact, description);
        Check(PactFfi.UponReceiving(interaction, description), "describe the interaction");
        return new RequestBuilder(interaction);
    }

    /// <summary>
    /// Starts the mock server on loopback, runs <paramref name="consumer"/> against it, fails when any
    /// request did not match or an expected request never came, then writes the pact file (merged with
    /// one already there) into <paramref name="pactDirectory"/>.
    /// </summary>
    public async Task VerifyAsync(string pactDirectory, Func<Uri, Task> consumer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var port = PactFfi.CreateMockServer(_pact, "127.0.0.1", 0, "http", null);
        if (port <= 0)
        {
            throw new InvalidOperationException($"The Pact mock server did not start (engine error {port}).");
        }

        try
        {
            Exception? consumerFailure = null;
            try
            {
                await consumer(new Uri($"http://127.0.0.1:{port}/"));
            }
#pragma warning disable CA1031 // The mock server's mismatches explain a consumer failure better than the failure itself.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                consumerFailure = exception;
            }

            if (!PactFfi.MockServerMatched(port))
            {
                var mismatches = JsonNode.Parse(PactFfi.Text(PactFfi.MockServerMismatches(port)) is { Length: > 0 } m ? m : "[]");
                throw new PactMismatchException(
                    $"The Pact mock server of {Consumer} -> {Provider} saw mismatches:\n{mismatches?.ToJsonString(new() { WriteIndented = true })}",
                    consumerFailure);
            }

            if (consumerFailure is not null)
            {
                throw new PactMismatchException("The consumer code failed against the Pact mock server.", consumerFailure);
            }

            var written = PactFfi.WritePactFile(_pact, pactDirectory, overwrite: false);
            if (written != 0)
            {
                throw new InvalidOperationException($"The pact file could not be written to {pactDirectory} (engine error {written}).");
            }
        }
        finally
        {
            PactFfi.CleanupMockServer(port);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            // A handle the engine no longer knows needs no freeing; there is nothing to report.
            _ = PactFfi.FreePactHandle(_pact);
        }
    }

    internal static void Check(bool succeeded, string what)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException($"The Pact engine refused to {what}.");
        }
    }

    /// <summary>The request side of one interaction.</summary>
    internal sealed class RequestBuilder(uint interaction)
    {
        public RequestBuilder Given(string providerState)
        {
            Check(PactFfi.Given(interaction, providerState), $"add provider state '{providerState}'");
            return this;
        }

        public RequestBuilder Given(string providerState, IReadOnlyDictionary<string, string> parameters)
        {
            foreach (var (name, value) in parameters)
            {
                Check(PactFfi.GivenWithParam(interaction, providerState, name, value), $"add provider state '{providerState}'");
            }

            return this;
        }

        public RequestBuilder WithRequest(HttpMethod method, string path) => WithRequest(method, (object)path);

        /// <summary>A path given as a matcher or generator (e.g. <see cref="Match.FromProviderState"/>).</summary>
        public RequestBuilder WithRequest(HttpMethod method, JsonNode path) => WithRequest(method, (object)path);

        public RequestBuilder WithQuery(string name, string value)
        {
            Check(PactFfi.WithQueryParameter(interaction, name, 0, value), $"add query parameter {name}");
            return this;
        }

        public RequestBuilder WithQuery(string name, JsonNode matcher) => WithQuery(name, PactJson.Serialize(matcher));

        public RequestBuilder WithHeader(string name, string value) => Header(name, value);

        public RequestBuilder WithHeader(string name, JsonNode matcher) => Header(name, PactJson.Serialize(matcher));

        public RequestBuilder WithJsonBody(object body, string contentType = "application/json")
        {
            Check(PactFfi.WithBody(interaction, PactFfi.Part.Request, contentType, PactJson.Serialize(body)), "set the request body");
            return this;
        }

        public ResponseBuilder WillRespond() => new(interaction);

        private RequestBuilder WithRequest(HttpMethod method, object path)
        {
            var text = path as string ?? PactJson.Serialize(path);
            Check(PactFfi.WithRequest(interaction, method.Method, text), $"set the request {method} {text}");
            return this;
        }

        private RequestBuilder Header(string name, string value)
        {
            Check(PactFfi.WithHeader(interaction, PactFfi.Part.Request, name, 0, value), $"add request header {name}");
            return this;
        }
    }

    /// <summary>The response side of one interaction.</summary>
    internal sealed class ResponseBuilder(uint interaction)
    {
        public ResponseBuilder WithStatus(HttpStatusCode status)
        {
            Check(PactFfi.ResponseStatus(interaction, (ushort)status), "set the response status");
            return this;
        }

        public ResponseBuilder WithHeader(string name, string value) => Header(name, value);

        public ResponseBuilder WithHeader(string name, JsonNode matcher) => Header(name, PactJson.Serialize(matcher));

        public ResponseBuilder WithJsonBody(object body, string contentType = "application/json")
        {
            Check(PactFfi.WithBody(interaction, PactFfi.Part.Response, contentType, PactJson.Serialize(body)), "set the response body");
            return this;
        }

        /// <summary>
        /// The JSON body <c>null</c> (what JSON-2 answers for a method that returns None). Written as JSON, the engine
        /// stores it as <c>"content": null</c> and reads that back as an empty body, which a provider answering
        /// <c>null</c> then fails. Stored as bytes (base64 in the file) it stays the four bytes; the response's
        /// <c>Content-Type</c> header still makes the verifier compare them as JSON.
        /// </summary>
        public ResponseBuilder WithJsonNullBody()
        {
            var body = "null"u8.ToArray();
            Check(PactFfi.WithBinaryBody(interaction, PactFfi.Part.Response, "application/octet-stream", body, (nuint)body.Length), "set the response body");
            return this;
        }

        private ResponseBuilder Header(string name, string value)
        {
            Check(PactFfi.WithHeader(interaction, PactFfi.Part.Response, name, 0, value), $"add response header {name}");
            return this;
        }
    }
}

/// <summary>The consumer's requests did not match its pact (or expected requests never came).</summary>
internal sealed class PactMismatchException(string message, Exception? inner) : Exception(message, inner);
