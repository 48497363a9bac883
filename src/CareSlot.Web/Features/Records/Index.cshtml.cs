using System.Text;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Records;

public sealed record BreakGlassNotice(Instant OpenedAt, Instant ExpiresAt, string Reason);

/// <summary>The patient's own medical history, newest first, with the emergency accesses to it.</summary>
[Authorize(Policy = AccountPolicies.Patient)]
public sealed class IndexModel(PatientRecords records, CareSlotDb db, IStringLocalizer<RecordsText> text) : PageModel
{
    public HistoryPage History { get; private set; } = new([], 1, false);
    public IReadOnlyList<BreakGlassNotice> BreakGlass { get; private set; } = [];
    public RecordKind? Kind { get; private set; }
    public string? KindError { get; private set; }
    public string? PageError { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <param name="page">From the query alone: "page" is also the route value naming a Razor page.</param>
    public async Task<IActionResult> OnGetAsync(string? kind, [FromQuery(Name = "page")] string? page, CancellationToken ct)
    {
        if (RecordsDisplay.PageNumber(page) is not { } pageNumber)
        {
            PageError = text["Use a page number from 1 to {0}.", PatientRecords.MaxPage];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            pageNumber = 1;
        }
        if (!string.IsNullOrEmpty(kind))
        {
            Kind = RecordKinds.Parse(kind);
            if (Kind is null)
            {
                KindError = text["Choose one of the kinds in the list."];
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
        var patientId = User.AccountId();
        if (await records.HistoryAsync(User, patientId, Kind, ct, pageNumber) is not { } history) return NotFound();
        History = history;
        BreakGlass = await db.BreakGlassAccesses.AsNoTracking().Where(b => b.PatientId == patientId).OrderByDescending(b => b.OpenedAt)
            .Select(b => new BreakGlassNotice(b.OpenedAt, b.ExpiresAt, b.Reason)).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        await records.ExportAsync(User, ct) is { } json
            ? File(Encoding.UTF8.GetBytes(json), "application/json", "careslot-medical-history.json")
            : NotFound();
}
