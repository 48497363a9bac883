using System.Globalization;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Operations;
using CareSlot.Web.Platform.Security;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Retention.Compliance;

/// <summary>Health information is sealed under a key ring, and the current key is younger than <see cref="ComplianceOptions.MaxKeyAgeDays"/>.</summary>
public sealed class FieldEncryptionCheck(PhiKeyRing ring, IOptions<PhiKeysOptions> keys, IOptions<ComplianceOptions> options, IHostEnvironment environment,
    IClock clock) : IComplianceCheck
{
    public Task<ComplianceItem> CheckAsync(CancellationToken ct)
    {
        const string name = "field encryption";
        var current = ring.Current.Id;
        var ringText = string.Create(CultureInfo.InvariantCulture, $"on, current key '{current}' of {ring.All.Count}");
        if (KeyMadeAt() is not { } madeAt)
        {
            return Task.FromResult(new ComplianceItem(name, ComplianceStatus.Warn,
                $"{ringText}; its age is unknown (a key from an environment variable): set {ComplianceOptions.Section}:{nameof(ComplianceOptions.CurrentKeyCreatedOn)}"));
        }
        var days = (int)Math.Floor((clock.GetCurrentInstant() - madeAt).TotalDays);
        var max = options.Value.MaxKeyAgeDays;
        var status = days > max ? ComplianceStatus.Fail : ComplianceStatus.Ok;
        return Task.FromResult(new ComplianceItem(name, status, string.Create(CultureInfo.InvariantCulture,
            $"{ringText}, {days} days old (limit {max}{(status == ComplianceStatus.Fail ? ": rotate-keys" : "")})")));
    }

    private Instant? KeyMadeAt()
    {
        if (options.Value.CurrentKeyCreatedOn is { } text && LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            return date.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        }
        var folder = keys.Value.Folder ?? (environment.IsDevelopment() ? PhiKeysOptions.DevelopmentFolder : null);
        if (folder is null) return null;
        var file = new FileInfo(Path.Combine(Path.GetFullPath(folder, environment.ContentRootPath), ring.Current.Id));
        return file.Exists ? Instant.FromDateTimeUtc(file.LastWriteTimeUtc) : null;
    }
}

/// <summary>Every lane of the audit trail verifies (as `verify-audit` does, without an anchor).</summary>
public sealed class AuditChainCheck(AuditVerifier verifier) : IComplianceCheck
{
    public async Task<ComplianceItem> CheckAsync(CancellationToken ct)
    {
        var result = await verifier.VerifyAsync(null, null, ct);
        return result.Intact
            ? new("audit chain", ComplianceStatus.Ok, string.Create(CultureInfo.InvariantCulture, $"intact, {result.RowsChecked} rows checked"))
            : new("audit chain", ComplianceStatus.Fail, $"broken at {result.Broken}: {result.Problem}");
    }
}

/// <summary>
/// The last good backup: a warning while there is none (a new installation, until its first scheduled run) or while the app
/// does not back up by itself, a failure once the newest is older than the schedule allows.
/// </summary>
public sealed class BackupCheck(IBackupStatus backups) : IComplianceCheck
{
    public async Task<ComplianceItem> CheckAsync(CancellationToken ct)
    {
        const string name = "last good backup";
        var freshness = await backups.FreshnessAsync(ct);
        var lastText = freshness is { LastGoodAt: { } at, Age: { } age }
            ? string.Create(CultureInfo.InvariantCulture, $"{InstantPattern.General.Format(at)}, {(int)Math.Floor(age.TotalHours)} hours ago")
            : "none yet";
        if (!freshness.Scheduled) return new(name, ComplianceStatus.Warn, $"scheduled backups are off (Backup:Schedule); last good: {lastText}");
        if (freshness.LastGoodAt is null) return new(name, ComplianceStatus.Warn, "no good backup yet: run `backup`, or wait for the schedule");
        return new(name, freshness.IsOverdue ? ComplianceStatus.Fail : ComplianceStatus.Ok,
            string.Create(CultureInfo.InvariantCulture, $"{lastText} (the schedule allows {freshness.AllowedAge.TotalHours:N0})"));
    }
}

/// <summary>
/// Staff accounts that may sign in without a second factor: an administrator or support agent is a FAIL (they reach every
/// account), a doctor a WARN (the sign-in asks them to set it up before they see patients). Suspended accounts are left out.
/// </summary>
public sealed class StaffTwoFactorCheck(CareSlotDb db) : IComplianceCheck
{
    public async Task<ComplianceItem> CheckAsync(CancellationToken ct)
    {
        var missing = await (from account in db.Users
                             join link in db.UserRoles on account.Id equals link.UserId
                             join role in db.Roles on link.RoleId equals role.Id
                             where !account.TwoFactorEnabled && account.SuspendedAt == null
                                   && (role.Name == Roles.Doctor || role.Name == Roles.Admin || role.Name == Roles.Support)
                             group account by role.Name into byRole
                             select new { Role = byRole.Key!, Count = byRole.Count() })
            .ToDictionaryAsync(r => r.Role, r => r.Count, ct);
        int Count(string role) => missing.GetValueOrDefault(role);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"without two-factor: {Count(Roles.Admin)} administrators, {Count(Roles.Support)} support agents, {Count(Roles.Doctor)} doctors");
        var status = Count(Roles.Admin) + Count(Roles.Support) > 0 ? ComplianceStatus.Fail
            : Count(Roles.Doctor) > 0 ? ComplianceStatus.Warn
            : ComplianceStatus.Ok;
        return new("staff two-factor", status, detail);
    }
}

/// <summary>Data past its retention period by more than <see cref="RetentionOptions.OverdueAfterDays"/>: the job is not running.</summary>
public sealed class RetentionOverdueCheck(CareSlotDb db, IOptions<RetentionOptions> options, IClock clock) : IComplianceCheck
{
    public async Task<ComplianceItem> CheckAsync(CancellationToken ct)
    {
        var graceEnd = clock.GetCurrentInstant() - Duration.FromDays(options.Value.OverdueAfterDays);
        var overdue = new List<string>();
        foreach (var rule in RetentionRules.All)
        {
            var backlog = await rule.MeasureAsync(db, rule.Cutoff(options.Value, graceEnd), ct);
            if (backlog.Rows > 0) overdue.Add(string.Create(CultureInfo.InvariantCulture, $"{backlog.Kind} {backlog.Rows}"));
        }
        return overdue.Count == 0
            ? new("past retention", ComplianceStatus.Ok, string.Create(CultureInfo.InvariantCulture,
                $"nothing past its period by more than {options.Value.OverdueAfterDays} days"))
            : new("past retention", ComplianceStatus.Fail, string.Create(CultureInfo.InvariantCulture,
                $"overdue by more than {options.Value.OverdueAfterDays} days (rows): {string.Join(", ", overdue)}; run `retention`"));
    }
}

/// <summary>Known-vulnerable packages: the build's NuGet audit fails on them (Directory.Build.props), so CI is where they show.</summary>
public sealed class DependencyAdvisoriesCheck : IComplianceCheck
{
    public Task<ComplianceItem> CheckAsync(CancellationToken ct) =>
        Task.FromResult(new ComplianceItem("dependency advisories", ComplianceStatus.Warn,
            "not checked here: checked in CI by NuGet audit on every build (dotnet list package --vulnerable to look now)"));
}
