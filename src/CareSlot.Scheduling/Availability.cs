using NodaTime;

namespace CareSlot.Scheduling;

/// <summary>
/// A weekly recurring local interval, e.g. Monday 09:00–12:30. <see cref="End"/> is after
/// <see cref="Start"/> on the same day; <see cref="LocalTime.Midnight"/> as the end means the end of the day.
/// </summary>
public readonly record struct WeeklyInterval(IsoDayOfWeek Day, LocalTime Start, LocalTime End);

/// <summary>One-off extra hours on one local date (same end rule as <see cref="WeeklyInterval"/>).</summary>
public readonly record struct DatedInterval(LocalDate Date, LocalTime Start, LocalTime End);

/// <summary>A local period that may span days, e.g. time off from Friday 18:00 to Monday 08:00.</summary>
public readonly record struct LocalPeriod(LocalDateTime Start, LocalDateTime End);

/// <summary>
/// When a doctor works at one clinic, all in that clinic's local time: weekly hours, weekly breaks,
/// one-off extra hours, and time off. Breaks and time off win over working and extra hours.
/// </summary>
public sealed record Availability(
    DateTimeZone Zone,
    IReadOnlyList<WeeklyInterval> WorkingHours,
    IReadOnlyList<WeeklyInterval> Breaks,
    IReadOnlyList<DatedInterval> ExtraHours,
    IReadOnlyList<LocalPeriod> TimeOff);

/// <summary>An appointment type's length and the buffer the doctor keeps free after it.</summary>
public sealed record AppointmentLength(Duration Length, Duration BufferAfter);

/// <summary>How soon and how far ahead patients may book.</summary>
public sealed record BookingWindow(Duration MinimumNotice, int HorizonDays)
{
    public static BookingWindow Default { get; } = new(Duration.FromHours(2), 90);
}

/// <summary>A free slot: the appointment itself, without its buffer.</summary>
public readonly record struct Slot(Instant Start, Instant End);

/// <summary>
/// Everything the slot finder needs. <see cref="Busy"/> holds booked appointments and live holds,
/// each already extended by its own buffer. Slots are returned when they start in [From, To).
/// </summary>
public sealed record SlotRequest(
    Availability Availability,
    AppointmentLength Type,
    BookingWindow Window,
    IReadOnlyList<Interval> Busy,
    Instant Now,
    Instant From,
    Instant To);
