using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// Binds query parameters exactly as the OpenAPI documents state them, for every operation. MVC's own binding is
/// lenient in ways a filter must not be: an empty or blank value is read as no filter (so <c>?customerId=</c> lists
/// every customer's orders), a repeated parameter silently keeps its first value, numbers may be hexadecimal
/// (<c>0x10</c>), enum values match in any case or as their numbers, and a date-time needs no time zone.
/// Here a value is given once, is not blank, and is a decimal whole number, <c>true</c> or <c>false</c>, an RFC 3339 date-time with its zone,
/// or one of the enum's names as the JSON bodies spell them; anything else is a 400 <c>validation_failed</c>.
/// </summary>
internal sealed partial class StrictQueryBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return context.BindingInfo.BindingSource == BindingSource.Query && (type == typeof(string) || type == typeof(int) || type == typeof(bool) || type == typeof(DateTimeOffset) || type.IsEnum)
            ? new StrictQueryBinder(type)
            : null;
    }

    private sealed class StrictQueryBinder(Type type) : IModelBinder
    {
        private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, object>> EnumNames = new();

        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var values = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (values == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, values);
            var text = values.FirstValue;
            var (value, error) = values.Length > 1 ? (null, "Give this parameter once.")
                : string.IsNullOrWhiteSpace(text) ? (null, "Must not be empty: leave the parameter out instead.")
                : Parse(text, bindingContext.HttpContext.RequestServices);
            if (error is not null)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, error);
                bindingContext.Result = ModelBindingResult.Failed();
                return Task.CompletedTask;
            }

            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }

        private (object? Value, string? Error) Parse(string text, IServiceProvider services)
        {
            if (type == typeof(string))
            {
                return text.Contains('\0', StringComparison.Ordinal) ? (null, TextWithoutNulConverter.Message) : (text, null);
            }

            if (type == typeof(int))
            {
                return WholeNumber().IsMatch(text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? (number, null)
                    : (null, "Must be a whole number in decimal digits.");
            }

            if (type == typeof(bool))
            {
                // As JSON spells them: bool.Parse would also take "True" and " false ".
                return text switch
                {
                    "true" => (true, null),
                    "false" => (false, null),
                    _ => (null, "Must be true or false."),
                };
            }

            if (type == typeof(DateTimeOffset))
            {
                return DateTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? (time, null)
                    : (null, "Must be an RFC 3339 date-time with its zone, e.g. 2026-11-27T11:09:16Z.");
            }

            var names = EnumNames.GetOrAdd(type, _ => WireNames(type, services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions));
            return names.TryGetValue(text, out var member)
                ? (member, null)
                : (null, $"Must be one of {string.Join(", ", names.Keys)}.");
        }

        /// <summary>The enum's members by the names the JSON bodies give them (e.g. <c>partiallyPaid</c>), compared exactly.</summary>
        private static Dictionary<string, object> WireNames(Type enumType, JsonSerializerOptions json) =>
            Enum.GetValues(enumType).Cast<object>().ToDictionary(member => JsonSerializer.Serialize(member, enumType, json).Trim('"'), StringComparer.Ordinal);
    }

    [GeneratedRegex("^-?[0-9]{1,10}$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex DateTime();
}
