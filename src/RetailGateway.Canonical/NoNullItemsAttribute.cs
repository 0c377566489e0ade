using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace RetailGateway.Canonical;

/// <summary>
/// A list whose elements are all present: MVC validates each element's own rules but skips a null
/// element, which would otherwise reach the code that maps it. The error names the element
/// (<c>lines[0]</c>): a member name starting with <c>[</c> is appended to the list's own field name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NoNullItemsAttribute : ValidationAttribute
{
    public NoNullItemsAttribute()
        : base("Must not be null.")
    {
    }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not IEnumerable items)
        {
            return ValidationResult.Success;
        }

        var index = 0;
        foreach (var item in items)
        {
            if (item is null)
            {
                return new ValidationResult(ErrorMessageString, [$"[{index}]"]);
            }

            index++;
        }

        return ValidationResult.Success;
    }
}
