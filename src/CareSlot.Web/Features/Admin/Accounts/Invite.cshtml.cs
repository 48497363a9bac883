using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Accounts;

public sealed class InviteInput
{
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; } = Roles.Support;
}

/// <summary>Invites a support agent or an administrator: they get an e-mail with a link to choose their password.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class InviteModel(InviteStaff invite, IStringLocalizer<AdminText> text) : PageModel
{
    [BindProperty]
    public InviteInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await invite.HandleAsync(User, new StaffInvitationRequest(Input.Email, Input.Name, Input.Role), ct);
            if (outcome.Problem is null)
            {
                Message = text["Invitation sent to {0}. The link works for 3 days.", Input.Email!.Trim()];
                return LocalRedirect($"/admin/accounts/{outcome.Value!.AccountId}");
            }
            ModelState.AddProblem(outcome.Problem);
            Response.StatusCode = outcome.Problem.Status;
            return Page();
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
