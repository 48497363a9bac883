using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Accounts;

public sealed class SignOutModel(SignInManager<Account> signIn, UserManager<Account> users) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }

    /// <summary>A new security stamp invalidates every other session at its next check (within a minute).</summary>
    public async Task<IActionResult> OnPostEverywhereAsync()
    {
        if (await users.GetUserAsync(User) is { } account) await users.UpdateSecurityStampAsync(account);
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
