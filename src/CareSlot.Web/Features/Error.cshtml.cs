using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedText> text) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public string? RequestId { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        RequestId = CorrelationId.Of(HttpContext);
        // A form the framework refused to read (it will not decode a NUL) arrives here without ?status= but with its 400.
        status ??= HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is BadHttpRequestException badRequest
            ? badRequest.StatusCode
            : Response.StatusCode is >= 400 and < 500 or StatusCodes.Status503ServiceUnavailable ? Response.StatusCode : null;
        if (status is int code) Response.StatusCode = code;
        if (status == StatusCodes.Status503ServiceUnavailable) DatabaseUnavailableExceptionHandler.AddRetryAfter(Response);
        (Heading, Explanation) = status switch
        {
            404 => (text["Page not found"], text["The page you asked for does not exist or has moved."]),
            400 => (text["That request was not understood"], text["Please check the address or the form and try again."]),
            429 => (text["Too many requests"], text["Please wait a moment before trying again."]),
            503 => (text["Briefly unavailable"], text["We cannot reach our records for a moment. Please try again shortly."]),
            _ => (text["Something went wrong"], text["We could not complete your request. Please try again in a moment."]),
        };
    }
}
