using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class NewModel(SaveClinic save, IStringLocalizer<AdminText> text) : PageModel
{
    [BindProperty]
    public ClinicInput Input { get; set; } = new() { AutoConfirm = true };

    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await save.CreateAsync(Input.ToRequest(), ct);
            if (outcome.Problem is null)
            {
                Message = text["The clinic is saved. Assign its doctors below."];
                return LocalRedirect($"/admin/clinics/{outcome.Value!.Id}");
            }
            ModelState.AddProblem(outcome.Problem);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
