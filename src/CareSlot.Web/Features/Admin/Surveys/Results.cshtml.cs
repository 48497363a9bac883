using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>A survey's results: the response rate, each question's chart and table, the newest free-text answers.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class ResultsModel(SurveyResults results) : PageModel
{
    public SurveyResultSheet? Sheet { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Sheet = await results.ForAsync(id, ct);
        return Sheet is null ? NotFound() : Page();
    }
}
