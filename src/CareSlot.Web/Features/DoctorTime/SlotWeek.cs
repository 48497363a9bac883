using System.Globalization;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;
using NodaTime.Text;

namespace CareSlot.Web.Features.DoctorTime;

public sealed record SlotDay(LocalDate Date, IReadOnlyList<ClinicSlot> Slots);

/// <summary>One week of a doctor's free slots for one appointment type in the clinic's zone, from the reader's first day of the week.</summary>
public sealed record SlotWeek(
    int DoctorId,
    AppointmentType Type,
    IReadOnlyList<AppointmentType> Types,
    LocalDate FirstDay,
    DateTimeZone Zone,
    IReadOnlyList<SlotDay> Days,
    LocalDate? PreviousWeek,
    LocalDate? NextWeek)
{
    /// <summary>Whether the week was chosen as the one holding the next free time (no week was asked for).</summary>
    public bool OpensOnNextFree { get; init; }

    /// <summary>With <see cref="OpensOnNextFree"/>, the first free time; null when none is open up to the booking horizon.</summary>
    public ClinicSlot? NextFree { get; init; }

    public static string WeekParameter(LocalDate day) => LocalDatePattern.Iso.Format(day);

    /// <summary>The first day of the week that holds <paramref name="date"/>.</summary>
    public static LocalDate StartOf(LocalDate date, IsoDayOfWeek firstDay) => date.With(DateAdjusters.PreviousOrSame(firstDay));
}

/// <summary>What the directory and the booking pages show as free time: reads may come from a standby (<see cref="StandbyReads"/>).</summary>
public sealed class LoadSlotWeek(StandbyReads reads, FindSlots findSlots, IClock clock)
{
    private readonly CareSlotDb db = reads.Db;

    /// <summary>
    /// Null when the doctor offers nothing bookable. A missing or unknown type falls back to the first type; a missing or
    /// unknown week to the week of the next free time (this week when nothing is free up to the horizon).
    /// </summary>
    public async Task<SlotWeek?> HandleAsync(int doctorId, int? typeId, string? week, Guid? viewer, CancellationToken ct)
    {
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == doctorId && t.IsOffered)
            .OrderBy(t => t.DurationMinutes).ThenBy(t => t.Name).ToListAsync(ct);
        if (types.Count == 0) return null;
        // Without a choice, offer what a first-time patient can book: most people arrive from a search.
        var type = types.FirstOrDefault(t => t.Id == typeId) ?? types.FirstOrDefault(t => t.ForNewPatients) ?? types[0];

        var zoneId = await db.WeeklyHours.Where(h => h.DoctorId == doctorId)
            .Join(db.Clinics.Where(c => c.RetiredAt == null), h => h.ClinicId, c => c.Id, (h, c) => new { c.Id, c.TimeZoneId })
            .OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct);
        if (zoneId is null) return null;
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var horizonDays = await db.BookingRules.Where(r => r.DoctorId == doctorId).Select(r => (int?)r.HorizonDays).FirstOrDefaultAsync(ct)
            ?? BookingRules.DefaultHorizonDays;

        var now = clock.GetCurrentInstant();
        var today = now.InZone(zone).Date;
        // The week the page shows starts on the reader's first day of the week, so its navigation does too.
        var firstDay = ClinicTime.FirstDayOfWeek;
        var thisWeek = SlotWeek.StartOf(today, firstDay);
        var lastWeek = SlotWeek.StartOf(today.PlusDays(horizonDays), firstDay);

        async Task<SlotWeek> WeekAsync(LocalDate weekStartDate)
        {
            var weekStart = zone.AtStartOfDay(weekStartDate).ToInstant();
            var from = weekStart < now ? now : weekStart;
            var to = zone.AtStartOfDay(weekStartDate.PlusWeeks(1)).ToInstant();
            var (found, _) = await findSlots.HandleAsync(new FindSlotsRequest(doctorId, type.Id, from, to), viewer, ct);
            var slots = found?.Slots ?? [];
            var days = Enumerable.Range(0, 7).Select(offset => weekStartDate.PlusDays(offset))
                .Select(date => new SlotDay(date, [.. slots.Where(s => s.Start.InZone(zone).Date == date)]))
                .ToList();
            return new SlotWeek(doctorId, type, types, weekStartDate, zone, days,
                weekStartDate > thisWeek ? weekStartDate.PlusWeeks(-1) : null,
                weekStartDate < lastWeek ? weekStartDate.PlusWeeks(1) : null);
        }

        if (IsoTime.TryParseDate(week, out var parsed))
        {
            var requested = SlotWeek.StartOf(parsed, firstDay);
            return await WeekAsync(requested < thisWeek ? thisWeek : requested > lastWeek ? lastWeek : requested);
        }

        // Late in the week, this one has nothing left (its past days never do): open where the next free time is. Week by
        // week, so the usual case costs one week's lookup, as before.
        for (var start = thisWeek; start <= lastWeek; start = start.PlusWeeks(1))
        {
            var candidate = await WeekAsync(start);
            if (candidate.Days.SelectMany(d => d.Slots).MinBy(s => s.Start) is { } first)
            {
                return candidate with { OpensOnNextFree = true, NextFree = first };
            }
        }
        return await WeekAsync(thisWeek) with { OpensOnNextFree = true };
    }
}
