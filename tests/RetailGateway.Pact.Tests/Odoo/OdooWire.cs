using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Odoo;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Odoo.OdooShapes;

namespace RetailGateway.Pact.Tests.Odoo;

/// <summary>
/// One ORM call as the gateway makes it, independent of the protocol: JSON-RPC passes
/// <see cref="Args"/> and <see cref="Kwargs"/> to <c>execute_kw</c>, JSON-2 posts <see cref="Named"/>
/// (Odoo's named parameters) to <c>/json/2/model/method</c>. The shapes are those of tests/Recordings.
/// </summary>
internal sealed record OdooCall(string Model, string Method, JsonArray Args, JsonObject Kwargs, JsonObject Named)
{
    public static OdooCall SearchRead(string model, JsonArray domain, IEnumerable<string> fields, int limit, string? order = null, JsonObject? context = null)
    {
        var kwargs = new JsonObject { ["fields"] = Names(fields), ["limit"] = limit };
        if (order is not null)
        {
            kwargs["order"] = order;
        }

        AddContext(kwargs, context);
        var named = (JsonObject)kwargs.DeepClone();
        named["domain"] = domain.DeepClone();
        return new(model, "search_read", [domain], kwargs, named);
    }

    public static OdooCall Read(string model, JsonNode ids, IEnumerable<string> fields) =>
        new(model, "read", [ids.DeepClone()], new JsonObject { ["fields"] = Names(fields) }, new JsonObject { ["ids"] = ids.DeepClone(), ["fields"] = Names(fields) });

    public static OdooCall Create(string model, JsonObject values) =>
        new(model, "create", [values.DeepClone()], [], new JsonObject { ["vals_list"] = new JsonArray(values.DeepClone()) });

    public static OdooCall Write(string model, JsonNode ids, JsonObject values) =>
        new(model, "write", [ids.DeepClone(), values.DeepClone()], [], new JsonObject { ["ids"] = ids.DeepClone(), ["vals"] = values.DeepClone() });

    public static OdooCall Action(string model, string method, JsonNode ids, JsonObject? context = null)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        var named = (JsonObject)kwargs.DeepClone();
        named["ids"] = ids.DeepClone();
        return new(model, method, [ids.DeepClone()], kwargs, named);
    }

    public static OdooCall FieldsGet(string model, IEnumerable<string> fields) =>
        new(model, "fields_get", [Names(fields)], new JsonObject { ["attributes"] = new JsonArray("type") }, new JsonObject { ["allfields"] = Names(fields), ["attributes"] = new JsonArray("type") });

    private static JsonArray Names(IEnumerable<string> names) => [.. names.Select(n => (JsonNode?)n)];

    private static void AddContext(JsonObject kwargs, JsonObject? context)
    {
        if (context is not null)
        {
            kwargs["context"] = context.DeepClone();
        }
    }
}

/// <summary>An Odoo error the client classifies: its exception name, and the status JSON-2 answers it with.</summary>
internal sealed record OdooError(string Name, string Message, HttpStatusCode Json2Status)
{
    public static OdooError Validation(string message) => new("odoo.exceptions.ValidationError", message, HttpStatusCode.UnprocessableEntity);

    public static OdooError User(string message) => new("odoo.exceptions.UserError", message, HttpStatusCode.UnprocessableEntity);

    public static OdooError Missing(string message) => new("odoo.exceptions.MissingError", message, HttpStatusCode.NotFound);
}

