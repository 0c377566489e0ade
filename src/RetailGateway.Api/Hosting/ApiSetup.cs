using System.Text.Json;
using System.Text.Json.Serialization;
using Asp.Versioning;
using RetailGateway.Api.Audit;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Customers;
using RetailGateway.Api.Errors;
using RetailGateway.Api.Invoices;
using RetailGateway.Api.Orders;
using RetailGateway.Api.Products;
using RetailGateway.Api.Quotes;
using RetailGateway.Api.Returns;
using RetailGateway.Api.Security;
using RetailGateway.Api.Stock;
using RetailGateway.Odoo;

namespace RetailGateway.Api.Hosting;

internal static class ApiSetup
{
    /// <summary>Request bodies above this are refused with 413; the largest legitimate one (200 order lines) is far smaller.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>MVC controllers with Apex-friendly JSON, URL-segment versioning, problem responses and the resource services.</summary>
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            RequestLimits.Configure(kestrel.Limits);
            // No Server banner: naming the server and its version helps only an attacker.
            kestrel.AddServerHeader = false;
        });
        var services = builder.Services;
        services.AddControllers(mvc =>
            {
                mvc.Filters.Add<ETagFilter>();
                mvc.Filters.Add<ExactContentType>();
                mvc.ModelBinderProviders.Insert(0, new StrictQueryBinderProvider());
            })
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new GatewayControllers()))
            .AddJsonOptions(json => Configure(json.JsonSerializerOptions));
        var deprecations = builder.Configuration.GetSection(ApiVersionOptions.SectionName).Get<ApiVersionOptions>()?.Deprecations ?? [];
        services.AddApiVersioning(versioning =>
            {
                versioning.DefaultApiVersion = new ApiVersion(1, 0);
                versioning.ReportApiVersions = true;
                versioning.ApiVersionReader = new PathVersionReader();
                // A path that exists in another version only (v2's products asked as v1) is not served: 404, as routing answers any other path.
                versioning.UnsupportedApiVersionStatusCode = StatusCodes.Status404NotFound;
                foreach (var deprecation in deprecations)
                {
                    var version = ApiVersionParser.Default.Parse(deprecation.Version);
                    var deprecate = versioning.Policies.Deprecate(version);
                    deprecate.SetEffectiveDate(deprecation.DeprecatedOn);
                    var sunset = versioning.Policies.Sunset(version);
                    if (deprecation.SunsetOn is { } sunsetOn)
                    {
                        sunset.SetEffectiveDate(sunsetOn);
                    }

                    if (deprecation.Link is { } link)
                    {
                        deprecate.Link(link);
                        sunset.Link(link);
                    }
                }
            })
            .AddMvc()
            .AddApiExplorer(explorer =>
            {
                explorer.GroupNameFormat = "'v'VVV";
                explorer.SubstituteApiVersionInUrl = true;
            });
        // The one clock of the gateway; tests replace it to move time.
        services.AddSingleton(TimeProvider.System);
        services.AddGatewayProblems();
        services.AddGatewaySecurity(builder.Configuration, builder.Environment);
        services.AddGatewayAudit();

        services.AddOdooClient(builder.Configuration);
        services.AddScoped<CustomerService>();
        services.AddScoped<OrderService>();
        services.AddScoped<QuoteService>();
        services.AddScoped<ReturnService>();
        services.AddScoped<StockService>();
        services.AddScoped<InvoiceService>();
        services.AddScoped<CreditNoteService>();
        services.AddScoped<ProductService>();
        services.AddChangeFeed();
        return builder;
    }

    /// <summary>Deepest JSON nesting read or written; canonical resources nest a few levels, anything deeper is an attack.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>
    /// camelCase names, enums as camelCase strings, UTC datetimes with <c>Z</c>, nesting up to <see cref="MaxJsonDepth"/>,
    /// numbers only as JSON numbers (the web defaults would also read <c>"2"</c>, which the documents refuse), and
    /// each member once: which of two <c>customerId</c>s a caller meant, and which one a proxy in front of the gateway
    /// checked, is anyone's guess, so such a body is malformed (I-JSON, RFC 7493).
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MaxDepth = MaxJsonDepth;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new TextWithoutNulConverter());
    }
}

/// <summary>
/// Refuses text holding a NUL character (<c>\u0000</c>) as malformed, in every body member: Odoo stores text in
/// PostgreSQL, which cannot hold one, so Odoo would fail the call after the gateway had begun its work.
/// </summary>
internal sealed class TextWithoutNulConverter : JsonConverter<string>
{
    public const string Message = "Text must not contain a NUL character (\\u0000).";

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString()!;
        return text.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(Message) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Writes every datetime as UTC <c>yyyy-MM-ddTHH:mm:ssZ</c>, the form Apex's <c>JSON.deserialize</c> reads.</summary>
internal sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
