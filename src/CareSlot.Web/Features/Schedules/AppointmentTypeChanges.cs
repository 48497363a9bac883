using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Mode is "in-person" (default) or "video"; a type is for new and returning patients unless told otherwise.</summary>
public sealed record AppointmentTypeRequest(string? Name, int? DurationMinutes, int? BufferAfterMinutes, string? Mode,
    bool? ForNewPatients, bool? ForReturningPatients);

/// <summary>An appointment type request that passed every rule.</summary>
internal sealed record ValidAppointmentType(string Name, int DurationMinutes, int BufferAfterMinutes, VisitMode Mode, bool ForNewPatients, bool ForReturningPatients)
{
    public const int NameMaxLength = 100;

    public static Outcome<ValidAppointmentType> From(AppointmentTypeRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        TextInspector.AddProblems(request, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        var name = request.Name?.Trim() ?? "";
        if (InputText.IsBlank(name) || name.Length > NameMaxLength) errors["name"] = [$"Give the type a name of 1 to {NameMaxLength} characters."];
        if (request.DurationMinutes is not (>= AppointmentType.MinimumMinutes and <= AppointmentType.MaximumMinutes))
        {
            errors["durationMinutes"] = [$"The length is {AppointmentType.MinimumMinutes} to {AppointmentType.MaximumMinutes} minutes."];
        }
        var buffer = request.BufferAfterMinutes ?? 0;
        if (buffer is < 0 or > AppointmentType.MaximumBufferMinutes) errors["bufferAfterMinutes"] = [$"The buffer is 0 to {AppointmentType.MaximumBufferMinutes} minutes."];
        var mode = VisitMode.InPerson;
        if (request.Mode is not null && !ScheduleText.TryParseMode(request.Mode, out mode)) errors["mode"] = ["Use \"in-person\" or \"video\"."];
        var forNew = request.ForNewPatients ?? true;
        var forReturning = request.ForReturningPatients ?? true;
        if (!forNew && !forReturning) errors["forNewPatients"] = ["Offer the type to new patients, returning patients or both."];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        return new Outcome<ValidAppointmentType>(new ValidAppointmentType(name, request.DurationMinutes!.Value, buffer, mode, forNew, forReturning), null);
    }
}

public sealed class AddAppointmentType(CareSlotDb db)
{
    public async Task<Outcome<AppointmentTypeView>> HandleAsync(int doctorId, AppointmentTypeRequest request, CancellationToken ct)
    {
        var valid = ValidAppointmentType.From(request);
        if (valid.Problem is not null) return valid.Problem;
        var t = valid.Value!;
        var type = new AppointmentType(doctorId, t.Name, t.DurationMinutes, t.BufferAfterMinutes, t.Mode, t.ForNewPatients, t.ForReturningPatients);
        return await ScheduleTransaction.RunAsync(db, doctorId, async () =>
        {
            db.AppointmentTypes.Add(type);
            await db.SaveChangesAsync(ct);
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            DoctorCaches.EvictSchedule(db, doctorId);
            return new Outcome<AppointmentTypeView>(LoadDoctorSchedule.ToView(type), null);
        }, ct);
    }
}

/// <summary>
/// Changes an offered type. Appointments already booked keep the time they were given; only new
/// bookings use the new length and buffer.
/// </summary>
public sealed class EditAppointmentType(CareSlotDb db)
{
    public Task<AppointmentType?> FindAsync(int doctorId, int id, CancellationToken ct) =>
        db.AppointmentTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.DoctorId == doctorId && t.IsOffered, ct);

    public async Task<Outcome<AppointmentTypeView>> HandleAsync(int doctorId, int id, AppointmentTypeRequest request, CancellationToken ct)
    {
        return await ScheduleTransaction.RunAsync(db, doctorId, async () =>
        {
            var type = await db.AppointmentTypes.FirstOrDefaultAsync(t => t.Id == id && t.DoctorId == doctorId && t.IsOffered, ct);
            if (type is null) return UseCaseProblem.NotFound("Appointment type");
            var valid = ValidAppointmentType.From(request);
            if (valid.Problem is not null) return valid.Problem;
            var t = valid.Value!;
            type.Edit(t.Name, t.DurationMinutes, t.BufferAfterMinutes, t.Mode, t.ForNewPatients, t.ForReturningPatients);
            await db.SaveChangesAsync(ct);
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            DoctorCaches.EvictSchedule(db, doctorId);
            return new Outcome<AppointmentTypeView>(LoadDoctorSchedule.ToView(type), null);
        }, ct);
    }
}

/// <summary>"Deleting" a type retires it: no longer offered, but kept for the appointments that used it.</summary>
public sealed class RetireAppointmentType(CareSlotDb db)
{
    /// <summary>False when the doctor has no such type. Retiring twice is harmless.</summary>
    public async Task<bool> HandleAsync(int doctorId, int id, CancellationToken ct)
    {
        var outcome = await ScheduleTransaction.RunAsync(db, doctorId, async () =>
        {
            var type = await db.AppointmentTypes.FirstOrDefaultAsync(t => t.Id == id && t.DoctorId == doctorId, ct);
            if (type is null) return UseCaseProblem.NotFound("Appointment type");
            type.Retire();
            await db.SaveChangesAsync(ct);
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            DoctorCaches.EvictSchedule(db, doctorId);
            return new Outcome<bool>(true, null);
        }, ct);
        return outcome.Value;
    }
}
