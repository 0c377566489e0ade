using System.Globalization;
using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Observability;

/// <summary>Reads <c>GET /metrics</c> as Prometheus does: with a token carrying <c>Metrics.Read</c>.</summary>
public static class Prometheus
{
    /// <summary>Scrapes until the text contains <paramref name="expected"/> (the exporter caches a scrape for a moment).</summary>
    public static async Task<string> ScrapeUntilAsync(this GatewayInstance gateway, string expected) =>
        await gateway.ScrapeUntilAsync(text => text.Contains(expected, StringComparison.Ordinal), expected);

    /// <summary>Scrapes until a sample of <paramref name="metric"/> has all of <paramref name="labels"/> (<c>name="value"</c>); returns its value.</summary>
    public static async Task<double> SampleAsync(this GatewayInstance gateway, string metric, params string[] labels)
    {
        double? value = null;
        await gateway.ScrapeUntilAsync(text => (value = Find(text, metric, labels)) is not null, $"{metric} with {string.Join(", ", labels)}");
        return value!.Value;
    }

    private static double? Find(string text, string metric, string[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static async Task<string> ScrapeUntilAsync(this GatewayInstance gateway, Func<string, bool> seen, string expected)
    {
        using var scraper = gateway.Client("Metrics.Read");
        var text = string.Empty;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var response = await scraper.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
            if (seen(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"/metrics never showed {expected}:\n{text}");
    }
}
