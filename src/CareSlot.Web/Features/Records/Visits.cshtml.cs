using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>A doctor's visits today and for the rest of the week, with their notes and the patients' charts.</summary>
[Authorize(Policy = AccountPolicies.DoctorWithSecondFactor)]
public sealed class VisitsModel(CareSlotDb db, DoctorPatients patients, IClock clock) : PageModel
{
    public LocalDate Today { get; private set; }
    public IReadOnlyList<DoctorVisit> TodaysVisits { get; private set; } = [];
    public IReadOnlyList<DoctorVisit> LaterThisWeek { get; private set; } = [];
    public Instant Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { DoctorId: int doctorId }) return NotFound();
        var (today, visits) = await patients.ThisWeekAsync(doctorId, ClinicTime.FirstDayOfWeek, ct);
        Today = today;
        TodaysVisits = [.. visits.Where(v => v.Start.InZone(v.Zone).Date == today)];
        LaterThisWeek = [.. visits.Where(v => v.Start.InZone(v.Zone).Date > today)];
        Now = clock.GetCurrentInstant();
        return Page();
    }
}
