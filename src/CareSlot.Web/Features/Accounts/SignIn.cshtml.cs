using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class SignInModel(SignInManager<Account> signIn, IStringLocalizer<AccountsText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Verified { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Reset { get; set; }

    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.Email)) ModelState.AddModelError("Input.Email", text["Enter your email address."]);
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", text["Enter your password."]);
        if (!ModelState.IsValid) return BadRequestPage();

        var result = await signIn.PasswordSignInAsync(Input.Email!.Trim(), Input.Password!, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account");
        if (result.RequiresTwoFactor) return RedirectToPage("/Accounts/SignInTwoFactor", new { ReturnUrl, Input.RememberMe });

        ModelState.AddModelError("", result.IsNotAllowed && signIn is AccountSignInManager { LastRefusalWasSuspension: true }
            ? text["This account is suspended. Contact the clinic's administrators."]
            : result.IsNotAllowed
            ? text["Verify your email address or phone number first: open the link we e-mailed you, or enter the SMS code on the verification page."]
            : text[AccountSignInManager.FailedMessage]);
        return BadRequestPage();
    }

    private PageResult BadRequestPage()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
