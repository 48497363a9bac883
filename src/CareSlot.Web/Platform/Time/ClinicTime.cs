using System.Globalization;
using NodaTime;
using NodaTime.Extensions;

namespace CareSlot.Web.Platform.Time;

/// <summary>
/// How pages show a clinic's times: always in the clinic's zone, with its abbreviation, in the words and order of the
/// reader's language (the request's UI culture). English is British-style ("Wed 25 Nov"); German as German clinics
/// write it ("Mi., 25. Nov.", "MEZ").
/// </summary>
public static class ClinicTime
{
    private sealed record Patterns(CultureInfo Culture, string Day, string ShortDay, IReadOnlyDictionary<string, string> ZoneNames);

    private static readonly Patterns English = new(CultureInfo.GetCultureInfo("en-GB"), "dddd d MMMM uuuu", "ddd d MMM", new Dictionary<string, string>());

    private static readonly Patterns German = new(GermanDates(), "dddd, d. MMMM uuuu", "ddd, d. MMM",
        new Dictionary<string, string> { ["CET"] = "MEZ", ["CEST"] = "MESZ" });

    private static Patterns Current => For(CultureInfo.CurrentUICulture.Name);

    private static Patterns For(string language) => language.StartsWith("de", StringComparison.OrdinalIgnoreCase) ? German : English;

    /// <summary>
    /// The culture whose names dates are written with in <paramref name="language"/> ("de", "en-GB"): what messages
    /// use, which are written in their recipient's language rather than the request's.
    /// </summary>
    public static CultureInfo DateCulture(string language) => For(language).Culture;

    /// <summary>"Wednesday 25 November 2026" · "Mittwoch, 25. November 2026".</summary>
    public static string Day(LocalDate date) => date.ToString(Current.Day, Current.Culture);

    /// <summary>"Wed 25 Nov" · "Mi., 25. Nov.".</summary>
    public static string ShortDay(LocalDate date) => date.ToString(Current.ShortDay, Current.Culture);

    /// <summary>"09:00".</summary>
    public static string Clock(ZonedDateTime time) => time.TimeOfDay.ToString("HH':'mm", CultureInfo.InvariantCulture);

    /// <summary>"CET" · "MEZ" (or "+01" where the zone has no abbreviation).</summary>
    public static string Abbreviation(ZonedDateTime time) => Abbreviation(time, CultureInfo.CurrentUICulture.Name);

    /// <summary>The zone's abbreviation as readers of <paramref name="language"/> know it.</summary>
    public static string Abbreviation(ZonedDateTime time, string language)
    {
        var name = time.GetZoneInterval().Name;
        return For(language).ZoneNames.GetValueOrDefault(name, name);
    }

    /// <summary>"Wed 25 Nov, 09:00 CET" · "Mi., 25. Nov., 09:00 MEZ": a doctor's next free time, in the directory and on their profile.</summary>
    public static string ShortDayAndClock(ZonedDateTime time) => $"{ShortDay(time.Date)}, {Clock(time)} {Abbreviation(time)}";

    /// <summary>"Wednesday 25 November 2026, 09:00–09:30 CET" · "Mittwoch, 25. November 2026, 09:00–09:30 MEZ".</summary>
    public static string Span(ZonedDateTime start, ZonedDateTime end) =>
        $"{Day(start.Date)}, {Clock(start)}–{Clock(end)} {Abbreviation(start)}";

    /// <summary>The first day of a week in the reader's language: Monday in German and in British English.</summary>
    public static IsoDayOfWeek FirstDayOfWeek => Current.Culture.DateTimeFormat.FirstDayOfWeek.ToIsoDayOfWeek();

    /// <summary>
    /// German with the abbreviations of German print ("Mo.", "Dez."): ICU's are bare ("Mo", "Dez") except in some
    /// patterns, and "Mo 7. Dez" reads as a typo to a German patient.
    /// </summary>
    private static CultureInfo GermanDates()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("de-DE").Clone();
        culture.DateTimeFormat.AbbreviatedDayNames = ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."];
        string[] months = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.", ""];
        culture.DateTimeFormat.AbbreviatedMonthNames = months;
        culture.DateTimeFormat.AbbreviatedMonthGenitiveNames = months;
        return CultureInfo.ReadOnly(culture);
    }
}
