using CareSlot.Web.Platform.Observability;

namespace CareSlot.Web.Features.Admin.Dashboard;

/// <summary>One local day of the reporting zone: what happened on it.</summary>
/// <param name="Booked">Appointments made that day (when the patient booked, not when the visit is).</param>
/// <param name="NoShows">Visits that day whose patient did not come.</param>
/// <param name="MessagesFailed">Messages that failed for good, on the day of their last attempt.</param>
public sealed record DailyActivity(string Date, int Booked, int Cancelled, int Rescheduled, int NoShows, int MessagesSent, int MessagesFailed);

/// <summary>Booked minutes against offered minutes (working and extra hours less breaks and time off) over the 30 days.</summary>
/// <param name="Ratio">Booked / offered, 0 when nothing was offered; above 1 when visits were booked outside hours since removed.</param>
public sealed record Utilisation(int Id, string Name, long BookedMinutes, long OfferedMinutes, double Ratio);

/// <param name="OutboxOldestDueSeconds">How long the oldest due, unsent message has waited; 0 when none waits.</param>
public sealed record SystemHealth(RequestRates Requests, bool DatabaseReachable, double? DatabaseMilliseconds, long OutboxBacklog,
    double OutboxOldestDueSeconds);

/// <summary>The newest good backup against the schedule, as readiness and /admin/backups judge it (<c>BackupFreshness</c>).</summary>
/// <param name="Scheduled">Whether the app backs up by itself; when not, nothing is overdue.</param>
/// <param name="LastGoodAt">When the newest good backup finished (UTC, ISO-8601); null when there is none.</param>
/// <param name="AgeHours">How old it is, in hours.</param>
/// <param name="AllowedHours">How old the schedule lets it be: its longest gap and an hour.</param>
/// <param name="Overdue">Scheduled, and none yet or older than allowed: the tile turns amber.</param>
public sealed record BackupTile(bool Scheduled, string? LastGoodAt, double? AgeHours, long? SizeBytes, double AllowedHours, bool Overdue);

/// <summary>Everything the dashboard shows, as the page and GET /api/v1/admin/dashboard give it.</summary>
/// <param name="Zone">The IANA zone whose days the figures count: the clinics' zone, or where most clinics are when they differ.</param>
/// <param name="ZoneIsEveryClinics">False on a site whose clinics lie in more than one zone: their days are counted in <paramref name="Zone"/>.</param>
/// <param name="From">The first day (local date), 29 days before today.</param>
/// <param name="To">Today (local date), counted so far.</param>
/// <param name="OpenDisputes">Disputes in progress: open, under review or awaiting a party.</param>
/// <param name="OverdueDisputes">Of those, how many have been in their state longer than its target.</param>
/// <param name="GeneratedAt">When the figures were read (UTC); they are kept for <see cref="DashboardQuery.CacheFor"/>.</param>
public sealed record DashboardFigures(string Zone, bool ZoneIsEveryClinics, string From, string To, IReadOnlyList<DailyActivity> Days,
    IReadOnlyList<Utilisation> ByClinic, IReadOnlyList<Utilisation> TopDoctors, IReadOnlyList<Utilisation> BySpecialty, int OpenDisputes,
    int OverdueDisputes, BackupTile Backups,
    SystemHealth Health, string GeneratedAt);
