using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Hosting;
using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Protocol;

/// <summary>
/// <c>POST /jsonrpc</c>: services <c>common</c> (version, authenticate, login) and <c>object</c>
/// (execute_kw, execute). Every answer is HTTP 200; errors travel in the envelope.
/// </summary>
internal static class JsonRpcEndpoint
{
    public static async Task Handle(HttpContext http)
    {
        var engine = http.RequestServices.GetRequiredService<SandboxEngine>();
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await HtmlPages.Write(http, StatusCodes.Status400BadRequest, HtmlPages.InvalidJson);
            return;
        }

        var envelope = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]?.DeepClone() };
        try
        {
            // Odoo's JsonRPCDispatcher leaves "result" out when the method returned None.
            if (await Dispatch(engine, body["params"] as JsonObject ?? [], http.RequestAborted) is { } result)
            {
                envelope["result"] = result;
            }
        }
        catch (OdooException error)
        {
            envelope["error"] = new JsonObject
            {
                // Odoo 19 still answers legacy JSON-RPC but reports errors with code 0.
                ["code"] = engine.Options.Version >= 19 ? 0 : 200,
                ["message"] = "Odoo Server Error",
                ["data"] = new JsonObject
                {
                    ["name"] = error.Name,
                    ["debug"] = WireJson.Traceback(error),
                    ["message"] = error.Message,
                    ["arguments"] = new JsonArray(error.Message),
                    ["context"] = new JsonObject(),
                },
            };
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(WireJson.Serialize(envelope), http.RequestAborted);
    }

    private static Task<JsonNode?> Dispatch(SandboxEngine engine, JsonObject parameters, CancellationToken cancellationToken)
    {
        var service = parameters["service"]?.ToString();
        var method = parameters["method"]?.ToString();
        var args = parameters["args"] as JsonArray ?? [];
        return (service, method) switch
        {
            ("common", "version") => Task.FromResult<JsonNode?>(Version(engine.Options.Version)),
            ("common", "authenticate" or "login") => Task.FromResult<JsonNode?>(Authenticate(engine, args)),
            ("object", "execute_kw") => Execute(engine, args, args.Count > 5 ? args[5] as JsonArray ?? [] : [], args.Count > 6 ? args[6] as JsonObject ?? [] : [], cancellationToken),
            ("object", "execute") => Execute(engine, args, new JsonArray(args.Skip(5).Select(a => a?.DeepClone()).ToArray()), [], cancellationToken),
            ("common" or "object", _) => throw new OdooException("builtins.AttributeError", $"module 'odoo.service.{service}' has no attribute 'exp_{method}'", 500),
            _ => throw new OdooException("builtins.Exception", $"No such service: {service}", 500),
        };
    }

    private static JsonObject Version(int version) => new()
    {
        ["server_version"] = $"{version}.0",
        ["server_version_info"] = new JsonArray(version, 0, 0, "final", 0, string.Empty),
        ["server_serie"] = $"{version}.0",
        ["protocol_version"] = 1,
    };

    private static JsonValue Authenticate(SandboxEngine engine, JsonArray args)
    {
        CheckDatabase(engine, Text(args, 0));
        var ok = Text(args, 1) == engine.Options.Username && Text(args, 2) == engine.Options.ApiKey;
        return ok ? JsonValue.Create(2) : JsonValue.Create(false);
    }

    private static Task<JsonNode?> Execute(SandboxEngine engine, JsonArray args, JsonArray positional, JsonObject kwargs, CancellationToken cancellationToken)
    {
        CheckDatabase(engine, Text(args, 0));
        var uid = args.Count > 1 && JsonNumbers.IsNumber(args[1]) ? JsonNumbers.Int(args[1]!) : 0;
        if (uid != 2 || Text(args, 2) != engine.Options.ApiKey)
        {
            throw OdooException.AccessDenied();
        }

        var modelName = Text(args, 3) ?? string.Empty;
        var methodName = Text(args, 4) ?? string.Empty;
        engine.Calls.Record(modelName, methodName, onNoRecords: positional.Count == 0 || positional[0] is JsonArray { Count: 0 });
        var model = engine.Registry.Find(modelName) ?? throw OdooException.UserError($"Object {modelName} doesn't exist");
        if (methodName.StartsWith('_'))
        {
            throw engine.PrivateMethod(modelName, methodName);
        }

        var method = model.Methods.GetValueOrDefault(methodName)
            ?? throw new OdooException("builtins.AttributeError", $"The method '{methodName}' does not exist on the model '{modelName}'", 500);
        return engine.RunAsync(kwargs["context"] as JsonObject, env => Dispatcher.CallPositional(env, model, method, positional, kwargs), cancellationToken);
    }

    private static void CheckDatabase(SandboxEngine engine, string? database)
    {
        if (database != engine.Options.Database)
        {
            throw new OdooException(
                "psycopg2.OperationalError",
                $"connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  database \"{database}\" does not exist\n",
                500);
        }
    }

    private static string? Text(JsonArray args, int index) =>
        args.Count > index && args[index] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
