using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>Support finds the patient or doctor who asked for help by a part of their name, e-mail address or phone number.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class AccountsModel(SupportAccounts accounts) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<SupportAccountRow>? Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Query is null) return Page();
        var outcome = await accounts.SearchAsync(Query, ct);
        if (outcome.Problem is { Errors: { } errors })
        {
            ModelState.AddModelError("q", errors["q"][0]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Found = outcome.Value;
        return Page();
    }

    public string? Error => ModelState["q"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
