using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

[Authorize(Roles = Roles.Patient)]
public sealed class ConfirmModel(CareSlotDb db, BookAppointment book, IClock clock) : PageModel
{
    public sealed record HeldSlot(Guid Id, int DoctorId, string DoctorName, int TypeId, string TypeName, string ClinicName, string ClinicAddress,
        ZonedDateTime Start, ZonedDateTime End, ZonedDateTime ExpiresAt);

    public HeldSlot? Hold { get; private set; }

    /// <summary>Whole minutes left, rounded up, for people; the server alone decides when the hold lapses.</summary>
    public int MinutesLeft { get; private set; }

    [BindProperty]
    [DataType(DataType.MultilineText)]
    public string? Reason { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid holdId, CancellationToken ct)
    {
        await LoadAsync(holdId, ct);
        if (Hold is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid holdId, CancellationToken ct)
    {
        await LoadAsync(holdId, ct);
        if (Hold is null)
        {
            // Lapsed, or not this patient's: the same answer as showing it.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await book.HandleAsync(User.AccountId(),
            new BookAppointmentRequest(Hold.DoctorId, Hold.TypeId, IsoTime.Format(Hold.Start.ToInstant(), Hold.Start.Zone), Reason), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Errors?.TryGetValue("reason", out var reasonErrors) == true) ModelState.AddModelError(nameof(Reason), reasonErrors[0]);
            else Problem = $"{problem.Title} {problem.Detail}";
            Response.StatusCode = problem.Status;
            return Page();
        }
        return Redirect($"/appointments/{outcome.Value!.Id}?booked=true");
    }

    private async Task LoadAsync(Guid holdId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var patientId = User.AccountId();
        var row = await (
            from h in db.SlotHolds
            where h.Id == holdId && h.PatientId == patientId && h.ExpiresAt > now
            join d in db.Doctors on h.DoctorId equals d.Id
            join t in db.AppointmentTypes on h.AppointmentTypeId equals t.Id
            join c in db.Clinics on h.ClinicId equals c.Id
            select new { h, d.Title, d.GivenName, d.FamilyName, TypeName = t.Name, c.Name, c.AddressLine, c.Postcode, c.City, c.TimeZoneId })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null) return;
        var zone = DateTimeZoneProviders.Tzdb[row.TimeZoneId];
        Hold = new HeldSlot(row.h.Id, row.h.DoctorId, $"{row.Title} {row.GivenName} {row.FamilyName}".Trim(), row.h.AppointmentTypeId, row.TypeName,
            row.Name, $"{row.AddressLine}, {row.Postcode} {row.City}", row.h.Start.InZone(zone), row.h.End.InZone(zone), row.h.ExpiresAt.InZone(zone));
        MinutesLeft = (int)Math.Ceiling((row.h.ExpiresAt - now).TotalMinutes);
    }
}
