using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

/// <summary>An invited staff member chooses their password, then signs in and turns on two-factor.</summary>
[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class AcceptInvitationModel(AcceptInvitation accept, IStringLocalizer<AccountsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    /// <summary>The invited person's name; null when the link does not work (any more).</summary>
    public string? Name { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Name = (await accept.FindAsync(Token))?.FullName;
        return Name is null ? Refused() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Name = (await accept.FindAsync(Token))?.FullName;
        if (!ModelState.IsValid || Name is null) return Refused();
        var errors = await accept.HandleAsync(new AcceptInvitationRequest(Token, NewPassword), ct);
        if (errors.Count == 0) return RedirectToPage("/Accounts/SignIn", new { returnUrl = "/account/two-factor" });
        foreach (var (field, messages) in errors) ModelState.AddModelError(field == "token" ? nameof(Token) : nameof(NewPassword), messages[0]);
        return Refused();
    }

    private PageResult Refused()
    {
        if (Name is null && !ModelState.ContainsKey(nameof(Token)))
        {
            ModelState.AddModelError(nameof(Token), text["This invitation link is not valid any more. Ask an administrator for a new invitation."]);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
