using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record HoldSlotRequest(int? DoctorId, int? AppointmentTypeId, string? Start);

/// <summary>
/// Keeps a slot for one patient for five minutes while they confirm. A patient holds one slot per
/// doctor at a time: choosing another replaces the first.
/// </summary>
public sealed class HoldSlot(CareSlotDb db, IClock clock, AppointmentTransaction transaction, DoctorTimeReader doctorTime, BookableTypes bookableTypes,
    IStringLocalizer<AppointmentsText> text)
{
    public async Task<Outcome<SlotHold>> HandleAsync(Guid patientId, HoldSlotRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DoctorId is null) errors["doctorId"] = [text["Choose a doctor."]];
        if (request.AppointmentTypeId is null) errors["appointmentTypeId"] = [text["Choose the kind of visit."]];
        if (!IsoTime.TryParse(request.Start, out var start)) errors["start"] = [text["Choose a time: {0}.", text[IsoTime.Expected]]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var doctorId = request.DoctorId!.Value;
        var now = clock.GetCurrentInstant();
        // A patient holds one slot per doctor at a time: a new hold replaces their earlier one.
        return await transaction.RunAsync(AppointmentLocks.TakingTime(doctorId, patientId, now, usePatientHolds: true, changesAvailability: false), async () =>
        {
            var chosen = await bookableTypes.FindAsync(doctorId, request.AppointmentTypeId!.Value, patientId, ct);
            if (chosen.Problem is not null) return chosen.Problem;
            var type = chosen.Value!;

            var calendar = await doctorTime.CalendarAsync(doctorId, start, start + type.Duration, now, viewer: patientId, ignoring: null, ct);
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place) return AppointmentProblems.SlotTaken(text);

            var hold = new SlotHold(doctorId, place.ClinicId, type, patientId, start, now);
            db.SlotHolds.Add(hold);
            await transaction.SaveAsync(ct);
            return new Outcome<SlotHold>(hold, null);
        }, ct);
    }
}
