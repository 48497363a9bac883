using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>Days off for an absent doctor: the first and last day (both included, dates at each clinic), and why.</summary>
public sealed record AbsenceRequest(string? From, string? To, [property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>
/// What to do with each chosen appointment of an absent doctor: <c>own-slot</c> (the doctor's next free slot of the same type
/// after it), <c>colleague</c> (the earliest free slot of a colleague at the same clinic with a specialty in common and a type of
/// the same length) or <c>cancel</c>; with the reason the patients are sent.
/// </summary>
public sealed record AbsenceResolveRequest(string? Action, IReadOnlyList<Guid>? AppointmentIds, [property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>An active appointment still to come that lies outside the doctor's hours (their absence), to move or cancel.</summary>
public sealed record AffectedAppointment(Guid Id, string Start, string End, string PatientName)
{
    [JsonIgnore] public ZonedDateTime LocalStart { get; init; }
}

/// <summary>A doctor's affected appointments, and the doctor's name.</summary>
public sealed record AbsenceView(int DoctorId, string DoctorName, IReadOnlyList<AffectedAppointment> Affected);

/// <summary>One row's result: moved (to when and to whom), cancelled, or not moved and why — then it stays listed.</summary>
public sealed record AbsenceRowResult(Guid AppointmentId, string Outcome, string? Start, int? DoctorId, string? DoctorName, string? Problem)
{
    public const string Moved = "moved", Cancelled = "cancelled", NotMoved = "not-moved";

    [JsonIgnore] public ZonedDateTime? LocalStart { get; init; }
}

/// <summary>
/// A doctor's absence, marked by an administrator or by the doctor: days off through the schedule's own time-off machinery
/// (<see cref="AddTimeOff"/>, which here keeps the appointments inside instead of refusing), so no new booking lands there;
/// then every affected appointment in one list with bulk moves and cancellations. Each row is its own transaction through
/// <see cref="ActOnBehalf"/>: one that cannot move stays booked and listed, never lost.
/// </summary>
public sealed class DoctorAbsence(CareSlotDb db, IClock clock, AddTimeOff addTimeOff, ActOnBehalf act, MoveTargets targets, AuditTrail audit,
    IStringLocalizer<AdminText> text)
{
    public const string OwnSlot = "own-slot", Colleague = "colleague", Cancel = "cancel";
    public const int MaxDays = 366;
    public const int MaxRows = 200;

    public async Task<AbsenceView?> ViewAsync(int doctorId, CancellationToken ct)
    {
        var doctor = await db.Doctors.AsNoTracking().Where(d => d.Id == doctorId)
            .Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).FirstOrDefaultAsync(ct);
        if (doctor is null) return null;
        // The schedule as it stands: every appointment still to come outside it (inside an absence) is affected.
        var stranded = await ScheduleConflicts.FindAsync(db, doctorId, clock.GetCurrentInstant(), rows => rows, ct);
        return new AbsenceView(doctorId, doctor.Trim(), [.. stranded.Select(c => new AffectedAppointment(c.Id, c.Start, c.End, c.PatientName)
        {
            LocalStart = c.LocalStart,
        })]);
    }

    public async Task<Outcome<AbsenceView>> RecordAsync(ClaimsPrincipal user, int doctorId, AbsenceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = Date(request.From, "from", errors);
        var to = Date(request.To, "to", errors);
        if (from is { } first && to is { } last)
        {
            if (last < first) errors["to"] = [text["The last day must not be before the first."]];
            else if (Period.Between(first, last, PeriodUnits.Days).Days >= MaxDays) errors["to"] = [text["Mark at most {0} days at a time.", MaxDays]];
        }
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) errors["reason"] = [text["Give the reason: administrators and the doctor read it; patients do not."]];
        else if (reason.Length > AddTimeOff.NoteMaxLength) errors["reason"] = [text["Keep the reason under {0} characters.", AddTimeOff.NoteMaxLength]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (!await db.Doctors.AnyAsync(d => d.Id == doctorId, ct) || await StaffViewerAsync(user, doctorId, ct) is null) return DoctorNotFound();

        var added = await addTimeOff.HandleAsync(doctorId,
            new TimeOffRequest(ScheduleText.FormatDateTime(from!.Value.AtMidnight()), ScheduleText.FormatDateTime(to!.Value.PlusDays(1).AtMidnight()), reason),
            BookedAppointments.KeepToResolve, ct);
        if (added.Problem is { } problem)
        {
            // The time-off fields under this request's names.
            return problem.Errors is { } timeOffErrors
                ? UseCaseProblem.Invalid(timeOffErrors.ToDictionary(e => e.Key switch { "start" => "from", "end" => "to", "note" => "reason", _ => e.Key }, e => e.Value))
                : problem;
        }
        await audit.RecordAsync(new AuditEvent(AuditActions.DoctorAbsenceRecorded, AuditOutcome.Allowed,
            Record: $"doctor {doctorId} time-off {added.Value!.Id} {ScheduleText.FormatDate(from.Value)}..{ScheduleText.FormatDate(to.Value)}"), ct);
        return new Outcome<AbsenceView>((await ViewAsync(doctorId, ct))!, null);
    }

    public async Task<Outcome<IReadOnlyList<AbsenceRowResult>>> ResolveAsync(ClaimsPrincipal user, int doctorId, AbsenceResolveRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not (OwnSlot or Colleague or Cancel))
        {
            errors["action"] = [text["Choose what to do: the doctor's next free slot, a colleague's, or cancel."]];
        }
        var ids = request.AppointmentIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0) errors["appointmentIds"] = [text["Choose at least one appointment."]];
        else if (ids.Count > MaxRows) errors["appointmentIds"] = [text["Choose at most {0} appointments at a time.", MaxRows]];
        act.CheckReason(request.Reason, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (await ViewAsync(doctorId, ct) is not { } view || await StaffViewerAsync(user, doctorId, ct) is not { } viewer) return DoctorNotFound();

        var affected = view.Affected.Select(a => a.Id).ToHashSet();
        var reason = request.Reason!.Trim();
        var results = new List<AbsenceRowResult>(ids.Count);
        foreach (var id in ids)
        {
            // Each row on its own: what one left tracked (a refused change) must not ride along with the next.
            db.ChangeTracker.Clear();
            results.Add(affected.Contains(id)
                ? await ResolveOneAsync(viewer, id, action!, reason, ct)
                : NotMoved(id, text["This appointment is not among the doctor's affected appointments (any more)."]));
        }
        return new Outcome<IReadOnlyList<AbsenceRowResult>>(results, null);
    }

    private async Task<AbsenceRowResult> ResolveOneAsync(Viewer viewer, Guid id, string action, string reason, CancellationToken ct)
    {
        if (action == Cancel)
        {
            var cancelled = await act.CancelAsync(viewer, id, reason, ActOnBehalf.Doctor, ct);
            return cancelled.Problem is { } refused ? NotMoved(id, refused.Detail) : new AbsenceRowResult(id, AbsenceRowResult.Cancelled, null, null, null, null);
        }

        var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        var candidates = action == OwnSlot ? [(await targets.ForAsync(appointment, ct))[0]] : await targets.ColleaguesAsync(appointment, ct);
        if (candidates.Count == 0)
        {
            return NotMoved(id, text["No colleague at this clinic shares a specialty and offers a type of the same length."]);
        }
        TargetSlot? best = null;
        foreach (var candidate in candidates)
        {
            // From the appointment's own start: the absence blocks its days, so the first free slot is the first after it.
            var found = await targets.NextSlotsAsync(appointment, candidate, appointment.Start, 1, ct);
            var next = found.Count > 0 ? found[0] : null;
            if (next is not null && (best is null || next.Start < best.Start)) best = next;
        }
        if (best is null)
        {
            return NotMoved(id, text["No free slot of the same length in the next {0} days.", MoveTargets.SearchRange.Days]);
        }
        var moved = await act.MoveAsync(viewer, id, best.Target.TypeId, best.Start, reason, ActOnBehalf.Doctor, ct);
        return moved.Problem is { } problem
            ? NotMoved(id, problem.Detail)
            : new AbsenceRowResult(id, AbsenceRowResult.Moved, IsoTime.Format(best.Start, best.Zone), best.Target.DoctorId, best.Target.DoctorName, null)
            {
                LocalStart = best.Start.InZone(best.Zone),
            };
    }

    /// <summary>An administrator, for any doctor; the doctor, for their own absence. Anyone else is told there is no such doctor.</summary>
    private async Task<Viewer?> StaffViewerAsync(ClaimsPrincipal user, int doctorId, CancellationToken ct) =>
        await Viewer.FromAsync(user, db, ct) is { } viewer && (viewer.Actor == Actor.Admin || (viewer.Actor == Actor.Doctor && viewer.DoctorId == doctorId))
            ? viewer
            : null;

    private static AbsenceRowResult NotMoved(Guid id, string why) => new(id, AbsenceRowResult.NotMoved, null, null, null, why);

    private UseCaseProblem DoctorNotFound() => UseCaseProblem.NotFound(text["Doctor not found."], text["There is no doctor with that id."]);

    private LocalDate? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (IsoTime.TryParseDate(value, out var date)) return date;
        errors[field] = [string.IsNullOrWhiteSpace(value) ? text["Enter the day."] : text["Enter a date such as 2026-11-24."]];
        return null;
    }
}
