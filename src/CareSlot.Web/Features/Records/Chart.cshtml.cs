using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>
/// A patient's chart for a doctor who cares for them (their visits together and the whole history), or for an
/// administrator with open break-glass access (every visit). Anyone else: 404.
/// </summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class ChartModel(CareSlotDb db, PatientRecords records, DoctorPatients patients, WriteRecord write, IClock clock,
    IStringLocalizer<RecordsText> text) : PageModel
{
    public Guid PatientId { get; private set; }
    public string PatientName { get; private set; } = "";
    public HistoryPage History { get; private set; } = new([], 1, false);

    /// <summary>Which page of the history (50 entries each, newest first); anything but a page number is not a page.</summary>
    /// <remarks>From the query alone: "page" is also the route value naming a Razor page.</remarks>
    [FromQuery(Name = "page")]
    public string? PageNumber { get; set; }
    public IReadOnlyList<DoctorVisit> Visits { get; private set; } = [];
    public bool IsDoctor { get; private set; }
    public Instant Now { get; private set; }
    public string? PageError { get; private set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public TitledInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public Task<IActionResult> OnGetAsync(Guid patientId, CancellationToken ct) => ShowAsync(patientId, StatusCodes.Status200OK, ct);

    public async Task<IActionResult> OnPostAddEntryAsync(Guid patientId, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await ShowAsync(patientId, StatusCodes.Status400BadRequest, ct);
        var outcome = await write.AddEntryAsync(User, patientId, new RecordEntryRequest(Kind, Input.Title, Input.Details), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]> { [""] = [problem.Detail] })
            {
                var key = field == "kind" ? "Kind" : field.Length == 0 ? "" : "Input." + char.ToUpperInvariant(field[0]) + field[1..];
                foreach (var message in messages) ModelState.AddModelError(key, message);
            }
            return await ShowAsync(patientId, problem.Status, ct);
        }
        Message = text["Added to the patient's history."];
        return LocalRedirect($"/patients/{patientId}/chart");
    }

    private async Task<IActionResult> ShowAsync(Guid patientId, int status, CancellationToken ct)
    {
        if (RecordsDisplay.PageNumber(PageNumber) is not { } page)
        {
            PageError = text["Use a page number from 1 to {0}.", PatientRecords.MaxPage];
            status = StatusCodes.Status400BadRequest;
            page = 1;
        }
        if (await records.HistoryAsync(User, patientId, null, ct, page) is not { } history) return NotFound();
        var viewer = (await Viewer.FromAsync(User, db, ct))!;
        if (viewer.Actor == Actor.Patient) return LocalRedirect("/records");
        PatientId = patientId;
        History = history;
        IsDoctor = viewer.Actor == Actor.Doctor;
        PatientName = await patients.PatientNameAsync(patientId, ct) ?? "";
        Visits = await patients.ChartVisitsAsync(patientId, IsDoctor ? viewer.DoctorId : null, ct);
        Now = clock.GetCurrentInstant();
        Response.StatusCode = status;
        return Page();
    }
}