/// <summary>A provider state of an interaction, with its parameters.</summary>
internal sealed record State(string Name, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>How calls look on the wire of one protocol: builds the interactions of a pact.</summary>
internal abstract class OdooWire
{
    /// <summary>Odoo answers <c>application/json</c>, with or without a charset.</summary>
    protected const string JsonContentType = "^application/json(;.*)?$";

    public abstract string Provider { get; }

    public abstract int Version { get; }

    /// <summary>What the consumer tests configure as <c>Odoo:Protocol</c>.</summary>
    public abstract OdooProtocol Protocol { get; }

    /// <summary>The calls a fresh client makes before its first ORM call (version, and over JSON-RPC the login).</summary>
    public abstract void Session(PactV4 pact, bool login = true);

    /// <summary>
    /// An ORM call and its successful result (given as JSON-RPC's <c>result</c>). Null: the method returns None, which
    /// JSON-RPC answers with no <c>result</c> member and JSON-2 with a bare <c>null</c>.
    /// </summary>
    public abstract void Expect(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, JsonNode? result);

    /// <summary>An ORM call Odoo refuses with <paramref name="error"/>.</summary>
    public abstract void ExpectError(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, OdooError error);

    protected static PactV4.RequestBuilder Given(PactV4.RequestBuilder request, IEnumerable<State> states)
    {
        request.Given(OdooStates.ApiUser);
        foreach (var state in states)
        {
            if (state.Parameters is null)
            {
                request.Given(state.Name);
            }
            else
            {
                request.Given(state.Name, state.Parameters);
            }
        }

        return request;
    }
}

/// <summary>
/// JSON-RPC (Odoo 17 shapes): every call is <c>POST /jsonrpc</c>, so interactions differ by body only;
/// service, method, model and ORM method are literal in each, which keeps every request matching exactly one interaction.
/// </summary>
internal sealed class JsonRpcWire : OdooWire
{
    public override string Provider => JsonRpcProvider;

    public override int Version => 17;

    public override OdooProtocol Protocol => OdooProtocol.JsonRpc;

    public override void Session(PactV4 pact, bool login = true)
    {
        Post(Given(pact.UponReceiving("a request for the server version"), []), "common", "version", [])
            .WithJsonBody(Answer(new JsonObject
            {
                ["server_version"] = Match.Regex("17.0", @"^(saas~)?1[6-8]\..*$"),
                ["server_version_info"] = new JsonArray(Match.Integer(17), Match.Integer(0), Match.Integer(0), Match.Type("final"), Match.Integer(0), Match.Type(string.Empty)),
            }));
        if (login)
        {
            Post(
                Given(pact.UponReceiving("a login of the API user with its key"), []),
                "common",
                "authenticate",
                [FromState("database", Database), FromState("login", Login), FromState("apiKey", ApiKey), new JsonObject()])
                .WithJsonBody(Answer(FromState("uid", Uid)));
        }
    }

    /// <summary>Odoo's answer to a wrong key at login: <c>false</c>, not an error.</summary>
    public static void LoginRefused(PactV4 pact) =>
        Post(
            Given(pact.UponReceiving("a login with a key Odoo does not accept"), []),
            "common",
            "authenticate",
            [FromState("database", Database), FromState("login", Login), RevokedKey, new JsonObject()])
            .WithJsonBody(Answer(false));

    public override void Expect(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, JsonNode? result) =>
        Execute(pact, description, states, call, FromState("apiKey", ApiKey)).WithJsonBody(Answer(result));

    public override void ExpectError(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, OdooError error) =>
        Execute(pact, description, states, call, FromState("apiKey", ApiKey)).WithJsonBody(Error(error.Name, error.Message));

    /// <summary>A call made with a key revoked after login: <c>AccessDenied</c>, still inside HTTP 200.</summary>
    public static void AccessDenied(PactV4 pact, string description, OdooCall call) =>
        Execute(pact, description, [], call, RevokedKey).WithJsonBody(Error("odoo.exceptions.AccessDenied", "Access Denied"));

    private static PactV4.ResponseBuilder Execute(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, JsonNode apiKey) =>
        Post(
            Given(pact.UponReceiving(description), states),
            "object",
            "execute_kw",
            [FromState("database", Database), FromState("uid", Uid), apiKey, call.Model, call.Method, call.Args.DeepClone(), call.Kwargs.DeepClone()]);

    private static PactV4.ResponseBuilder Post(PactV4.RequestBuilder request, string service, string method, JsonArray args) =>
        request
            .WithRequest(HttpMethod.Post, "/jsonrpc")
            .WithHeader("Content-Type", "application/json")
            .WithJsonBody(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "call",
                ["id"] = Match.Integer(1),
                ["params"] = new JsonObject { ["service"] = service, ["method"] = method, ["args"] = args },
            })
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithHeader("Content-Type", Match.Regex("application/json", JsonContentType));

    /// <summary>
    /// Odoo's JsonRPCDispatcher adds <c>result</c> only when the method returned something other than None. (Pact
    /// ignores members a provider adds, so the provider side cannot hold Odoo to the absence; the sandbox's own tests do.)
    /// </summary>
    private static JsonObject Answer(JsonNode? result)
    {
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Match.Integer(1) };
        if (result is not null)
        {
            answer["result"] = result;
        }

        return answer;
    }

    /// <summary>JSON-RPC errors come inside HTTP 200; the client reads <c>data.name</c> and <c>data.message</c>, never <c>debug</c>.</summary>
    private static JsonObject Error(string name, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = Match.Integer(1),
        ["error"] = new JsonObject
        {
            ["code"] = Match.Integer(200),
            ["message"] = Match.Type("Odoo Server Error"),
            ["data"] = new JsonObject { ["name"] = name, ["message"] = Match.Type(message) },
        },
    };
}

