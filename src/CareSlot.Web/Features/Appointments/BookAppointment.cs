using CareSlot.Scheduling;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record BookAppointmentRequest(int? DoctorId, int? AppointmentTypeId, string? Start, string? Reason);

/// <summary>A verified patient books a free slot; the appointment, its history and its event are one save.</summary>
public sealed class BookAppointment(CareSlotDb db, IClock clock)
{
    public const int ReasonMaxLength = 1000;

    public async Task<Outcome<Appointment>> HandleAsync(Guid patientId, BookAppointmentRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DoctorId is null) errors["doctorId"] = ["Choose a doctor."];
        if (request.AppointmentTypeId is null) errors["appointmentTypeId"] = ["Choose the kind of visit."];
        if (!IsoTime.TryParse(request.Start, out var start)) errors["start"] = [$"Choose a time: {IsoTime.Expected}."];
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length > ReasonMaxLength) errors["reason"] = [$"Keep the reason under {ReasonMaxLength} characters."];
        if (errors.Count > 0) return AppointmentProblem.Invalid(errors);

        if (!await db.Users.AnyAsync(u => u.Id == patientId && (u.EmailConfirmed || u.PhoneNumberConfirmed), ct))
        {
            return new AppointmentProblem(StatusCodes.Status403Forbidden, "Verify your account first.",
                "Only patients with a verified email address or phone number can book.");
        }

        var doctorId = request.DoctorId!.Value;
        return await BookingTransaction.RunAsync(db, doctorId, patientId, async () =>
        {
            var now = clock.GetCurrentInstant();
            await SlotHolds.RemoveLapsedAsync(db, doctorId, now, ct);
            var chosen = await SlotHolds.FindBookableTypeAsync(db, doctorId, request.AppointmentTypeId!.Value, patientId, ct);
            if (chosen.Problem is not null) return chosen.Problem;
            var type = chosen.Value!;

            var calendar = await DoctorCalendar.LoadAsync(db, doctorId, start, start + type.Duration, now, viewer: patientId, ignoring: null, ct);
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place) return AppointmentProblem.SlotTaken();
            var policy = await db.Clinics.Where(c => c.Id == place.ClinicId).Select(c => c.Policy).SingleAsync(ct);

            var upcomingWithDoctor = await db.Appointments.CountAsync(a => a.PatientId == patientId && a.DoctorId == doctorId
                && AppointmentsStatuses.Active.Contains(a.Status) && a.End > now, ct);
            if (upcomingWithDoctor >= policy.MaxUpcomingPerDoctor) return LimitReached(policy);
            if (await PatientIsBusyAsync(db, patientId, start, start + type.Duration, ignoring: null, ct)) return AppointmentProblem.PatientBusy();

            var appointment = Appointment.Book(doctorId, place.ClinicId, type, patientId, start, reason, policy.AutoConfirm, now);
            db.Appointments.Add(appointment);
            await db.SlotHolds.Where(h => h.PatientId == patientId && h.DoctorId == doctorId).ExecuteDeleteAsync(ct);
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            await db.SaveChangesAsync(ct);
            return new Outcome<Appointment>(appointment, null);
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
