using System.Text.Json.Nodes;

namespace RetailGateway.Pact.Tests.Engine;

/// <summary>
/// Provider verification by the engine's verifier: it replays every interaction of the pact files
/// against the running provider, after asking the provider-state endpoint to set up each state.
/// Shaped like PactNet's <c>PactVerifier</c>.
/// </summary>
internal sealed class PactVerifier(string provider)
{
    private readonly List<string> _files = [];
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);
    private Uri? _endpoint;
    private Uri? _stateUrl;
    private string? _descriptionFilter;
    private string? _stateFilter;
    private bool _onlyWithoutState;

    public PactVerifier WithHttpEndpoint(Uri endpoint)
    {
        _endpoint = endpoint;
        return this;
    }

    public PactVerifier WithFileSource(string pactFile)
    {
        _files.Add(pactFile);
        return this;
    }

    /// <summary>The verifier POSTs <c>{"state", "params", "action"}</c> here before each interaction.</summary>
    public PactVerifier WithProviderStateUrl(Uri stateUrl)
    {
        _stateUrl = stateUrl;
        return this;
    }

    /// <summary>A header added to (or replacing one in) every request replayed against the provider.</summary>
    public PactVerifier WithCustomHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    /// <summary>Only interactions whose description / provider state matches the (Rust) regex.</summary>
    public PactVerifier WithFilter(string? description = null, string? providerState = null)
    {
        _descriptionFilter = description;
        _stateFilter = providerState;
        return this;
    }

    /// <summary>Only interactions that have no provider state.</summary>
    public PactVerifier WithFilterNoState()
    {
        _onlyWithoutState = true;
        return this;
    }

    /// <summary>Runs the verification; throws <see cref="PactVerificationException"/> with the engine's report when it fails.</summary>
    public VerificationResult Verify()
    {
        var endpoint = _endpoint ?? throw new InvalidOperationException("WithHttpEndpoint was not called.");
        var verifier = PactFfi.VerifierNew("retailgateway-contract-tests", "1.0.0");
        if (verifier == IntPtr.Zero)
        {
            throw new InvalidOperationException("The Pact verifier could not be created.");
        }

        try
        {
            PactFfi.VerifierSetProviderInfo(verifier, provider, endpoint.Scheme, endpoint.Host, (ushort)endpoint.Port, endpoint.AbsolutePath);
            Succeeded(PactFfi.VerifierSetVerificationOptions(verifier, 0, 10_000), "set the request timeout");
            Succeeded(PactFfi.VerifierSetColouredOutput(verifier, 0), "turn colours off");
            Succeeded(PactFfi.VerifierSetNoPactsIsError(verifier, 1), "treat no pacts as an error");
            if (_stateUrl is not null)
            {
                PactFfi.VerifierSetProviderState(verifier, _stateUrl.ToString(), teardown: 0, body: 1);
            }

            if (_descriptionFilter is not null || _stateFilter is not null || _onlyWithoutState)
            {
                PactFfi.VerifierSetFilterInfo(verifier, _descriptionFilter, _stateFilter, _onlyWithoutState ? (byte)1 : (byte)0);
            }

            foreach (var (name, value) in _headers)
            {
                PactFfi.VerifierAddCustomHeader(verifier, name, value);
            }

            foreach (var file in _files)
            {
                PactFfi.VerifierAddFileSource(verifier, file);
            }

            var status = PactFfi.VerifierExecute(verifier);
            var output = PactFfi.TakeText(PactFfi.VerifierOutput(verifier, 1));
            var json = PactFfi.TakeText(PactFfi.VerifierJson(verifier));
            var result = new VerificationResult(status, output, JsonNode.Parse(json is { Length: > 0 } ? json : "{}")!);
            return status == 0 ? result : throw new PactVerificationException(result);
        }
        finally
        {
            PactFfi.VerifierShutdown(verifier);
        }
    }

    private static void Succeeded(int status, string what) => PactV4.Check(status == 0, what);
}

/// <summary>What the verifier reported: exit status (0 = verified), its console report, and its JSON report.</summary>
internal sealed record VerificationResult(int Status, string Output, JsonNode Report);

internal sealed class PactVerificationException(VerificationResult result)
    : Exception($"Pact verification failed (verifier status {result.Status}):\n{result.Output}")
{
    public VerificationResult Result { get; } = result;
}
