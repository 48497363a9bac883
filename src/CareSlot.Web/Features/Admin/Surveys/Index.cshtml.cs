using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>Every survey, newest first, with its state and how many were invited and answered.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(SurveyQueries queries) : PageModel
{
    public IReadOnlyList<SurveyRow> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Rows = await queries.ListAsync(ct);
}
