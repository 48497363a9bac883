using System.Security.Claims;
using System.Text.Json.Serialization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

public sealed record SupportAccountRow(Guid Id, string Name, string? Email, string? Phone, bool IsPatient, bool IsDoctor, bool Verified);

/// <summary>An appointment as support sees it: when, with whom, where, its status. Never why, and no note.</summary>
public sealed record SupportAppointment(Guid Id, string Start, int DoctorId, int AppointmentTypeId, string Doctor, string Clinic, string Status, bool Active,
    [property: JsonIgnore] ZonedDateTime LocalStart);

public sealed record SupportAccountView(Guid Id, string Name, string? Email, bool EmailConfirmed, string? Phone, bool PhoneConfirmed, bool IsPatient,
    bool IsDoctor, bool Suspended, IReadOnlyList<SupportAppointment> Upcoming, IReadOnlyList<SupportAppointment> Past);

/// <summary>
/// Support's look at the accounts of patients and doctors: found by a part of the name, e-mail address or phone number,
/// and one account with its contact details, verification and appointments. Each look at an account is audited.
/// </summary>
public sealed class SupportAccounts(CareSlotDb db, IClock clock, IAuthorizationService authorization, AuditTrail audit, TicketDesk desk)
{
    public const int Found = 50;
    public const int QueryMaxLength = 200;
    public const int PastShown = 20;

    public async Task<Outcome<IReadOnlyList<SupportAccountRow>>> SearchAsync(string? query, CancellationToken ct)
    {
        var text = query?.Trim() ?? "";
        if (text.Length > QueryMaxLength) return UseCaseProblem.Invalid("q", desk.Text["Search with at most {0} characters.", QueryMaxLength]);
        if (text.Any(char.IsControl)) return UseCaseProblem.Invalid("q", desk.Text["Search with letters, digits and punctuation only."]);
        if (text.Length < 2) return UseCaseProblem.Invalid("q", desk.Text["Search with at least two characters of a name, e-mail address or phone number."]);

        var staff = db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Admin || r.Name == Roles.Support), r => r.RoleId, x => x.Id, (r, _) => r.UserId);
        var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var upper = text.ToUpperInvariant();
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        // Case-insensitive on both databases: SQLite's LIKE ignores the case of ASCII letters, PostgreSQL needs ILIKE.
        var accounts = db.Database.IsNpgsql()
            ? db.Users.Where(a => EF.Functions.ILike(a.FullName, pattern, "\\") || (a.NormalizedEmail != null && a.NormalizedEmail.Contains(upper))
                || (digits.Length >= 4 && a.PhoneNumber != null && a.PhoneNumber.Contains(digits)))
            : db.Users.Where(a => EF.Functions.Like(a.FullName, pattern, "\\") || (a.NormalizedEmail != null && a.NormalizedEmail.Contains(upper))
                || (digits.Length >= 4 && a.PhoneNumber != null && a.PhoneNumber.Contains(digits)));
        var rows = await accounts.AsNoTracking().Where(a => !staff.Contains(a.Id)).OrderBy(a => a.FullName).ThenBy(a => a.Id).Take(Found)
            .Select(a => new
            {
                a.Id, a.FullName, a.Email, a.PhoneNumber, Verified = a.EmailConfirmed || a.PhoneNumberConfirmed,
                IsPatient = db.UserRoles.Any(r => r.UserId == a.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Patient)),
                IsDoctor = db.UserRoles.Any(r => r.UserId == a.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Doctor)),
            })
            .ToListAsync(ct);
        return new Outcome<IReadOnlyList<SupportAccountRow>>(
            [.. rows.Where(r => r.IsPatient || r.IsDoctor).Select(r => new SupportAccountRow(r.Id, r.FullName, r.Email, r.PhoneNumber, r.IsPatient, r.IsDoctor, r.Verified))],
            null);
    }

    /// <summary>Null when there is no such account or the agent may not look at it (staff): both answer 404.</summary>
    public async Task<SupportAccountView?> FindAsync(ClaimsPrincipal agent, Guid id, CancellationToken ct)
    {
        if (await SupportedAccount.FindAsync(db, id, ct) is not { } supported
            || !(await authorization.AuthorizeAsync(agent, supported, SupportOperations.LookUpAccount)).Succeeded)
        {
            return null;
        }
        var account = await db.Users.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        var now = clock.GetCurrentInstant();
        var doctorIds = db.Doctors.Where(d => d.AccountId == id).Select(d => d.Id);
        var theirs = db.Appointments.AsNoTracking().Where(a => a.PatientId == id || doctorIds.Contains(a.DoctorId));
        var upcoming = await AppointmentsAsync(theirs.Where(a => a.End > now).OrderBy(a => a.Start).Take(Found), ct);
        var past = await AppointmentsAsync(theirs.Where(a => a.End <= now).OrderByDescending(a => a.Start).Take(PastShown), ct);
        await audit.RecordAsync(new AuditEvent(SupportOperations.LookUpAccount.Name, AuditOutcome.Allowed, Record: $"account {id:D}"), ct);
        return new SupportAccountView(account.Id, account.FullName, account.Email, account.EmailConfirmed, account.PhoneNumber, account.PhoneNumberConfirmed,
            supported.IsPatient, supported.IsDoctor, account.SuspendedAt is not null, upcoming, past);
    }

    private async Task<List<SupportAppointment>> AppointmentsAsync(IQueryable<Appointment> appointments, CancellationToken ct)
    {
        var rows = await appointments.Select(a => new
        {
            a.Id, a.Start, a.Status, a.DoctorId, a.AppointmentTypeId,
            Zone = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).First(),
            Clinic = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.Name).First(),
            Doctor = db.Doctors.Where(d => d.Id == a.DoctorId).Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).First(),
        }).ToListAsync(ct);
        return [.. rows.Select(a =>
        {
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(a.Zone) ?? DateTimeZone.Utc;
            return new SupportAppointment(a.Id, IsoTime.Format(a.Start, zone), a.DoctorId, a.AppointmentTypeId, a.Doctor.Trim(), a.Clinic, StatusNames.Api(a.Status),
                a.Status.IsActive(), a.Start.InZone(zone));
        })];
    }
}
