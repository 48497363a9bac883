using Microsoft.AspNetCore.Mvc;

namespace CareSlot.Web.Features.Admin.Calendar;

/// <summary>One doctor's appointments at all their clinics on a day or in a week, with their hours and time off beside them.</summary>
public sealed class DoctorCalendarModel(CalendarQuery query) : CalendarPageModel
{
    public override string Path(int id) => $"/admin/calendar/doctors/{id}";

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => ShowAsync(id, request => query.DoctorAsync(id, request, ct));
}
