using CareSlot.Scheduling;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record BookAppointmentRequest(int? DoctorId, int? AppointmentTypeId, string? Start, string? Reason);

public sealed record BookedAppointment(Appointment Appointment, AppointmentView View);

/// <summary>A verified patient books a free slot; the appointment, its history and its event are one save.</summary>
public sealed class BookAppointment(CareSlotDb db, IClock clock)
{
    public const int ReasonMaxLength = 1000;

    public async Task<Outcome<Appointment>> HandleAsync(Guid patientId, BookAppointmentRequest request, CancellationToken ct)
    {
        var outcome = await BookAsync(patientId, request, ct);
        return new Outcome<Appointment>(outcome.Value?.Appointment, outcome.Problem);
    }

    /// <summary>
    /// Books and answers with the appointment as <see cref="AppointmentQueries"/> would show it, from what the checks
    /// already read: the booking is about ten round trips, not twenty-five.
    /// </summary>
    public async Task<Outcome<BookedAppointment>> BookAsync(Guid patientId, BookAppointmentRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DoctorId is null) errors["doctorId"] = ["Choose a doctor."];
        if (request.AppointmentTypeId is null) errors["appointmentTypeId"] = ["Choose the kind of visit."];
        if (!IsoTime.TryParse(request.Start, out var start)) errors["start"] = [$"Choose a time: {IsoTime.Expected}."];
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length > ReasonMaxLength) errors["reason"] = [$"Keep the reason under {ReasonMaxLength} characters."];
        if (errors.Count > 0) return AppointmentProblem.Invalid(errors);

        var doctorId = request.DoctorId!.Value;
        var now = clock.GetCurrentInstant();
        // Lapsed holds never block a booking; the patient's own hold with this doctor is used up by it.
        return await BookingTransaction.RunAsync(db, doctorId, patientId, now, usePatientHolds: true, async () =>
        {
            var who = await db.Users.Where(u => u.Id == patientId).Select(u => new
            {
                Verified = u.EmailConfirmed || u.PhoneNumberConfirmed,
                u.FullName,
                Accepting = db.Doctors.Where(d => d.Id == doctorId && d.IsListed).Select(d => (bool?)d.AcceptingNewPatients).FirstOrDefault(),
                DoctorName = db.Doctors.Where(d => d.Id == doctorId).Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).FirstOrDefault(),
                Returning = db.Appointments.Any(a => a.PatientId == patientId && a.DoctorId == doctorId && a.Status == AppointmentStatus.Completed),
            }).FirstOrDefaultAsync(ct);
            if (who is not { Verified: true })
            {
                return new AppointmentProblem(StatusCodes.Status403Forbidden, "Verify your account first.",
                    "Only patients with a verified email address or phone number can book.");
            }
            if (who.Accepting is not { } accepting) return AppointmentProblem.NotFound("Doctor");

            var schedule = await DoctorCaches.ScheduleAsync(db, doctorId, ct);
            var chosen = SlotHolds.CheckType(schedule, request.AppointmentTypeId!.Value, who.Returning, accepting);
            if (chosen.Problem is not null) return chosen.Problem;
            var type = chosen.Value!;

            var end = start + type.Duration;
            var calendar = await DoctorCalendar.LoadAsync(db, doctorId, schedule, start, end, now, viewer: patientId, ignoring: null, ct);
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place) return AppointmentProblem.SlotTaken();
            var clinic = await db.Clinics.Where(c => c.Id == place.ClinicId).Select(c => new
            {
                c.Policy, c.Name, c.AddressLine, c.Postcode, c.City, c.Phone, c.TimeZoneId,
                UpcomingWithDoctor = db.Appointments.Count(a => a.PatientId == patientId && a.DoctorId == doctorId
                    && AppointmentsStatuses.Active.Contains(a.Status) && a.End > now),
                PatientBusy = db.Appointments.Any(a => a.PatientId == patientId && AppointmentsStatuses.Active.Contains(a.Status)
                    && a.Start < end && a.End > start),
            }).SingleAsync(ct);
            if (clinic.UpcomingWithDoctor >= clinic.Policy.MaxUpcomingPerDoctor) return LimitReached(clinic.Policy);
            if (clinic.PatientBusy) return AppointmentProblem.PatientBusy();

            var appointment = Appointment.Book(doctorId, place.ClinicId, type, patientId, start, reason, clinic.Policy.AutoConfirm, now);
            db.Appointments.Add(appointment);
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            await db.SaveChangesAsync(ct);
            var view = AppointmentQueries.ToView(appointment, who.FullName,
                new AppointmentPlace(who.DoctorName ?? "", clinic.Name, clinic.AddressLine, clinic.Postcode, clinic.City, clinic.Phone,
                    clinic.TimeZoneId, clinic.Policy),
                type.Name, type.Mode, now);
            return new Outcome<BookedAppointment>(new BookedAppointment(appointment, view), null);
        }, ct);
    }

    internal static Task<bool> PatientIsBusyAsync(CareSlotDb db, Guid patientId, Instant start, Instant end, Guid? ignoring, CancellationToken ct) =>
        db.Appointments.AnyAsync(a => a.PatientId == patientId && a.Id != ignoring && AppointmentsStatuses.Active.Contains(a.Status)
            && a.Start < end && a.End > start, ct);

    private static AppointmentProblem LimitReached(ClinicPolicy policy) => new(StatusCodes.Status409Conflict,
        "You have reached this clinic's booking limit.",
        $"This clinic allows {policy.MaxUpcomingPerDoctor} upcoming appointments with one doctor. Cancel one to book another.")
    {
        Extensions = { ["limit"] = policy.MaxUpcomingPerDoctor },
    };
}
