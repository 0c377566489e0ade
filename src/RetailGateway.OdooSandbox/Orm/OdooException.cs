namespace RetailGateway.OdooSandbox.Orm;

/// <summary>
/// A Python exception as Odoo reports it: <see cref="Name"/> is the qualified class name the wire
/// carries in <c>error.data.name</c> (JSON-RPC) or <c>name</c> (JSON-2).
/// </summary>
internal sealed class OdooException(string name, string message, int status) : Exception(message)
{
    public string Name { get; } = name;

    /// <summary>The HTTP status JSON-2 answers with; JSON-RPC always answers 200.</summary>
    public int Status { get; } = status;

    /// <summary>Werkzeug HTTP exceptions carry the status as a second argument.</summary>
    public bool IsHttpException => Name.StartsWith("werkzeug.", StringComparison.Ordinal);

    /// <summary>
    /// A call whose arguments do not bind to the method's signature. JSON-2 answers 422
    /// UnprocessableEntity for it; JSON-RPC reports the Python TypeError.
    /// </summary>
    public bool IsSignatureMismatch { get; init; }

    public static OdooException UserError(string message) => new("odoo.exceptions.UserError", message, 422);

    public static OdooException ValidationError(string message) => new("odoo.exceptions.ValidationError", message, 422);

    public static OdooException AccessError(string message) => new("odoo.exceptions.AccessError", message, 403);

    public static OdooException AccessDenied() => new("odoo.exceptions.AccessDenied", "Access Denied", 401);

    public static OdooException ValueError(string message) => new("builtins.ValueError", message, 500);

    public static OdooException TypeError(string message) => new("builtins.TypeError", message, 500);

    public static OdooException InvalidField(string model, string field) => ValueError($"Invalid field '{field}' on model '{model}'");

    /// <summary>
    /// An unknown field among those to fetch (<c>read</c>, <c>search_read</c>, <c>web_read</c>, <c>web_search_read</c>): Odoo 19's
    /// <c>_determine_fields_to_fetch</c> words it without "model", 17's with it.
    /// </summary>
    public static OdooException InvalidFetchField(int version, string model, string field) =>
        version >= 19 ? ValueError($"Invalid field '{field}' on '{model}'") : InvalidField(model, field);

    /// <summary>What PostgreSQL raises for a LIKE pattern ending in its escape character; Odoo passes it on.</summary>
    public static OdooException InvalidEscapeSequence() =>
        new("psycopg2.errors.InvalidEscapeSequence", "LIKE pattern must not end with escape character", 500);

    /// <summary>What psycopg2 raises for text with a NUL character; Odoo passes it on.</summary>
    public static OdooException NulInText() => ValueError("A string literal cannot contain NUL (0x00) characters.");

    public static OdooException NotFound(string message) => new("werkzeug.exceptions.NotFound", message, 404);

    public static OdooException Missing(string model, IEnumerable<int> ids)
    {
        var list = ids.ToList();
        // Python's tuple repr: a one-element tuple keeps its trailing comma.
        var tuple = list.Count == 1 ? $"{list[0]}," : string.Join(", ", list);
        return new("odoo.exceptions.MissingError", $"Record does not exist or has been deleted.\n(Record: {model}({tuple}), User: 2)", 404);
    }
}
