using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Records;

/// <summary>A patient adds something to their own history; it is always shown as patient-reported.</summary>
[Authorize(Policy = AccountPolicies.Patient)]
public sealed class NewModel(WriteRecord write, IStringLocalizer<RecordsText> text) : PageModel
{
    [BindProperty]
    public TitledInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadRequestPage();
        var outcome = await write.AddEntryAsync(User, User.AccountId(), new RecordEntryRequest("patient-reported", Input.Title, Input.Details), ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddProblem(problem);
            return BadRequestPage();
        }
        Message = text["Added to your health record."];
        return LocalRedirect($"/records/{outcome.Value!.Id}");
    }

    private PageResult BadRequestPage()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

/// <summary>A title and details: an allergy, a condition, or a patient's own entry.</summary>
public sealed class TitledInput
{
    public string? Title { get; set; }

    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
    public string? Details { get; set; }
}
