using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace RetailGateway.Api.Errors;

/// <summary>
/// Checks a request body that did not come through model binding (a replayed exception, a queued order)
/// with MVC's own validator: the same attributes on the same records, the same field names, the same
/// 400 <c>validation_failed</c> as the action that first took the body. A body stored by an earlier
/// gateway version that a rule now refuses is refused before anything reaches Odoo.
/// </summary>
internal sealed class BodyValidator(IObjectModelValidator validator, IServiceProvider services)
{
    public void Validate(object body)
    {
        // No request is needed: the validator reads only the model, its metadata and the services.
        var context = new ActionContext(new DefaultHttpContext { RequestServices = services }, new RouteData(), new ActionDescriptor());
        validator.Validate(context, validationState: null, prefix: string.Empty, body);
        if (!context.ModelState.IsValid)
        {
            var (errors, _) = ProblemSetup.Read(context.ModelState);
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, ProblemSetup.InvalidTitle, ProblemSetup.InvalidDetail, errors);
        }
    }
}
