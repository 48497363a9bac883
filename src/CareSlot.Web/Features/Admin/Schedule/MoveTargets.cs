using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>A doctor who may take an appointment over, and the type it would become: the same doctor's own type, or a colleague's.</summary>
public sealed record MoveTarget(int DoctorId, string DoctorName, int TypeId, string TypeName, bool IsColleague);

/// <summary>A free start for one target, at the clinic where it would be.</summary>
public sealed record TargetSlot(MoveTarget Target, Instant Start, Instant End, int ClinicId, DateTimeZone Zone);

/// <summary>
/// Where an appointment may go: its own doctor in its own type, or a colleague at the same clinic with a specialty in common
/// and an offered type of the same length — and the next free slots there. What decides is the move itself
/// (<see cref="RescheduleAppointment"/>), which reads the database in its transaction; these are suggestions.
/// </summary>
public sealed class MoveTargets(CareSlotDb db, IClock clock, DoctorTimeReader doctorTime)
{
    /// <summary>How far ahead a search looks: the longest range the slot finder answers at once.</summary>
    public static readonly Duration SearchRange = FindSlots.LongestRange;

    /// <summary>How many free starts the page and the API suggest per doctor.</summary>
    public const int SlotsPerTarget = 5;

    /// <summary>The next free starts of every target of the appointment, its own doctor first; null when there is no such appointment.</summary>
    public async Task<IReadOnlyList<TargetSlot>?> SuggestAsync(Guid appointmentId, CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (appointment is null) return null;
        var slots = new List<TargetSlot>();
        foreach (var target in await ForAsync(appointment, ct))
        {
            slots.AddRange(await NextSlotsAsync(appointment, target, appointment.Start, SlotsPerTarget, ct));
        }
        return slots;
    }

    /// <summary>The appointment's own doctor and type first, then each colleague who may take it, by name.</summary>
    public async Task<IReadOnlyList<MoveTarget>> ForAsync(Appointment appointment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var own = await (from t in db.AppointmentTypes.AsNoTracking()
                         where t.Id == appointment.AppointmentTypeId
                         join d in db.Doctors on t.DoctorId equals d.Id
                         select new MoveTarget(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName, t.Id, t.Name, false)).SingleAsync(ct);
        return [own with { DoctorName = own.DoctorName.Trim() }, .. await ColleaguesAsync(appointment, ct)];
    }

    /// <summary>The colleagues' targets only, for a move that must leave the absent doctor.</summary>
    public async Task<IReadOnlyList<MoveTarget>> ColleaguesAsync(Appointment appointment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var length = await db.AppointmentTypes.Where(t => t.Id == appointment.AppointmentTypeId).Select(t => t.DurationMinutes).SingleAsync(ct);
        var specialties = db.Doctors.Where(d => d.Id == appointment.DoctorId).SelectMany(d => d.Specialties.Select(s => s.Id));
        var candidates = await (
            from d in db.Doctors.AsNoTracking()
            where d.Id != appointment.DoctorId && d.IsListed
                && d.Clinics.Any(c => c.Id == appointment.ClinicId)
                && d.Specialties.Any(s => specialties.Contains(s.Id))
            join t in db.AppointmentTypes on d.Id equals t.DoctorId
            where t.IsOffered && t.DurationMinutes == length
            orderby d.FamilyName, d.GivenName, d.Id, t.Id
            select new MoveTarget(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName, t.Id, t.Name, true)).ToListAsync(ct);
        // One type per colleague: the first of the same length.
        return [.. candidates.GroupBy(c => c.DoctorId).Select(g => g.First() with { DoctorName = g.First().DoctorName.Trim() })];
    }

    /// <summary>Whether <paramref name="typeId"/> is one the appointment may become (its own, or an eligible colleague's).</summary>
    public async Task<bool> AllowsAsync(Appointment appointment, int typeId, CancellationToken ct) =>
        typeId == appointment.AppointmentTypeId || (await ColleaguesAsync(appointment, ct)).Any(t => t.TypeId == typeId);

    /// <summary>
    /// Up to <paramref name="count"/> free starts for <paramref name="target"/> from <paramref name="from"/> (not before now):
    /// a colleague's at the appointment's clinic only. The appointment's own time does not count as busy.
    /// </summary>
    public async Task<IReadOnlyList<TargetSlot>> NextSlotsAsync(Appointment appointment, MoveTarget target, Instant from, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(target);
        var now = clock.GetCurrentInstant();
        if (from < now) from = now;
        var type = await db.AppointmentTypes.AsNoTracking().SingleAsync(t => t.Id == target.TypeId, ct);
        var calendar = await doctorTime.CalendarAsync(target.DoctorId, from, from + SearchRange, now, viewer: appointment.PatientId,
            ignoring: appointment.Id, ct);
        var patientBusy = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == appointment.PatientId && a.Id != appointment.Id && AppointmentStatusRules.Active.Contains(a.Status)
                && a.End > from && a.Start < from + SearchRange)
            .Select(a => new { a.Start, a.End }).ToListAsync(ct);
        return [.. calendar.FreeSlots(type, now, from, from + SearchRange)
            .Where(s => target.IsColleague ? s.ClinicId == appointment.ClinicId : s.Start != appointment.Start)
            .Where(s => !patientBusy.Any(b => b.Start < s.End && b.End > s.Start))
            .Take(count)
            .Select(s => new TargetSlot(target, s.Start, s.End, s.ClinicId, s.Zone))];
    }
}
