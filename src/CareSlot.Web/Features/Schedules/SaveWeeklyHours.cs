using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

public sealed record WeeklyIntervalRequest(string? Kind, string? Day, string? Start, string? End);

/// <summary>Every working interval and break of one clinic; an empty list retires the clinic's hours.</summary>
public sealed record WeeklyHoursRequest(int? ClinicId, IReadOnlyList<WeeklyIntervalRequest>? Intervals);

public sealed record WeeklyHoursSaved(int ClinicId, IReadOnlyList<WeeklyHoursView> Intervals);

/// <summary>
/// Replaces a doctor's weekly working hours and breaks at one clinic, unless booked patients would be
/// left outside the new hours: then nothing changes and the answer lists them.
/// </summary>
public sealed class SaveWeeklyHours(CareSlotDb db, IClock clock, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text, IStringLocalizer<WebText> words)
{
    /// <summary>Far more than any real week (ten intervals a day of each kind), small enough to check cheaply.</summary>
    public const int MaxIntervals = 140;

    public async Task<Outcome<WeeklyHoursSaved>> HandleAsync(int doctorId, WeeklyHoursRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TextInspector.AddProblems(request, errors, words);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        var intervals = request.Intervals ?? [];
        if (request.Intervals is null) errors["intervals"] = [text["List the intervals; an empty list removes the clinic's hours."]];
        else if (intervals.Count > MaxIntervals) errors["intervals"] = [text["List at most {0} intervals.", MaxIntervals]];

        if (request.ClinicId is not int clinicId)
        {
            errors["clinicId"] = [text["Choose one of your clinics."]];
            clinicId = 0;
        }
        else if (!(await ScheduleOwner.ClinicIdsAsync(db, doctorId, ct)).Contains(clinicId)
            && !(intervals.Count == 0 && await db.WeeklyHours.AnyAsync(h => h.DoctorId == doctorId && h.ClinicId == clinicId, ct)))
        {
            // A clinic the doctor has left may only be cleared.
            errors["clinicId"] = [text["Choose one of your clinics."]];
        }

        var parsed = errors.ContainsKey("intervals") ? [] : Parse(intervals, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var rows = parsed.Select(p => new WeeklyHours(doctorId, clinicId, p.Kind, p.Day, p.Start, p.End)).ToList();
        return await transaction.RunAsync(doctorId, async () =>
        {
            var conflicts = await ScheduleConflicts.FindAsync(db, doctorId, clock.GetCurrentInstant(),
                current => current with { Weekly = [.. current.Weekly.Where(h => h.ClinicId != clinicId), .. rows] }, ct);
            if (conflicts.Count > 0) return ScheduleConflicts.Problem(conflicts, text);

            await db.WeeklyHours.Where(h => h.DoctorId == doctorId && h.ClinicId == clinicId).ExecuteDeleteAsync(ct);
            db.WeeklyHours.AddRange(rows);
            await db.SaveChangesAsync(ct);
            return new Outcome<WeeklyHoursSaved>(new WeeklyHoursSaved(clinicId,
                [.. rows.OrderBy(h => h.Day).ThenBy(h => h.Kind).ThenBy(h => h.Start).Select(LoadDoctorSchedule.ToView)]), null);
        }, ct);
    }

    private sealed record ParsedInterval(int Index, WeeklyHoursKind Kind, IsoDayOfWeek Day, LocalTime Start, LocalTime End);

    private List<ParsedInterval> Parse(IReadOnlyList<WeeklyIntervalRequest> intervals, Dictionary<string, string[]> errors)
    {
        var parsed = new List<ParsedInterval>();
        for (var i = 0; i < intervals.Count; i++)
        {
            var field = $"intervals[{i}]";
            var interval = intervals[i];
            if (interval is null)
            {
                errors[field] = [text["Give the interval's kind, day, start and end."]];
                continue;
            }
            var valid = true;
            if (!ScheduleText.TryParseKind(interval.Kind, out var kind)) { errors[$"{field}.kind"] = [text["Use \"working\" or \"break\"."]]; valid = false; }
            if (!ScheduleText.TryParseDay(interval.Day, out var day)) { errors[$"{field}.day"] = [text["Use a weekday: \"monday\" to \"sunday\"."]]; valid = false; }
            valid &= TimeOfDay.TryParse(interval.Start, $"{field}.start", isEnd: false, errors, text, out var start);
            valid &= TimeOfDay.TryParse(interval.End, $"{field}.end", isEnd: true, errors, text, out var end);
            if (!valid) continue;
            if (!TimeOfDay.EndsAfter(start, end))
            {
                errors[$"{field}.end"] = [text["The end must be after the start (00:00 means midnight at the end of the day)."]];
                continue;
            }
            parsed.Add(new ParsedInterval(i, kind, day, start, end));
        }

        foreach (var sameDay in parsed.GroupBy(p => (p.Kind, p.Day)))
        {
            ParsedInterval? previous = null;
            foreach (var interval in sameDay.OrderBy(p => ScheduleText.Minutes(p.Start, p.End).Start))
            {
                if (previous is not null && ScheduleText.Minutes(interval.Start, interval.End).Start < ScheduleText.Minutes(previous.Start, previous.End).End)
                {
                    var (from, to, day) = (ScheduleText.FormatTime(previous.Start), ScheduleText.FormatTime(previous.End), ScheduleText.DayName(interval.Day));
                    errors.TryAdd($"intervals[{interval.Index}].start", [interval.Kind == WeeklyHoursKind.Break
                        ? text["It overlaps the break {0}–{1} on {2}.", from, to, day]
                        : text["It overlaps the working hours {0}–{1} on {2}.", from, to, day]]);
                }
                if (previous is null || ScheduleText.Minutes(interval.Start, interval.End).End > ScheduleText.Minutes(previous.Start, previous.End).End) previous = interval;
            }
        }
        return parsed;
    }
}

/// <summary>The checks every local time a doctor enters passes: a readable time on the five-minute grid.</summary>
internal static class TimeOfDay
{
    public static bool TryParse(string? input, string field, bool isEnd, Dictionary<string, string[]> errors, IStringLocalizer<SchedulesText> text,
        out LocalTime time)
    {
        if (!ScheduleText.TryParseTime(input, out time))
        {
            errors[field] = [isEnd ? text["Enter the end as a time, e.g. 09:00."] : text["Enter the start as a time, e.g. 09:00."]];
            return false;
        }
        if (!ScheduleText.OnGrid(time))
        {
            errors[field] = [text["Use a time on the {0}-minute grid (e.g. 09:05, not 09:07).", ScheduleText.GridMinutes]];
            return false;
        }
        return true;
    }

    /// <summary>An end of 00:00 is the midnight that ends the day, so 22:00–00:00 is a valid evening shift.</summary>
    public static bool EndsAfter(LocalTime start, LocalTime end) => end == LocalTime.Midnight || end > start;
}
