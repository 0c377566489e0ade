using Microsoft.Extensions.Options;

namespace RetailGateway.Api.Hosting;

internal static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and checks it at start-up with
    /// its source-generated validator (<c>[OptionsValidator]</c>). Not <c>ValidateDataAnnotations</c>:
    /// DataAnnotations keeps one <c>RangeAttribute</c> per property for the whole process, and its
    /// lazy conversion of <c>TimeSpan</c> bounds is not thread-safe, so hosts starting side by side
    /// could fail validation at random (dotnet/runtime#1143); the generated validator is safe.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
