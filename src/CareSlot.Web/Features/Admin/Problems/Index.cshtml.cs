using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Observability;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Problems;

/// <summary>
/// Technical problems at a glance: messages that could not be delivered, background work that failed, unhandled errors by
/// kind. A correlation id a user read on their error page finds its entry.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(ProblemsOverview overview, IStringLocalizer<AdminText> text) : PageModel
{
    public ProblemsSummary Summary { get; private set; } = null!;

    /// <summary>The correlation id searched for.</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public string? CorrelationId { get; set; }

    /// <summary>What the search found; null when there was no search.</summary>
    public IReadOnlyList<TechnicalProblem>? Found { get; private set; }

    public string? SearchError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var id = CorrelationId?.Trim();
        if (!ModelState.IsValid)
        {
            SearchError = ModelState["id"]?.Errors.FirstOrDefault()?.ErrorMessage ?? text["Paste the id exactly as the error page shows it."];
        }
        else if (id is { Length: > TechnicalProblem.CorrelationIdMaxLength })
        {
            SearchError = text["A correlation id has at most {0} characters.", TechnicalProblem.CorrelationIdMaxLength];
        }
        else if (!string.IsNullOrEmpty(id))
        {
            Found = await overview.FindAsync(id, ct);
        }
        if (SearchError is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        Summary = await overview.SummarizeAsync(ct);
    }
}
