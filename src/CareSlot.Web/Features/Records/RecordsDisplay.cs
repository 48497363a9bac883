using CareSlot.Web.Platform.Time;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>How the record pages name kinds and write times.</summary>
public static class RecordsDisplay
{
    public static string KindName(RecordKind kind, IStringLocalizer<RecordsText> text) => kind switch
    {
        RecordKind.VisitNote => text["Visit note"],
        RecordKind.Allergy => text["Allergy"],
        RecordKind.Condition => text["Condition"],
        _ => text["Patient-reported"],
    };

    public static string StatusName(Scheduling.AppointmentStatus status, IStringLocalizer<RecordsText> text) => status switch
    {
        Scheduling.AppointmentStatus.Requested => text["Requested"],
        Scheduling.AppointmentStatus.Confirmed => text["Confirmed"],
        Scheduling.AppointmentStatus.Completed => text["Completed"],
        Scheduling.AppointmentStatus.NoShow => text["No-show"],
        _ => text["Cancelled"],
    };

    /// <summary>A page number from a link: absent is the first page; anything but 1 to <see cref="PatientRecords.MaxPage"/> is none.</summary>
    public static int? PageNumber(string? text) =>
        text is null ? 1
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
            && page is >= 1 and <= PatientRecords.MaxPage ? page : null;

    public static string When(Instant instant, DateTimeZone zone) => ClinicTime.ShortDayAndClock(instant.InZone(zone));

    /// <summary>The heading of an entry: an allergy's or condition's title, a note's summary's first line.</summary>
    public static string Heading(RecordEntryView entry, IStringLocalizer<RecordsText> text) =>
        entry.Content.Title ?? (entry.Content.Summary is { } summary ? FirstLine(summary) : KindName(entry.Kind, text));

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 80 ? line[..79] + "…" : line;
    }
}
