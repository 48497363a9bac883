using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Records;

/// <summary>The patient's whole history on one page, laid out for paper.</summary>
[Authorize(Policy = AccountPolicies.Patient)]
public sealed class PrintModel(PatientRecords records) : PageModel
{
    public const int MaxEntries = 2000;

    public IReadOnlyList<RecordEntryView> History { get; private set; } = [];
    public string PatientName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await records.HistoryAsync(User, User.AccountId(), null, ct, pageSize: MaxEntries) is not { } history) return NotFound();
        History = history.Entries;
        return Page();
    }
}
