using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = "We could not complete your request. Please try again in a moment.";
    public string? RequestId { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        // A form the framework refused to read (it will not decode a NUL) arrives here without ?status= but with its 400.
        status ??= HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is BadHttpRequestException badRequest
            ? badRequest.StatusCode
            : Response.StatusCode is >= 400 and < 500 ? Response.StatusCode : null;
        if (status is int code) Response.StatusCode = code;
        switch (status)
        {
            case 404:
                Heading = "Page not found";
                Explanation = "The page you asked for does not exist or has moved.";
                break;
            case 400:
                Heading = "That request was not understood";
                Explanation = "Please check the address or the form and try again.";
                break;
            case 429:
                Heading = "Too many requests";
                Explanation = "Please wait a moment before trying again.";
                break;
        }
    }
}
