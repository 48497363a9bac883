using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Accounts;

[Authorize]
public sealed class IndexModel(UserManager<Account> users) : PageModel
{
    public Account Me { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } me) return Challenge();
        Me = me;
        return Page();
    }
}
