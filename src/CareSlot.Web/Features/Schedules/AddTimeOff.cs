using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Local date-times ("2026-12-24T00:00"); whole days run from midnight to the midnight after the last day.</summary>
public sealed record TimeOffRequest(string? Start, string? End, string? Note);

/// <summary>What adding time off does about active appointments that fall inside it.</summary>
public enum BookedAppointments
{
    /// <summary>Nothing changes and the answer lists them: the doctor moves or cancels each first.</summary>
    Refuse,

    /// <summary>
    /// The time off is added and they stay booked, for an administrator to move or cancel each right after (a doctor's
    /// absence): new bookings stop at once, and no appointment is lost when one cannot move.
    /// </summary>
    KeepToResolve,
}

/// <summary>Adds time off, unless booked patients fall inside it: then nothing changes and the answer lists them.</summary>
public sealed class AddTimeOff(CareSlotDb db, IClock clock, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text, IStringLocalizer<WebText> words)
{
    public const int NoteMaxLength = 200;

    public Task<Outcome<TimeOffView>> HandleAsync(int doctorId, TimeOffRequest request, CancellationToken ct) =>
        HandleAsync(doctorId, request, BookedAppointments.Refuse, ct);

    public async Task<Outcome<TimeOffView>> HandleAsync(int doctorId, TimeOffRequest request, BookedAppointments booked, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TextInspector.AddProblems(request, errors, words);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        var startValid = TryParse(request.Start, "start", errors, out var start);
        var endValid = TryParse(request.End, "end", errors, out var end);
        if (startValid && endValid && end <= start) errors["end"] = [text["The end must be after the start."]];
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note?.Length > NoteMaxLength) errors["note"] = [text["Keep the note to at most {0} characters.", NoteMaxLength]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var timeOff = new TimeOff(doctorId, start, end, note);
        return await transaction.RunAsync(doctorId, async () =>
        {
            var overlapping = await db.TimeOff.AsNoTracking().Where(t => t.DoctorId == doctorId && t.Start < end && t.End > start)
                .OrderBy(t => t.Start).FirstOrDefaultAsync(ct);
            if (overlapping is not null)
            {
                return UseCaseProblem.Invalid("start",
                    text["It overlaps your time off from {0} to {1}.", ScheduleText.Display(overlapping.Start), ScheduleText.Display(overlapping.End)]);
            }

            if (booked == BookedAppointments.Refuse)
            {
                var conflicts = await ScheduleConflicts.FindAsync(db, doctorId, clock.GetCurrentInstant(),
                    current => current with { TimeOff = [.. current.TimeOff, timeOff] }, ct);
                if (conflicts.Count > 0) return ScheduleConflicts.Problem(conflicts, text);
            }

            db.TimeOff.Add(timeOff);
            await db.SaveChangesAsync(ct);
            return new Outcome<TimeOffView>(LoadDoctorSchedule.ToView(timeOff), null);
        }, ct);
    }

    private bool TryParse(string? input, string field, Dictionary<string, string[]> errors, out LocalDateTime value)
    {
        if (!ScheduleText.TryParseDateTime(input, out value))
        {
            errors[field] = [field == "end" ? text["Enter the end as a local date and time, e.g. 2026-12-24T00:00."] : text["Enter the start as a local date and time, e.g. 2026-12-24T00:00."]];
            return false;
        }
        if (!ScheduleText.OnGrid(value.TimeOfDay))
        {
            errors[field] = [text["Use a time on the {0}-minute grid (e.g. 09:05, not 09:07).", ScheduleText.GridMinutes]];
            return false;
        }
        return true;
    }
}
