using System.Text.Json.Serialization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record AppointmentView(
    Guid Id,
    string Status,
    string Start,
    string End,
    string TimeZone,
    string TimeZoneAbbreviation,
    Guid PatientId,
    string PatientName,
    int DoctorId,
    string DoctorName,
    int ClinicId,
    string ClinicName,
    string ClinicAddress,
    string ClinicPhone,
    int AppointmentTypeId,
    string AppointmentType,
    string VisitMode,
    string Reason,
    int RescheduleCount,
    string? PatientMayCancelUntil,
    string? PatientMayRescheduleUntil)
{
    /// <summary>The same times for pages, which show them in the clinic's zone.</summary>
    [JsonIgnore] public ZonedDateTime LocalStart { get; init; }
    [JsonIgnore] public ZonedDateTime LocalEnd { get; init; }
}

public sealed record HistoryView(string At, string Actor, string? FromStatus, string ToStatus, string? FromStart, string? ToStart, string? Reason);

public sealed record AppointmentDetails(AppointmentView Appointment, IReadOnlyList<HistoryView> History);

public enum AppointmentScope
{
    Upcoming,
    Past,
}

/// <summary>Reads appointments as the viewer may see them, with the clinic's zone applied.</summary>
public sealed class AppointmentQueries(CareSlotDb db, IClock clock)
{
    public const int PageSize = 100;

    public async Task<IReadOnlyList<AppointmentView>> ListAsync(Viewer viewer, AppointmentScope scope, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var visible = viewer.Visible(db.Appointments.AsNoTracking());
        visible = scope == AppointmentScope.Upcoming
            ? visible.Where(a => a.End > now).OrderBy(a => a.Start)
            : visible.Where(a => a.End <= now).OrderByDescending(a => a.Start);
        return await ViewsAsync(visible.Take(PageSize), now, ct);
    }

    public async Task<AppointmentDetails?> FindAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var views = await ViewsAsync(viewer.Visible(db.Appointments.AsNoTracking()).Where(a => a.Id == id), now, ct);
        if (views.Count == 0) return null;
        var view = views[0];
        var zone = view.LocalStart.Zone;
        var history = await db.AppointmentHistory.AsNoTracking().Where(h => h.AppointmentId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(ct);
        return new AppointmentDetails(view, [.. history.Select(h => new HistoryView(
            IsoTime.Format(h.At, zone), h.Actor.ToString().ToLowerInvariant(),
            h.FromStatus is { } from ? StatusNames.Api(from) : null, StatusNames.Api(h.ToStatus),
            h.FromStart is { } fromStart ? IsoTime.Format(fromStart, zone) : null,
            h.ToStart is { } toStart ? IsoTime.Format(toStart, zone) : null,
            h.Reason))]);
    }

    private async Task<List<AppointmentView>> ViewsAsync(IQueryable<Appointment> appointments, Instant now, CancellationToken ct)
    {
        var rows = await (
            from a in appointments
            join d in db.Doctors on a.DoctorId equals d.Id
            join c in db.Clinics on a.ClinicId equals c.Id
            join t in db.AppointmentTypes on a.AppointmentTypeId equals t.Id
            join p in db.Users on a.PatientId equals p.Id
            select new { a, PatientName = p.FullName, d.Title, d.GivenName, d.FamilyName, c.Name, c.AddressLine, c.Postcode, c.City, c.Phone, c.TimeZoneId, c.Policy, TypeName = t.Name, t.Mode })
            .ToListAsync(ct);
        return [.. rows.Select(row =>
        {
            var zone = DateTimeZoneProviders.Tzdb[row.TimeZoneId];
            var start = row.a.Start.InZone(zone);
            var active = row.a.Status.IsActive();
            var cancelUntil = row.a.Start - Duration.FromHours(row.Policy.CancellationLimitHours);
            var rescheduleUntil = row.a.Start - Duration.FromHours(row.Policy.RescheduleLimitHours);
            return new AppointmentView(row.a.Id, StatusNames.Api(row.a.Status), IsoTime.Format(row.a.Start, zone), IsoTime.Format(row.a.End, zone),
                zone.Id, start.GetZoneInterval().Name, row.a.PatientId, row.PatientName, row.a.DoctorId, $"{row.Title} {row.GivenName} {row.FamilyName}".Trim(), row.a.ClinicId, row.Name,
                $"{row.AddressLine}, {row.Postcode} {row.City}", row.Phone, row.a.AppointmentTypeId, row.TypeName,
                row.Mode == VisitMode.Video ? "video" : "in-person", row.a.Reason, row.a.RescheduleCount,
                active && now <= cancelUntil ? IsoTime.Format(cancelUntil, zone) : null,
                active && now <= rescheduleUntil ? IsoTime.Format(rescheduleUntil, zone) : null)
            {
                LocalStart = start,
                LocalEnd = row.a.End.InZone(zone),
            };
        })];
    }
}
