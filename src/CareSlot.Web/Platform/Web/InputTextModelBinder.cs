using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Forms and query strings bound by Razor Pages get the same check as the API (<see cref="InputText"/>): the problem
/// is recorded under the field's name, so the page shows it next to the field. Handlers check <c>ModelState.IsValid</c>
/// before they act; the pages that hand a whole form to a use case instead (schedules, doctor profile) have the use
/// case check its request with <see cref="TextInspector"/>, which names fields as the API does.
/// </summary>
public sealed class InputTextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string)) return null;
        // Only text that comes from the query, the form or the route; [FromHeader], [FromBody] and services keep their own binders.
        if (context.BindingInfo.BindingSource is { } source
            && source != BindingSource.Query && source != BindingSource.Form && source != BindingSource.Path && source != BindingSource.ModelBinding)
        {
            return null;
        }
        var text = new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>());
        return new InputTextModelBinder(text, context.Metadata.DataTypeName == nameof(DataType.MultilineText));
    }

    private sealed class InputTextModelBinder(IModelBinder text, bool multiline) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await text.BindModelAsync(bindingContext);
            if (bindingContext.Result.Model is string value && InputText.Problem(value, multiline, bindingContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<WebText>>()) is { } problem)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, problem);
            }
        }
    }
}
