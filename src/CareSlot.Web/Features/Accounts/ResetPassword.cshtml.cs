using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class ResetPasswordModel(PasswordReset passwordReset) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var errors = await passwordReset.ResetAsync(new ResetPasswordRequest(Email, Token, NewPassword));
        if (errors.Count == 0) return RedirectToPage("/Accounts/SignIn", new { reset = true });
        foreach (var (field, messages) in errors)
        {
            ModelState.AddModelError(field == "token" ? nameof(Token) : nameof(NewPassword), messages[0]);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
