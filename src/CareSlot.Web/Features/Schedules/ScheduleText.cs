using System.Globalization;
using CareSlot.Web.Platform.Time;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Extensions;
using NodaTime.Text;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// How the schedule API and pages write clinic-local times: "09:30", "2026-12-24", "2026-12-24T09:30",
/// weekdays as "monday", kinds as "working" / "break", modes as "in-person" / "video".
/// </summary>
public static class ScheduleText
{
    /// <summary>Every time a doctor sets lies on this grid, so slots start at times patients can read at a glance.</summary>
    public const int GridMinutes = 5;

    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    public static readonly IReadOnlyList<IsoDayOfWeek> Week =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
        IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    public static string FormatTime(LocalTime time) => Time.Format(time);

    public static string FormatDate(LocalDate date) => Date.Format(date);

    public static string FormatDateTime(LocalDateTime dateTime) => DateTime.Format(dateTime);

    /// <summary>Accepts "HH:mm" (and "HH:mm:ss" with zero seconds, which some browsers send from time inputs).</summary>
    public static bool TryParseTime(string? text, out LocalTime time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.Length == 8 && trimmed.EndsWith(":00", StringComparison.Ordinal)) trimmed = trimmed[..5];
        var result = Time.Parse(trimmed);
        if (!result.Success) return false;
        time = result.Value;
        return true;
    }

    public static bool TryParseDate(string? text, out LocalDate date) => IsoTime.TryParseDate(text, out date);

    public static bool TryParseDateTime(string? text, out LocalDateTime dateTime)
    {
        dateTime = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var result = DateTime.Parse(text.Trim());
        if (!result.Success || !IsoTime.IsPlausible(result.Value.Date)) return false;
        dateTime = result.Value;
        return true;
    }

    public static bool OnGrid(LocalTime time) => time.Second == 0 && time.NanosecondOfSecond == 0 && time.Minute % GridMinutes == 0;

    public static string Day(IsoDayOfWeek day) => day.ToString().ToLowerInvariant();

    /// <summary>"Monday" ("Montag"), in the language of the request, for pages and messages.</summary>
    public static string DayName(IsoDayOfWeek day) => CultureInfo.CurrentUICulture.DateTimeFormat.GetDayName(day.ToDayOfWeek());

    public static bool TryParseDay(string? text, out IsoDayOfWeek day)
    {
        day = Week.FirstOrDefault(d => string.Equals(Day(d), text?.Trim(), StringComparison.OrdinalIgnoreCase));
        return day != IsoDayOfWeek.None;
    }

    public static string Kind(WeeklyHoursKind kind) => kind == WeeklyHoursKind.Break ? "break" : "working";

    public static bool TryParseKind(string? text, out WeeklyHoursKind kind)
    {
        kind = WeeklyHoursKind.Working;
        if (string.Equals(text?.Trim(), "working", StringComparison.OrdinalIgnoreCase)) return true;
        kind = WeeklyHoursKind.Break;
        return string.Equals(text?.Trim(), "break", StringComparison.OrdinalIgnoreCase);
    }

    public static string Mode(VisitMode mode) => mode == VisitMode.Video ? "video" : "in-person";

    public static bool TryParseMode(string? text, out VisitMode mode)
    {
        mode = VisitMode.InPerson;
        if (string.Equals(text?.Trim(), "in-person", StringComparison.OrdinalIgnoreCase)) return true;
        mode = VisitMode.Video;
        return string.Equals(text?.Trim(), "video", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A local time range on one day where an end of 00:00 is the midnight that ends it, as a minute span for comparing.</summary>
    internal static (int Start, int End) Minutes(LocalTime start, LocalTime end) =>
        (start.Hour * 60 + start.Minute, end == LocalTime.Midnight ? 24 * 60 : end.Hour * 60 + end.Minute);

    /// <summary>
    /// "Monday 7 December 2026 – Wednesday 9 December 2026 (whole days)" or "Monday 7 December 2026, 09:00 – Monday 7 December 2026, 13:00",
    /// for pages, in the language of the request.
    /// </summary>
    public static string DisplayPeriod(string start, string end, IStringLocalizer<SchedulesText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParseDateTime(start, out var from) || !TryParseDateTime(end, out var to)) return $"{start} – {end}";
        if (from.TimeOfDay == LocalTime.Midnight && to.TimeOfDay == LocalTime.Midnight)
        {
            var lastDay = to.Date.PlusDays(-1);
            return lastDay == from.Date
                ? text["{0} (whole day)", ClinicTime.Day(from.Date)]
                : text["{0} – {1} (whole days)", ClinicTime.Day(from.Date), ClinicTime.Day(lastDay)];
        }
        return $"{Display(from)} – {Display(to)}";
    }

    /// <summary>"Monday 7 December 2026, 09:00", for pages: the day as <see cref="ClinicTime"/> writes it in the request's language.</summary>
    public static string Display(LocalDateTime dateTime) => $"{ClinicTime.Day(dateTime.Date)}, {FormatTime(dateTime.TimeOfDay)}";
}
