using System.Reflection;
using System.Runtime.InteropServices;

namespace RetailGateway.Pact.Tests.Engine;

/// <summary>
/// The few entry points of the Pact engine's C interface (<c>libpact_ffi</c>) the contract tests use:
/// building a pact, running its mock server, writing the pact file, and verifying a provider.
/// Handles are the engine's own small integers (<c>PactHandle</c> is a u16, <c>InteractionHandle</c> a u32).
/// </summary>
internal static partial class PactFfi
{
    private const string Library = "pact_ffi";

    static PactFfi() => NativeLibrary.SetDllImportResolver(typeof(PactFfi).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? NativeLibrary.Load(PactEngine.LibraryPath) : IntPtr.Zero;

    /// <summary>Pact specification versions as the engine numbers them.</summary>
    public const int SpecificationV4 = 5;

    /// <summary>The part of an interaction a header or body belongs to.</summary>
    public enum Part
    {
        Request = 0,
        Response = 1,
    }

    [LibraryImport(Library, EntryPoint = "pactffi_version")]
    public static partial IntPtr Version();

    [LibraryImport(Library, EntryPoint = "pactffi_new_pact", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ushort NewPact(string consumer, string provider);

    [LibraryImport(Library, EntryPoint = "pactffi_with_specification")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithSpecification(ushort pact, int version);

    [LibraryImport(Library, EntryPoint = "pactffi_free_pact_handle")]
    public static partial uint FreePactHandle(ushort pact);

    [LibraryImport(Library, EntryPoint = "pactffi_new_interaction", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint NewInteraction(ushort pact, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_upon_receiving", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool UponReceiving(uint interaction, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_given", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool Given(uint interaction, string providerState);

    [LibraryImport(Library, EntryPoint = "pactffi_given_with_param", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool GivenWithParam(uint interaction, string providerState, string name, string value);

    /// <summary><paramref name="path"/> is a literal path or a matcher/generator in Pact's JSON format.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_with_request", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithRequest(uint interaction, string method, string path);

    [LibraryImport(Library, EntryPoint = "pactffi_with_query_parameter_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithQueryParameter(uint interaction, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_header_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithHeader(uint interaction, Part part, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithBody(uint interaction, Part part, string contentType, string body);

    [LibraryImport(Library, EntryPoint = "pactffi_with_binary_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithBinaryBody(uint interaction, Part part, string contentType, byte[] body, nuint size);

    [LibraryImport(Library, EntryPoint = "pactffi_response_status")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool ResponseStatus(uint interaction, ushort status);

    /// <summary>Returns the port, or a negative error code.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_create_mock_server_for_transport", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateMockServer(ushort pact, string address, ushort port, string transport, string? transportConfig);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_matched")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MockServerMatched(int port);

    /// <summary>Mismatches as JSON; the string belongs to the mock server (do not free).</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_mismatches")]
    public static partial IntPtr MockServerMismatches(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_cleanup_mock_server")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool CleanupMockServer(int port);

    /// <summary>Writes (or merges into) <c>{consumer}-{provider}.json</c> in <paramref name="directory"/>; 0 on success.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_pact_handle_write_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int WritePactFile(ushort pact, string directory, [MarshalAs(UnmanagedType.U1)] bool overwrite);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_new_for_application", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr VerifierNew(string name, string version);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_shutdown")]
    public static partial void VerifierShutdown(IntPtr verifier);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_provider_info", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierSetProviderInfo(IntPtr verifier, string name, string scheme, string host, ushort port, string path);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_provider_state", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierSetProviderState(IntPtr verifier, string url, byte teardown, byte body);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_filter_info", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierSetFilterInfo(IntPtr verifier, string? description, string? state, byte noState);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_verification_options")]
    public static partial int VerifierSetVerificationOptions(IntPtr verifier, byte disableSslVerification, ulong requestTimeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_coloured_output")]
    public static partial int VerifierSetColouredOutput(IntPtr verifier, byte coloured);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_no_pacts_is_error")]
    public static partial int VerifierSetNoPactsIsError(IntPtr verifier, byte isError);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_add_custom_header", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierAddCustomHeader(IntPtr verifier, string name, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_add_file_source", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierAddFileSource(IntPtr verifier, string file);

    /// <summary>0: every interaction verified; 1: verification failed; 2: the verifier could not run.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_verifier_execute")]
    public static partial int VerifierExecute(IntPtr verifier);

    /// <summary>The verifier's console output; free with <see cref="StringDelete"/>.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_verifier_output")]
    public static partial IntPtr VerifierOutput(IntPtr verifier, byte stripAnsi);

    /// <summary>The verification result as JSON; free with <see cref="StringDelete"/>.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_verifier_json")]
    public static partial IntPtr VerifierJson(IntPtr verifier);

    [LibraryImport(Library, EntryPoint = "pactffi_string_delete")]
    public static partial void StringDelete(IntPtr text);

    /// <summary>Copies a string the engine owns.</summary>
    public static string Text(IntPtr text) => text == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(text) ?? string.Empty;

    /// <summary>Copies and frees a string the engine handed over.</summary>
    public static string TakeText(IntPtr text)
    {
        try
        {
            return Text(text);
        }
        finally
        {
            if (text != IntPtr.Zero)
            {
                StringDelete(text);
            }
        }
    }
}
