using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record BookAppointmentRequest(int? DoctorId, int? AppointmentTypeId, string? Start, [DataType(DataType.MultilineText)] string? Reason);

public sealed record BookedAppointment(Appointment Appointment, AppointmentView View);

/// <summary>
/// A support agent books at the patient's request: the history names the agent with their <paramref name="Reason"/>, and their
/// audit row commits with the booking.
/// </summary>
public sealed record BookingBySupport(Guid AgentId, string Reason, AuditEvent Audit);

/// <summary>A verified patient books a free slot; the appointment, its history and its event are one save.</summary>
public sealed class BookAppointment(CareSlotDb db, IClock clock, AppointmentTransaction transaction, DoctorTimeReader doctorTime,
    FieldProtector protector, IStringLocalizer<AppointmentsText> text)
{
    public const int ReasonMaxLength = 1000;

    public async Task<Outcome<Appointment>> HandleAsync(Guid patientId, BookAppointmentRequest request, CancellationToken ct)
    {
        var outcome = await BookAsync(patientId, request, ct);
        return new Outcome<Appointment>(outcome.Value?.Appointment, outcome.Problem);
    }

    /// <summary>
    /// Books and answers with the appointment as <see cref="AppointmentQueries"/> would show it, from what the checks
    /// already read: the booking is four round trips on PostgreSQL (locks, holds and the audit row; the facts; the save; the commit).
    /// </summary>
    public async Task<Outcome<BookedAppointment>> BookAsync(Guid patientId, BookAppointmentRequest request, CancellationToken ct,
        BookingBySupport? bySupport = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DoctorId is null) errors["doctorId"] = [text["Choose a doctor."]];
        if (request.AppointmentTypeId is null) errors["appointmentTypeId"] = [text["Choose the kind of visit."]];
        if (!IsoTime.TryParse(request.Start, out var start)) errors["start"] = [text["Choose a time: {0}.", text[IsoTime.Expected]]];
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length > ReasonMaxLength) errors["reason"] = [text["Keep the reason under {0} characters.", ReasonMaxLength]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var doctorId = request.DoctorId!.Value;
        var typeId = request.AppointmentTypeId!.Value;
        var now = clock.GetCurrentInstant();
        var id = Appointment.NewId();
        // Lapsed holds never block a booking; the patient's own hold with this doctor is used up by it. The reason's
        // audit row goes with the locks: a refused booking rolls it back with everything else.
        var locks = AppointmentLocks.TakingTime(doctorId, patientId, now, usePatientHolds: true, changesAvailability: true) with
        {
            Audit = bySupport?.Audit ?? new AuditEvent(AuditActions.ReasonWrite, AuditOutcome.Allowed, PatientId: patientId, Record: $"appointment {id}"),
        };
        return await transaction.RunAsync(locks, async () =>
        {
            // The schedule comes from memory, so everything else the checks need is known up front and read in one
            // query (a made-up doctor has an empty schedule, and no row: 404 before anything else).
            var schedule = await doctorTime.ScheduleAsync(doctorId, ct);
            var end = start + (schedule.OfferedTypes.FirstOrDefault(t => t.Id == typeId)?.Duration ?? Duration.Zero);
            var appointmentsNear = DoctorCalendar.AppointmentsNear(db, doctorId, start, end, ignoring: null);
            var holdsNear = DoctorCalendar.HoldsNear(db, doctorId, start, end, now, viewer: patientId);
            var patient = db.Users.Where(u => u.Id == patientId);
            // From the doctor's row, so that each list joins on it (SQLite has no APPLY for lists that join on nothing).
            var facts = await db.Doctors.Where(d => d.Id == doctorId).Select(d => new
            {
                Accepting = d.IsListed ? (bool?)d.AcceptingNewPatients : null,
                DoctorName = d.Title + " " + d.GivenName + " " + d.FamilyName,
                Verified = patient.Any(u => u.EmailConfirmed || u.PhoneNumberConfirmed),
                PatientName = patient.Select(u => u.FullName).FirstOrDefault(),
                Returning = db.Appointments.Any(a => a.PatientId == patientId && a.DoctorId == d.Id && a.Status == AppointmentStatus.Completed),
                UpcomingWithDoctor = db.Appointments.Count(a => a.PatientId == patientId && a.DoctorId == d.Id
                    && AppointmentStatusRules.Active.Contains(a.Status) && a.End > now),
                PatientBusy = db.Appointments.Any(a => a.PatientId == patientId && AppointmentStatusRules.Active.Contains(a.Status)
                    && a.Start < end && a.End > start),
                Appointments = appointmentsNear.Where(a => a.DoctorId == d.Id).Select(a => new { a.Start, a.BlockedUntil }).ToList(),
                Holds = holdsNear.Where(h => h.DoctorId == d.Id).Select(h => new { h.Start, h.BlockedUntil }).ToList(),
                Clinics = d.Clinics.Select(c => new { c.Id, c.Policy, c.Name, c.AddressLine, c.Postcode, c.City, c.Phone, c.TimeZoneId }).ToList(),
            }).AsNoTracking().FirstOrDefaultAsync(ct);
            if (facts is null || !facts.Verified)
            {
                return facts is null ? AppointmentProblems.DoctorNotFound(text) : new UseCaseProblem(StatusCodes.Status403Forbidden, text["Verify your account first."],
                    text["Only patients with a verified email address or phone number can book."]);
            }
            if (facts.Accepting is not { } accepting) return AppointmentProblems.DoctorNotFound(text);

            var chosen = BookableTypes.CheckType(schedule, typeId, facts.Returning, accepting, text);
            if (chosen.Problem is not null) return chosen.Problem;
            var type = chosen.Value!;

            var busy = facts.Appointments.Select(a => new Interval(a.Start, a.BlockedUntil)).Concat(facts.Holds.Select(h => new Interval(h.Start, h.BlockedUntil)));
            var calendar = DoctorCalendar.FromBusy(doctorId, schedule, start, end, busy);
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place) return AppointmentProblems.SlotTaken(text);
            // Hours may remain at a clinic the doctor has left their profile's list of.
            var clinic = facts.Clinics.FirstOrDefault(c => c.Id == place.ClinicId)
                ?? await db.Clinics.Where(c => c.Id == place.ClinicId).Select(c => new { c.Id, c.Policy, c.Name, c.AddressLine, c.Postcode, c.City, c.Phone, c.TimeZoneId }).SingleAsync(ct);
            if (facts.UpcomingWithDoctor >= clinic.Policy.MaxUpcomingPerDoctor) return LimitReached(clinic.Policy);
            if (facts.PatientBusy) return AppointmentProblems.PatientBusy(text);

            var appointment = Appointment.Book(id, doctorId, place.ClinicId, type, patientId, start,
                protector.Seal(reason, id, Appointment.ReasonColumn), clinic.Policy.AutoConfirm, now, bySupport);
            db.Appointments.Add(appointment);
            // With the patient's confirmation and reminders and the doctor's notice, in the outbox.
            await transaction.SaveAsync(ct);
            // The answer shows the reason the patient just sent, not one read back from storage.
            var view = AppointmentQueries.ToView(appointment, reason, facts.PatientName ?? "",
                new AppointmentPlace(facts.DoctorName, clinic.Name, clinic.AddressLine, clinic.Postcode, clinic.City, clinic.Phone,
                    clinic.TimeZoneId, clinic.Policy),
                type.Name, type.Mode, now);
            return new Outcome<BookedAppointment>(new BookedAppointment(appointment, view), null);
        }, ct);
    }

    internal static Task<bool> PatientIsBusyAsync(CareSlotDb db, Guid patientId, Instant start, Instant end, Guid? ignoring, CancellationToken ct) =>
        db.Appointments.AnyAsync(a => a.PatientId == patientId && a.Id != ignoring && AppointmentStatusRules.Active.Contains(a.Status)
            && a.Start < end && a.End > start, ct);

    private UseCaseProblem LimitReached(ClinicPolicy policy) => new(StatusCodes.Status409Conflict,
        text["You have reached this clinic's booking limit."],
        text["This clinic allows {0} upcoming appointments with one doctor. Cancel one to book another.", policy.MaxUpcomingPerDoctor])
    {
        Extensions = { ["limit"] = policy.MaxUpcomingPerDoctor },
    };
}
