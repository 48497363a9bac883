using System.Text.Json.Serialization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <param name="Reason">
/// The patient's reason for the visit ("" when none was given): only in one appointment's answer, to its patient and its
/// doctor. Null in lists and for administrators, who do not read clinical content.
/// </param>
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
    string? Reason,
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

/// <summary>The doctor and clinic side of an appointment's view; <paramref name="DoctorName"/> is title, given and family name, trimmed when shown.</summary>
internal sealed record AppointmentPlace(string DoctorName, string ClinicName, string AddressLine, string Postcode, string City, string Phone,
    string TimeZoneId, Doctors.ClinicPolicy Policy);

public enum AppointmentScope
{
    Upcoming,
    Past,
}

/// <summary>Reads appointments as the viewer may see them, with the clinic's zone applied.</summary>
public sealed class AppointmentQueries(CareSlotDb db, IClock clock, FieldProtector protector, AuditTrail audit)
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

    /// <summary>One appointment with its history, and its reason for the visit if the viewer may read it (an audited read).</summary>
    public Task<AppointmentDetails?> FindAsync(Viewer viewer, Guid id, CancellationToken ct) => FindAsync(viewer, id, showReason: true, ct);

    /// <param name="showReason">False for pages that do not show it: nothing is opened, and no read is recorded.</param>
    public async Task<AppointmentDetails?> FindAsync(Viewer viewer, Guid id, bool showReason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var now = clock.GetCurrentInstant();
        var views = await ViewsAsync(viewer.Visible(db.Appointments.AsNoTracking()).Where(a => a.Id == id), now, ct,
            showReason && MayReadReason(viewer) ? OpenReason : null);
        if (views.Count == 0) return null;
        var view = views[0];
        if (view.Reason is not null)
        {
            await audit.RecordAsync(new AuditEvent("reason.read", AuditOutcome.Allowed, PatientId: view.PatientId, Record: $"appointment {view.Id}"), ct);
        }
        var zone = view.LocalStart.Zone;
        var history = await db.AppointmentHistory.AsNoTracking().Where(h => h.AppointmentId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(ct);
        return new AppointmentDetails(view, [.. history.Select(h => new HistoryView(
            IsoTime.Format(h.At, zone), h.Actor.ToString().ToLowerInvariant(),
            h.FromStatus is { } from ? StatusNames.Api(from) : null, StatusNames.Api(h.ToStatus),
            h.FromStart is { } fromStart ? IsoTime.Format(fromStart, zone) : null,
            h.ToStart is { } toStart ? IsoTime.Format(toStart, zone) : null,
            h.Reason))]);
    }

    /// <summary>
    /// The patient and the appointment's doctor (the viewer's scope already holds them to their own); an administrator's
    /// view says the reason is withheld. Break-glass access is the records feature's.
    /// </summary>
    public static bool MayReadReason(Viewer viewer) => viewer?.Actor is Actor.Patient or Actor.Doctor;

    private string OpenReason(Appointment a) => protector.OpenOrLegacy(a.Reason, a.Id, Appointment.ReasonColumn);

    /// <param name="reason">How to read each row's reason; null leaves it out (lists never show reasons).</param>
    private async Task<List<AppointmentView>> ViewsAsync(IQueryable<Appointment> appointments, Instant now, CancellationToken ct,
        Func<Appointment, string>? reason = null)
    {
        var rows = await (
            from a in appointments
            join d in db.Doctors on a.DoctorId equals d.Id
            join c in db.Clinics on a.ClinicId equals c.Id
            join t in db.AppointmentTypes on a.AppointmentTypeId equals t.Id
            join p in db.Users on a.PatientId equals p.Id
            select new { a, PatientName = p.FullName, d.Title, d.GivenName, d.FamilyName, c.Name, c.AddressLine, c.Postcode, c.City, c.Phone, c.TimeZoneId, c.Policy, TypeName = t.Name, t.Mode })
            .ToListAsync(ct);
        return [.. rows.Select(row => ToView(row.a, reason?.Invoke(row.a), row.PatientName, new AppointmentPlace($"{row.Title} {row.GivenName} {row.FamilyName}",
            row.Name, row.AddressLine, row.Postcode, row.City, row.Phone, row.TimeZoneId, row.Policy), row.TypeName, row.Mode, now))];
    }

    /// <summary>The one way an appointment is shown, shared by the reads here and the booking's own answer.</summary>
    /// <param name="reason">The reason for the visit as this answer may show it (opened), or null.</param>
    internal static AppointmentView ToView(Appointment a, string? reason, string patientName, AppointmentPlace place, string typeName, VisitMode mode, Instant now)
    {
        var zone = DateTimeZoneProviders.Tzdb[place.TimeZoneId];
        var start = a.Start.InZone(zone);
        var active = a.Status.IsActive();
        var cancelUntil = a.Start - Duration.FromHours(place.Policy.CancellationLimitHours);
        var rescheduleUntil = a.Start - Duration.FromHours(place.Policy.RescheduleLimitHours);
        return new AppointmentView(a.Id, StatusNames.Api(a.Status), IsoTime.Format(a.Start, zone), IsoTime.Format(a.End, zone),
            zone.Id, start.GetZoneInterval().Name, a.PatientId, patientName, a.DoctorId, place.DoctorName.Trim(), a.ClinicId, place.ClinicName,
            $"{place.AddressLine}, {place.Postcode} {place.City}", place.Phone, a.AppointmentTypeId, typeName,
            mode == VisitMode.Video ? "video" : "in-person", reason, a.RescheduleCount,
            active && now <= cancelUntil ? IsoTime.Format(cancelUntil, zone) : null,
            active && now <= rescheduleUntil ? IsoTime.Format(rescheduleUntil, zone) : null)
        {
            LocalStart = start,
            LocalEnd = a.End.InZone(zone),
        };
    }
}
