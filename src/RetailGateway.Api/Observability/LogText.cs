using System.Globalization;
using System.Text;

namespace RetailGateway.Api.Observability;

/// <summary>
/// Encodes a caller's value for a log message. The console's simple formatter writes a message as it
/// stands, so a raw CR/LF would start a forged log line and an ANSI escape would rewrite the terminal;
/// control characters (and the backslash, so that an escape stays unambiguous) are written as C-style escapes.
/// </summary>
internal static class LogText
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '\r' => escaped.Append(@"\r"),
                '\n' => escaped.Append(@"\n"),
                '\t' => escaped.Append(@"\t"),
                _ when NeedsEscape(c) => escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>C0 and C1 controls, DEL, and the Unicode line and paragraph separators.</summary>
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\\' or '\u2028' or '\u2029';
}
