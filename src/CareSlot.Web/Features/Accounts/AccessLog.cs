using System.Globalization;
using System.Text.Json.Serialization;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Accounts;

/// <summary>One access to a patient's health information by someone else, as the patient reads it.</summary>
/// <param name="At">The instant, with the offset of the zone it is shown in.</param>
/// <param name="When">"Tuesday 24 November 2026, 10:00 CET", in the reader's language.</param>
/// <param name="Who">The doctor's name as the directory shows it, or what kind of staff it was.</param>
/// <param name="What">What they did, in the reader's language.</param>
/// <param name="WhoIsAName">Whether <paramref name="Who"/> is a person's name (data) rather than the app's words.</param>
public sealed record AccessLogEntry(string At, string When, string Who, string What, [property: JsonIgnore] bool WhoIsAName = false);

public sealed record AccessLogPage(int Page, bool HasOlder, IReadOnlyList<AccessLogEntry> Entries);

/// <summary>
/// "Who looked at my record, and when": the audit trail's rows about a patient's health information by anyone but the
/// patient, that were allowed (a refused attempt saw nothing), newest first. A doctor is named as in the directory; an
/// administrator only reads a record by break-glass and is shown as "an administrator (emergency access)", not by name:
/// the patient needs to know that it happened and why it could, while staff names outside the care team help nobody and
/// can expose staff; the clinic's full trail keeps who it was.
/// </summary>
public sealed class AccessLog(CareSlotDb db, IStringLocalizer<AccountsText> text)
{
    public const int PageSize = 20;

    /// <summary>Far beyond any real trail, and small enough that (page − 1) × size stays an int.</summary>
    public const int MaxPage = 100_000;

    private static readonly OffsetDateTimePattern AtPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<G>");

    /// <summary>A page number as a client wrote it: digits, 1 to <see cref="MaxPage"/>; absent is page 1.</summary>
    public static bool TryParsePage(string? value, out int page)
    {
        page = 1;
        if (string.IsNullOrEmpty(value)) return true;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page is >= 1 and <= MaxPage;
    }

    public string InvalidPage => text["The page must be a whole number from 1 to {0}.", MaxPage];

    public async Task<AccessLogPage> ListAsync(Guid patientId, int page, CancellationToken ct)
    {
        var rows = await db.AuditTrail.AsNoTracking()
            .Where(e => e.PatientId == patientId && (e.ActorId == null || e.ActorId != patientId) && e.Outcome == AuditOutcome.Allowed)
            .OrderByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(e => new
            {
                e.At, e.ActorRole, e.Action,
                Doctor = db.Doctors.Where(d => d.AccountId != null && d.AccountId == e.ActorId)
                    .Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var zone = await ZoneAsync(patientId, ct);
        var entries = rows.Take(PageSize).Select(r =>
        {
            var local = r.At.InZone(zone);
            return new AccessLogEntry(AtPattern.Format(local.ToOffsetDateTime()),
                $"{ClinicTime.Day(local.Date)}, {ClinicTime.Clock(local)} {ClinicTime.Abbreviation(local)}",
                Who(r.ActorRole, r.Action, r.Doctor), What(r.Action), IsDoctor(r.ActorRole, r.Action, r.Doctor));
        }).ToList();
        return new AccessLogPage(page, rows.Count > PageSize, entries);
    }

    /// <summary>The zone of the clinic of the patient's latest appointment, the one they know; UTC for one who has none.</summary>
    private async Task<DateTimeZone> ZoneAsync(Guid patientId, CancellationToken ct)
    {
        var zoneId = await (from a in db.Appointments
                            join c in db.Clinics on a.ClinicId equals c.Id
                            where a.PatientId == patientId
                            orderby a.Start descending
                            select c.TimeZoneId).FirstOrDefaultAsync(ct);
        return zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? zone : DateTimeZone.Utc;
    }

    private static bool IsAdministrator(string? roles, string action) =>
        action == AuditActions.BreakGlassOpen || (roles ?? "").Split(',').Contains(Roles.Admin);

    private static bool IsDoctor(string? roles, string action, string? doctor) => doctor is not null && !IsAdministrator(roles, action);

    private string Who(string? roles, string action, string? doctor)
    {
        var roleList = (roles ?? "").Split(',');
        if (IsAdministrator(roles, action)) return text["An administrator (emergency access)"];
        if (doctor is not null) return doctor.Trim();
        if (roleList.Contains(Roles.Support)) return text["CareSlot support"];
        return text["CareSlot itself (automatically)"];
    }

    private string What(string action) => action switch
    {
        AuditActions.HistoryRead => text["Read your medical history"],
        AuditActions.HistoryWrite => text["Changed your medical history"],
        AuditActions.HistoryAmend => text["Amended an entry in your medical history"],
        AuditActions.HistoryExport => text["Downloaded your medical history"],
        AuditActions.NoteRead => text["Read a visit note"],
        AuditActions.NoteWrite => text["Wrote a visit note"],
        AuditActions.MessageRead => text["Read a message"],
        AuditActions.MessageWrite => text["Wrote you a message"],
        AuditActions.AttachmentRead => text["Opened an attachment"],
        AuditActions.AttachmentWrite => text["Added an attachment"],
        AuditActions.ReasonRead => text["Read the reason for a visit"],
        AuditActions.ReasonWrite => text["Changed the reason for a visit"],
        AuditActions.BreakGlassOpen => text["Opened emergency access to your record"],
        _ => text["Looked at your health information"],
    };
}
