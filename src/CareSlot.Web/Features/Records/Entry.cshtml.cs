using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Records;

/// <summary>One history entry with every version; whoever may not read it gets 404.</summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class EntryModel(PatientRecords records, CareSlotDb db, IAuthorizationService authorization) : PageModel
{
    public RecordEntryView Entry { get; private set; } = null!;
    public bool MayAmend { get; private set; }
    public bool IsOwnRecord { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await records.EntryAsync(User, id, ct) is not { } entry) return NotFound();
        Entry = entry;
        IsOwnRecord = entry.PatientId == User.AccountId();
        var row = await db.RecordEntries.AsNoTracking().SingleAsync(e => e.Id == id, ct);
        MayAmend = (await authorization.AuthorizeAsync(User, row, RecordOperations.Amend)).Succeeded;
        return Page();
    }
}
