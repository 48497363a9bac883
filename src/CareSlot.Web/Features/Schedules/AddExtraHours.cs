using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

public sealed record ExtraHoursRequest(int? ClinicId, string? Date, string? Start, string? End);

/// <summary>Adds one-off hours on a date at one of the doctor's clinics; more hours never strand a patient.</summary>
public sealed class AddExtraHours(CareSlotDb db, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text, IStringLocalizer<WebText> words)
{
    public async Task<Outcome<ExtraHoursView>> HandleAsync(int doctorId, ExtraHoursRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TextInspector.AddProblems(request, errors, words);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (request.ClinicId is not int clinicId || !(await ScheduleOwner.ClinicIdsAsync(db, doctorId, ct)).Contains(clinicId))
        {
            errors["clinicId"] = [text["Choose one of your clinics."]];
            clinicId = 0;
        }
        if (!ScheduleText.TryParseDate(request.Date, out var date)) errors["date"] = [text["Enter the date, e.g. 2026-12-24."]];
        var startValid = TimeOfDay.TryParse(request.Start, "start", isEnd: false, errors, text, out var start);
        var endValid = TimeOfDay.TryParse(request.End, "end", isEnd: true, errors, text, out var end);
        if (startValid && endValid && !TimeOfDay.EndsAfter(start, end)) errors["end"] = [text["The end must be after the start (00:00 means midnight at the end of the day)."]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var (from, to) = ScheduleText.Minutes(start, end);
        return await transaction.RunAsync(doctorId, async () =>
        {
            var sameDay = await db.ExtraHours.AsNoTracking().Where(h => h.DoctorId == doctorId && h.ClinicId == clinicId && h.Date == date).ToListAsync(ct);
            if (sameDay.OrderBy(h => h.Start).FirstOrDefault(h => ScheduleText.Minutes(h.Start, h.End) is var other && other.Start < to && from < other.End) is { } overlapping)
            {
                return UseCaseProblem.Invalid("start",
                    text["It overlaps your extra hours {0}–{1} on that day.", ScheduleText.FormatTime(overlapping.Start), ScheduleText.FormatTime(overlapping.End)]);
            }

            var hours = new ExtraHours(doctorId, clinicId, date, start, end);
            db.ExtraHours.Add(hours);
            await db.SaveChangesAsync(ct);
            return new Outcome<ExtraHoursView>(LoadDoctorSchedule.ToView(hours), null);
        }, ct);
    }
}
