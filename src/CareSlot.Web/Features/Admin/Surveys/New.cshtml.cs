using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>A new survey, saved as a draft: nobody is asked until it is opened and sent.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class NewModel(SaveSurvey save, IStringLocalizer<SurveysText> text) : SurveyPageModel
{
    [TempData]
    public string? Message { get; set; }

    public void OnGet() => Input.AddBlankRows();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Refused(null);
        var outcome = await save.CreateAsync(User.AccountId(), Input.ToRequest(), ct);
        if (outcome.Problem is { } problem) return Refused(problem);
        Message = text["The survey is saved as a draft. Open it when it is ready to send."];
        return LocalRedirect($"/admin/surveys/{outcome.Value!.Id}");
    }
}
