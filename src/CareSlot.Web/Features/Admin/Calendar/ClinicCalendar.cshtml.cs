using Microsoft.AspNetCore.Mvc;

namespace CareSlot.Web.Features.Admin.Calendar;

/// <summary>Every appointment at one clinic on a day or in a week, in the clinic's local time.</summary>
public sealed class ClinicCalendarModel(CalendarQuery query) : CalendarPageModel
{
    public override string Path(int id) => $"/admin/calendar/clinics/{id}";

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => ShowAsync(id, request => query.ClinicAsync(id, request, ct));
}
