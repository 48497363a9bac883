using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

public static class PagesExtensions
{
    /// <summary>Pages live beside the rest of their feature, so Razor Pages' root is Features/.</summary>
    public static IServiceCollection AddCareSlotPages(this IServiceCollection services)
    {
        services.AddRazorPages(options => options.RootDirectory = "/Features")
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new InputTextModelBinderProvider()));
        services.AddOptions<MvcOptions>().Configure<IStringLocalizer<WebText>>(SayBindingProblemsInTheReadersLanguage);
        services.Configure<RouteOptions>(options => options.LowercaseUrls = true);
        return services;
    }

    /// <summary>
    /// A form value the framework cannot convert (a letter in a number field) is reported in the reader's language; the
    /// localizer looks the culture up when the message is made, per request.
    /// </summary>
    private static void SayBindingProblemsInTheReadersLanguage(MvcOptions options, IStringLocalizer<WebText> words)
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetMissingBindRequiredValueAccessor(field => words["Enter a value for {0}.", field]);
        messages.SetMissingKeyOrValueAccessor(() => words["A value is required."]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => words["A request body is required."]);
        messages.SetValueMustNotBeNullAccessor(value => words["'{0}' is not a valid value.", value]);
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => words["'{0}' is not a valid value for {1}.", value, field]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => words["'{0}' is not a valid value.", value]);
        messages.SetUnknownValueIsInvalidAccessor(field => words["Enter a valid value."]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => words["Enter a valid value."]);
        messages.SetValueIsInvalidAccessor(value => words["'{0}' is not a valid value.", value]);
        messages.SetValueMustBeANumberAccessor(field => words["{0} must be a number.", field]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => words["The value must be a number."]);
    }
}
