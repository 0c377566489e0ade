using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace RetailGateway.Api.Hosting;

/// <summary>
/// Holds a request body to the media types its action's <see cref="ConsumesAttribute"/> names, exactly:
/// MVC's own check takes any subtype with a matching <c>+json</c> suffix, so <c>[Consumes("application/json")]</c>
/// would read an <c>application/json-patch+json</c> body as if it were the resource itself.
/// </summary>
internal sealed class ExactContentType : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var consumes = context.Filters.OfType<ConsumesAttribute>().LastOrDefault();
        if (consumes is null
            || !MediaTypeHeaderValue.TryParse(context.HttpContext.Request.ContentType, out var sent))
        {
            // No declared types, or no or an unreadable Content-Type: MVC's own check answers.
            return;
        }

        var named = consumes.ContentTypes.Any(type =>
            MediaTypeHeaderValue.TryParse(type, out var allowed)
            && allowed.MediaType.Equals(sent.MediaType, StringComparison.OrdinalIgnoreCase));
        if (!named)
        {
            context.Result = new UnsupportedMediaTypeResult();
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
        // Nothing to do after the action.
    }
}