/// <summary>JSON-2 (Odoo 19 shapes): <c>POST /json/2/model/method</c> with the key as bearer token; errors are HTTP statuses.</summary>
internal sealed class Json2Wire : OdooWire
{
    public override string Provider => Json2Provider;

    public override int Version => 19;

    public override OdooProtocol Protocol => OdooProtocol.Auto;

    /// <summary>With <c>Odoo:Protocol</c> Auto (the default), the client probes <c>GET /web/version</c> and speaks JSON-2 from 19 on.</summary>
    public override void Session(PactV4 pact, bool login = true) =>
        Given(pact.UponReceiving("a probe of the server version"), [])
            .WithRequest(HttpMethod.Get, "/web/version")
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", JsonContentType))
            .WithJsonBody(new JsonObject
            {
                ["version_info"] = new JsonArray(Match.Integer(19), Match.Integer(0), Match.Integer(0), Match.Type("final"), Match.Integer(0), Match.Type(string.Empty)),
                ["version"] = Match.Regex("19.0", @"^(saas~)?(19|[2-9]\d)\..*$"),
            });

    public override void Expect(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, JsonNode? result)
    {
        var response = Post(pact, description, states, call, Match.FromProviderState("bearer ${apiKey}", $"bearer {ApiKey}", "^bearer \\S+$"))
            .WithStatus(HttpStatusCode.OK)
            .WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", JsonContentType));
        if (result is null)
        {
            // None: a bare null.
            response.WithJsonNullBody();
        }
        else
        {
            // JSON-2 answers create with the list of new ids.
            response.WithJsonBody(call.Method == "create" ? new JsonArray(result.DeepClone()) : result);
        }
    }

    public override void ExpectError(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, OdooError error) =>
        Error(Post(pact, description, states, call, Match.FromProviderState("bearer ${apiKey}", $"bearer {ApiKey}", "^bearer \\S+$")), error.Json2Status, error.Name, error.Message);

    /// <summary>A call with a key Odoo does not accept: 401 <c>Unauthorized</c>.</summary>
    public static void Unauthorized(PactV4 pact, string description, OdooCall call) =>
        Error(Post(pact, description, [], call, $"bearer {RevokedKey}"), HttpStatusCode.Unauthorized, "werkzeug.exceptions.Unauthorized", "Invalid apikey");

    private static PactV4.ResponseBuilder Post(PactV4 pact, string description, IEnumerable<State> states, OdooCall call, object authorization)
    {
        var request = Given(pact.UponReceiving(description), states)
            .WithRequest(HttpMethod.Post, $"/json/2/{call.Model}/{call.Method}")
            .WithHeader("Content-Type", "application/json")
            .WithHeader("X-Odoo-Database", FromState("database", Database));
        request = authorization is JsonNode matcher ? request.WithHeader("Authorization", matcher) : request.WithHeader("Authorization", (string)authorization);
        return request.WithJsonBody(call.Named.DeepClone()).WillRespond();
    }

    /// <summary>JSON-2 error bodies: the client reads <c>name</c> and <c>message</c>.</summary>
    private static void Error(PactV4.ResponseBuilder response, HttpStatusCode status, string name, string message) =>
        response
            .WithStatus(status)
            .WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", JsonContentType))
            .WithJsonBody(new JsonObject { ["name"] = name, ["message"] = Match.Type(message) });
}
