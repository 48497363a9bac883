using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Consents;

/// <summary>
/// Sends a signed-in person's page requests to the re-consent page while the current privacy notice waits for their
/// acceptance (a newer version, or they withdrew it). Left alone: the API (GET /api/v1/account/consents says
/// reconsentRequired instead, so an app can show the notice), static files and anything else that is not a page, and
/// the pages a person must reach without accepting: the notice, signing out, the language, errors, and the privacy,
/// consent, export and erasure pages under /account/privacy and /account/data.
/// </summary>
public sealed class ConsentReview(RequestDelegate next)
{
    public const string ReviewPath = "/account/privacy/review";

    private static readonly PathString[] Open =
        ["/privacy", "/account/privacy", "/account/data", "/account/sign-out", "/account/access-denied", "/language", "/error"];

    public async Task InvokeAsync(HttpContext context)
    {
        // The ledger (and with it a database context) only for a signed-in person's page, not for every file and API call.
        if (NeedsAsking(context) && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)
            && await context.RequestServices.GetRequiredService<ConsentLedger>().ReconsentRequiredAsync(accountId, context.RequestAborted))
        {
            var wanted = HttpMethods.IsGet(context.Request.Method) ? context.Request.Path + context.Request.QueryString : "/account";
            context.Response.Redirect($"{ReviewPath}?returnUrl={Uri.EscapeDataString(wanted)}");
            return;
        }
        await next(context);
    }

    private static bool NeedsAsking(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
        && context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null
        && !Open.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase));
}
