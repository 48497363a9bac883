using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Accounts;

public sealed record SignInEntry(Instant At, bool Succeeded, string Action, string? ClientAddress);

/// <summary>An appointment as an administrator sees it on an account: when, with whom, its status. Never why.</summary>
public sealed record AccountAppointment(Guid Id, Instant Start, DateTimeZone Zone, string OtherParty, AppointmentStatus Status);

public sealed record AdminActionEntry(Instant At, AccountAdminActionKind Kind, string Reason, string AdminName);

public sealed record AccountDetails(
    Guid Id, string Name, string? Email, bool EmailConfirmed, string? Phone, bool PhoneConfirmed, IReadOnlyList<string> Roles,
    bool TwoFactorEnabled, bool HasPassword, Instant CreatedAt, string Status, Instant? SuspendedAt, string? SuspendedReason, string? SuspendedByName,
    IReadOnlyList<SignInEntry> SignIns, int UpcomingAppointments, int PastAppointments, IReadOnlyList<AccountAppointment> Appointments,
    int MessagesSent, IReadOnlyList<AdminActionEntry> AdminActions);

/// <summary>
/// One account for administrators: who it is, how it stands, and what it did — recent sign-ins from the audit trail, how
/// many appointments and messages. Never clinical content: no reason for a visit, no note, no history, no message's words.
/// </summary>
public sealed class AccountProfile(CareSlotDb db, IClock clock)
{
    public const int Shown = 10;

    private static readonly string[] SignInActions = [AuditActions.SignInSucceeded, AuditActions.SignInFailed, AuditActions.TwoFactorSignInFailed];

    public async Task<AccountDetails?> FindAsync(Guid id, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return null;
        var now = clock.GetCurrentInstant();
        var roles = await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, r => r.RoleId, x => x.Id, (_, x) => x.Name!).OrderBy(n => n).ToListAsync(ct);
        var suspendedBy = account.SuspendedBy is { } by ? await db.Users.Where(a => a.Id == by).Select(a => a.FullName).SingleOrDefaultAsync(ct) : null;

        var signIns = await db.AuditTrail.AsNoTracking().Where(e => e.ActorId == id && SignInActions.Contains(e.Action))
            .OrderByDescending(e => e.Id).Take(Shown)
            .Select(e => new SignInEntry(e.At, e.Outcome == AuditOutcome.Allowed, e.Action, e.ClientAddress)).ToListAsync(ct);

        // As the patient, and as the doctor of their directory entry, if any.
        var doctorIds = db.Doctors.Where(d => d.AccountId == id).Select(d => d.Id);
        var theirs = db.Appointments.AsNoTracking().Where(a => a.PatientId == id || doctorIds.Contains(a.DoctorId));
        var upcoming = await theirs.CountAsync(a => a.Start >= now, ct);
        var past = await theirs.CountAsync(a => a.Start < now, ct);
        var recent = await theirs.OrderByDescending(a => a.Start).Take(Shown)
            .Select(a => new
            {
                a.Id, a.Start, a.Status, a.PatientId,
                Zone = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).First(),
                Doctor = db.Doctors.Where(d => d.Id == a.DoctorId).Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).First(),
                Patient = db.Users.Where(p => p.Id == a.PatientId).Select(p => p.FullName).First(),
            })
            .ToListAsync(ct);
        var appointments = recent.Select(a => new AccountAppointment(a.Id, a.Start, DateTimeZoneProviders.Tzdb.GetZoneOrNull(a.Zone) ?? DateTimeZone.Utc,
            a.PatientId == id ? a.Doctor.Trim() : a.Patient, a.Status)).ToList();

        var messagesSent = await db.Messages.CountAsync(m => m.SenderId == id, ct);
        var actions = await db.AccountAdminActions.AsNoTracking().Where(a => a.AccountId == id).OrderByDescending(a => a.Id).Take(Shown)
            .Select(a => new AdminActionEntry(a.At, a.Kind, a.Reason, db.Users.Where(u => u.Id == a.AdminId).Select(u => u.FullName).FirstOrDefault() ?? ""))
            .ToListAsync(ct);

        return new AccountDetails(account.Id, account.FullName, account.Email, account.EmailConfirmed, account.PhoneNumber, account.PhoneNumberConfirmed,
            roles, account.TwoFactorEnabled, account.PasswordHash is not null, account.CreatedAt, AccountStatuses.Of(account, now), account.SuspendedAt,
            account.SuspendedReason, suspendedBy, signIns, upcoming, past, appointments, messagesSent, actions);
    }
}
