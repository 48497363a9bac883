using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>A survey's responses as CSV, one row per response, streamed.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class ResultsCsvModel(SurveyQueries queries, SurveyResults results) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var survey = await queries.FindAsync(id, ct);
        if (survey is null) return NotFound();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename={SurveyResults.FileName(survey)}";
        Response.Headers.CacheControl = "private, no-store";
        await results.WriteCsvAsync(survey, Response.Body, ct);
        return new EmptyResult();
    }
}
