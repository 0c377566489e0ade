using System.Text;

namespace RetailGateway.OdooSandbox.Protocol;

/// <summary>The HTML error pages werkzeug and proxies answer with where clients expect JSON.</summary>
internal static class HtmlPages
{
    public static Task Write(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), http.RequestAborted).AsTask();
    }

    public static string Werkzeug(int status, string title, string description) =>
        $"<!doctype html>\n<html lang=en>\n<title>{status} {title}</title>\n<h1>{title}</h1>\n<p>{description}</p>\n";

    public static readonly string NotFound = Werkzeug(404, "Not Found",
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.");

    public static readonly string UnsupportedMediaType = Werkzeug(415, "Unsupported Media Type",
        "The server does not support the media type transmitted in the request.");

    public static readonly string InvalidJson = Werkzeug(400, "Bad Request", "Invalid JSON data");

    public const string ServiceUnavailable =
        "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n";

    public const string BadGateway =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}
