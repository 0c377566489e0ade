using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using RetailGateway.OdooSandbox.Hosting;
using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Protocol;

/// <summary>
/// <c>POST /json/2/&lt;model&gt;/&lt;method&gt;</c> (Odoo 19): bearer API key, named arguments in the
/// body, the bare result on success and real HTTP statuses on errors.
/// </summary>
internal static class Json2Endpoint
{
    public static async Task Handle(HttpContext http)
    {
        var engine = http.RequestServices.GetRequiredService<SandboxEngine>();
        if (engine.Options.Version < 19)
        {
            // Odoo 17 has no such route.
            await HtmlPages.Write(http, StatusCodes.Status404NotFound, HtmlPages.NotFound);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await HtmlPages.Write(http, StatusCodes.Status415UnsupportedMediaType, HtmlPages.UnsupportedMediaType);
            return;
        }

        var modelName = (string)http.Request.RouteValues["model"]!;
        var methodName = (string)http.Request.RouteValues["method"]!;
        JsonNode? result;
        try
        {
            Authenticate(engine, http.Request.Headers.Authorization.ToString());
            var body = Parse(await ReadBody(http));
            engine.Calls.Record(modelName, methodName, onNoRecords: body["ids"] is null or JsonArray { Count: 0 });
            var model = engine.Registry.Find(modelName) ?? throw OdooException.NotFound($"the model '{modelName}' does not exist");
            if (methodName.StartsWith('_'))
            {
                throw engine.PrivateMethod(modelName, methodName);
            }

            var method = model.Methods.GetValueOrDefault(methodName)
                ?? throw OdooException.NotFound($"The method '{modelName}.{methodName}' does not exist");
            result = await engine.RunAsync(body["context"] as JsonObject, env => Dispatcher.CallNamed(env, model, method, body), http.RequestAborted);
        }
        catch (OdooException error)
        {
            var reported = error.IsSignatureMismatch
                ? new OdooException("werkzeug.exceptions.UnprocessableEntity", error.Message, StatusCodes.Status422UnprocessableEntity)
                : error;
            if (reported.Status == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await Write(http, reported.Status, WireJson.Error(reported));
            return;
        }

        await Write(http, StatusCodes.Status200OK, result);
    }

    private static void Authenticate(SandboxEngine engine, string header)
    {
        const string scheme = "bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized("User not authenticated, use an API Key with a Bearer Authorization header.");
        }

        if (header[scheme.Length..].Trim() != engine.Options.ApiKey)
        {
            throw Unauthorized("Invalid apikey");
        }
    }

    private static OdooException Unauthorized(string message) => new("werkzeug.exceptions.Unauthorized", message, StatusCodes.Status401Unauthorized);

    private static async Task<string> ReadBody(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static JsonObject Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw BadRequest("could not parse the body, a json object is expected");
        }
        catch (JsonException error)
        {
            // Python's json error message, which Odoo passes on.
            var line = (int)(error.LineNumber ?? 0);
            var column = (int)(error.BytePositionInLine ?? 0);
            var lineStart = 0;
            for (var i = 0; i < line; i++)
            {
                lineStart = text.IndexOf('\n', lineStart) + 1;
            }

            throw BadRequest($"could not parse the body as json: Expecting value: line {line + 1} column {column + 1} (char {lineStart + column})");
        }
    }

    private static OdooException BadRequest(string message) => new("werkzeug.exceptions.BadRequest", message, StatusCodes.Status400BadRequest);

    private static async Task Write(HttpContext http, int status, JsonNode? body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(WireJson.Serialize(body), http.RequestAborted);
    }
}
