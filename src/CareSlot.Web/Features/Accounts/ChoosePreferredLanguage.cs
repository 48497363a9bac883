using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// A signed-in person chooses the language the site and its messages speak to them; the session is renewed so that the
/// next page already speaks it.
/// </summary>
public sealed class ChoosePreferredLanguage(UserManager<Account> users, SignInManager<Account> signIn)
{
    public async Task HandleAsync(ClaimsPrincipal user, string language)
    {
        if (await users.GetUserAsync(user) is not { } account || account.PreferredLanguage == language) return;
        account.PreferredLanguage = language;
        var result = await users.UpdateAsync(account);
        if (!result.Succeeded) throw new InvalidOperationException("The language preference was not saved: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        await signIn.RefreshSignInAsync(account);
    }
}
