using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// One labelled input of the schedule pages. Unlike <see cref="TextField"/> the id is given, because the
/// same weekly form repeats once per clinic, and the model-state key is the id, so the error summary links to it.
/// </summary>
public sealed record ScheduleInput(string Id, string Name, string Label, string? Value, string Type = "time")
{
    public string? Error { get; init; }
    public string? Hint { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
    public bool Required { get; init; }

    /// <summary>Words for screen readers only, e.g. which day a "From" field belongs to.</summary>
    public string? HiddenContext { get; init; }

    public string? Step => Type == "time" ? (ScheduleText.GridMinutes * 60).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The field with its first model-state error. The summary above the form says which field ("Monday, break: …");
    /// next to the field, inside its fieldset, that is already clear, so the context is left out there.
    /// </summary>
    public ScheduleInput WithErrorFrom(ModelStateDictionary modelState)
    {
        var error = modelState.TryGetValue(Id, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
        var context = HiddenContext is null ? null : HiddenContext + ": ";
        if (context is not null && error?.StartsWith(context, StringComparison.Ordinal) == true) error = error[context.Length..];
        return this with { Error = error };
    }
}

public sealed class TimeRangeInput
{
    public string? Start { get; set; }
    public string? End { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End);
}

public sealed class WeekdayInput
{
    public string? Day { get; set; }
    public List<TimeRangeInput> Working { get; set; } = [];
    public List<TimeRangeInput> Breaks { get; set; } = [];
}

/// <summary>A clinic's week as the page's form holds it: a few working intervals and a break per day, empty meaning none.</summary>
public sealed class WeeklyHoursInput
{
    public const int WorkingRows = 3;
    public const int BreakRows = 1;

    public int ClinicId { get; set; }
    public List<WeekdayInput> Days { get; set; } = [];

    /// <summary>The saved week, with empty rows to add more; days with more intervals than the usual rows show them all.</summary>
    public static WeeklyHoursInput From(int clinicId, IReadOnlyList<WeeklyHoursView> hours)
    {
        var input = new WeeklyHoursInput { ClinicId = clinicId };
        foreach (var day in ScheduleText.Week)
        {
            var name = ScheduleText.Day(day);
            var onDay = hours.Where(h => h.ClinicId == clinicId && h.Day == name).OrderBy(h => h.Start, StringComparer.Ordinal).ToList();
            input.Days.Add(new WeekdayInput
            {
                Day = name,
                Working = [.. onDay.Where(h => h.Kind == "working").Select(h => new TimeRangeInput { Start = h.Start, End = h.End })],
                Breaks = [.. onDay.Where(h => h.Kind == "break").Select(h => new TimeRangeInput { Start = h.Start, End = h.End })],
            });
        }
        return input.Padded();
    }

    /// <summary>Seven days with at least the usual rows each, whatever a post left out.</summary>
    public WeeklyHoursInput Padded()
    {
        var days = ScheduleText.Week.Select(day => Days.FirstOrDefault(d => d.Day == ScheduleText.Day(day)) ?? new WeekdayInput { Day = ScheduleText.Day(day) }).ToList();
        foreach (var day in days)
        {
            while (day.Working.Count < WorkingRows) day.Working.Add(new TimeRangeInput());
            while (day.Breaks.Count < BreakRows) day.Breaks.Add(new TimeRangeInput());
        }
        return new WeeklyHoursInput { ClinicId = ClinicId, Days = days };
    }

    public static string FieldId(int clinicId, string? day, string kind, int row, string end) => $"clinic-{clinicId}-{day}-{kind}-{row + 1}-{end}";

    /// <summary>"Monday, working hours 2", "Monday, break": which row a field belongs to, for screen readers and the error summary.</summary>
    public static string RowLabel(string? day, string kind, int row, int rows, IStringLocalizer<SchedulesText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dayName = ScheduleText.TryParseDay(day, out var parsed) ? ScheduleText.DayName(parsed) : day;
        return (kind == "break", rows > 1) switch
        {
            (true, true) => text["{0}, break {1}", dayName ?? "", row + 1],
            (true, false) => text["{0}, break", dayName ?? ""],
            (false, true) => text["{0}, working hours {1}", dayName ?? "", row + 1],
            (false, false) => text["{0}, working hours", dayName ?? ""],
        };
    }

    /// <summary>"Working hours 2", "Break": the legend of a row inside its day.</summary>
    public static string RowLegend(string kind, int row, int rows, IStringLocalizer<SchedulesText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (kind == "break", rows > 1) switch
        {
            (true, true) => text["Break {0}", row + 1],
            (true, false) => text["Break"],
            (false, true) => text["Working hours {0}", row + 1],
            (false, false) => text["Working hours"],
        };
    }

    /// <summary>The request, and for each interval in it the ids of its two inputs and its label, to put errors back next to them.</summary>
    public (WeeklyHoursRequest Request, List<(string StartId, string EndId, string Label)> Fields) ToRequest(IStringLocalizer<SchedulesText> text)
    {
        var intervals = new List<WeeklyIntervalRequest>();
        var fields = new List<(string, string, string)>();
        foreach (var day in Days)
        {
            Add(day, "working", day.Working);
            Add(day, "break", day.Breaks);
        }
        return (new WeeklyHoursRequest(ClinicId, intervals), fields);

        void Add(WeekdayInput day, string kind, List<TimeRangeInput> rows)
        {
            for (var row = 0; row < rows.Count; row++)
            {
                if (rows[row] is not { IsEmpty: false } range) continue;
                intervals.Add(new WeeklyIntervalRequest(kind, day.Day, range.Start, range.End));
                fields.Add((FieldId(ClinicId, day.Day, kind, row, "start"), FieldId(ClinicId, day.Day, kind, row, "end"), RowLabel(day.Day, kind, row, rows.Count, text)));
            }
        }
    }
}

/// <summary>Time off as people think of it: from a day (and a time, else its start) to a day (and a time, else its end).</summary>
public sealed class TimeOffInput
{
    public string? StartDate { get; set; }
    public string? StartTime { get; set; }
    public string? EndDate { get; set; }
    public string? EndTime { get; set; }
    public string? Note { get; set; }

    public TimeOffRequest ToRequest() => new(Combine(StartDate, StartTime, endOfDay: false), Combine(EndDate, EndTime, endOfDay: true), Note);

    /// <summary>Where the use case's "start" or "end" problem belongs: the time when one was typed after a valid date, else the date.</summary>
    public string FieldFor(string field) => field switch
    {
        "start" => ScheduleText.TryParseDate(StartDate, out _) && !string.IsNullOrWhiteSpace(StartTime) ? "time-off-start-time" : "time-off-start-date",
        "end" => ScheduleText.TryParseDate(EndDate, out _) && !string.IsNullOrWhiteSpace(EndTime) ? "time-off-end-time" : "time-off-end-date",
        "note" => "time-off-note",
        _ => "",
    };

    private static string? Combine(string? date, string? time, bool endOfDay)
    {
        if (!ScheduleText.TryParseDate(date, out var day)) return date;
        if (string.IsNullOrWhiteSpace(time)) return ScheduleText.FormatDateTime((endOfDay ? day.PlusDays(1) : day).AtMidnight());
        return ScheduleText.TryParseTime(time, out var at) ? ScheduleText.FormatDateTime(day + at) : $"{ScheduleText.FormatDate(day)}T{time}";
    }
}

public sealed class ExtraHoursInput
{
    public string? ClinicId { get; set; }
    public string? Date { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }

    public ExtraHoursRequest ToRequest() => new(int.TryParse(ClinicId, out var id) ? id : null, Date, Start, End);

    public static string FieldFor(string field) => field switch
    {
        "clinicId" => "extra-clinic",
        "date" => "extra-date",
        "start" => "extra-start",
        "end" => "extra-end",
        _ => "",
    };
}

public sealed class AppointmentTypeInput
{
    public string? Name { get; set; }
    public string? DurationMinutes { get; set; }
    public string? BufferAfterMinutes { get; set; }
    public string? Mode { get; set; }

    // False unless posted: an unchecked box sends nothing, so a default of true could never be turned off.
    public bool ForNewPatients { get; set; }
    public bool ForReturningPatients { get; set; }

    /// <summary>The add form as it first shows: in person, for everyone.</summary>
    public static AppointmentTypeInput Blank() => new() { Mode = "in-person", ForNewPatients = true, ForReturningPatients = true };

    public static AppointmentTypeInput From(AppointmentTypeView type) => new()
    {
        Name = type.Name, DurationMinutes = Number(type.DurationMinutes), BufferAfterMinutes = Number(type.BufferAfterMinutes), Mode = type.Mode,
        ForNewPatients = type.ForNewPatients, ForReturningPatients = type.ForReturningPatients,
    };

    /// <summary>Unchecked boxes are not posted at all, so the page always says false or true, never "not given".</summary>
    public AppointmentTypeRequest ToRequest() => new(Name, Parse(DurationMinutes), string.IsNullOrWhiteSpace(BufferAfterMinutes) ? 0 : Parse(BufferAfterMinutes),
        Mode ?? "", ForNewPatients, ForReturningPatients);

    public static string FieldFor(string field) => field switch
    {
        "name" => "type-name",
        "durationMinutes" => "type-duration",
        "bufferAfterMinutes" => "type-buffer",
        "mode" => "type-mode-in-person",
        "forNewPatients" or "forReturningPatients" => "type-for-new",
        _ => "",
    };

    public static readonly IReadOnlyList<string> FieldOrder = ["type-name", "type-duration", "type-buffer", "type-mode-in-person", "type-for-new"];

    internal static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Out of range stands in for text that is not a number, so the use case's range message answers it.</summary>
    internal static int? Parse(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : int.MinValue;
}

public sealed class BookingRulesInput
{
    public string? MinimumNoticeMinutes { get; set; }
    public string? HorizonDays { get; set; }

    public static BookingRulesInput From(BookingRulesView rules) => new()
    {
        MinimumNoticeMinutes = AppointmentTypeInput.Number(rules.MinimumNoticeMinutes),
        HorizonDays = AppointmentTypeInput.Number(rules.HorizonDays),
    };

    public BookingRulesRequest ToRequest() => new(AppointmentTypeInput.Parse(MinimumNoticeMinutes), AppointmentTypeInput.Parse(HorizonDays));

    public static string FieldFor(string field) => field switch
    {
        "minimumNoticeMinutes" => "rules-notice",
        "horizonDays" => "rules-horizon",
        _ => "",
    };
}

/// <summary>Puts a refused schedule change back on a page: field problems next to the fields, anything else above the form.</summary>
internal static class ScheduleProblems
{
    public static void AddTo(ModelStateDictionary modelState, UseCaseProblem problem, Func<string, string> fieldFor, Func<string, string>? label = null)
    {
        if (problem.Errors is null)
        {
            modelState.AddModelError("", problem.Detail);
            return;
        }
        foreach (var (field, messages) in problem.Errors)
        {
            var key = fieldFor(field);
            var prefix = key.Length == 0 || label is null ? "" : label(field);
            foreach (var message in messages) modelState.AddModelError(key, prefix.Length == 0 ? message : $"{prefix}: {message}");
        }
    }
}
