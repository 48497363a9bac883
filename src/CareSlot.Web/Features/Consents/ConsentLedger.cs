using System.Globalization;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Consents;

/// <summary>One purpose as it stands: its latest record, or the starting state when there is none (<see cref="At"/> null).</summary>
public sealed record ConsentState(ConsentPurpose Purpose, bool Given, string? NoticeVersion, Instant? At, ConsentSource Source);

/// <summary>A person's consents now, whether the current notice still waits for their acceptance, and every record, newest first.</summary>
public sealed record ConsentOverview(string NoticeVersion, bool ReconsentRequired, IReadOnlyList<ConsentState> Current, IReadOnlyList<ConsentState> History);

/// <summary>
/// Reads and appends consent records. Giving and withdrawing are the same one step (Art. 7(3): withdrawing is as easy as
/// giving): a row and its audit entry in one transaction; asking for the state a purpose is already in writes nothing, so
/// a repeated click or a retried PUT/DELETE is harmless — except the terms, whose acceptance of a newer notice is news.
/// </summary>
public sealed class ConsentLedger(CareSlotDb db, AuditTrail audit, IClock clock, IOptions<AccountOptions> accounts)
{
    public static readonly IReadOnlyList<ConsentPurpose> Purposes = Enum.GetValues<ConsentPurpose>();

    /// <summary>The privacy notice's version in force (<c>Accounts:TermsVersion</c>).</summary>
    public string NoticeVersion => accounts.Value.TermsVersion;

    /// <summary>
    /// Versions are compared as text: the notice's are dates (yyyy-MM), which sort so. Accounts made by an operator, an
    /// invitation or the demo seed carry a word instead ("operator", "demo"), which sorts after every date, and accounts made
    /// outside any registration carry none: neither is asked (they never saw a notice version to be behind on).
    /// </summary>
    public static bool IsOlder(string? accepted, string current) => !string.IsNullOrEmpty(accepted) && string.CompareOrdinal(accepted, current) < 0;

    public async Task<ConsentOverview> OverviewAsync(Guid accountId, CancellationToken ct)
    {
        var records = await db.ConsentRecords.AsNoTracking().Where(r => r.AccountId == accountId).OrderByDescending(r => r.Id).ToListAsync(ct);
        var registered = await RegistrationAsync(accountId, ct);
        var history = records.Select(State).ToList();
        if (registered is not null) history.Add(registered); // the oldest: the account's own columns are its first record
        var current = Purposes.Select(purpose => records.FirstOrDefault(r => r.Purpose == purpose) is { } latest ? State(latest)
            : purpose == ConsentPurpose.TermsAndPrivacyNotice && registered is not null ? registered
            : new ConsentState(purpose, ConsentRecord.DefaultGiven(purpose), null, null, ConsentSource.Registration)).ToList();
        var terms = current[0];
        return new ConsentOverview(NoticeVersion, !terms.Given || IsOlder(terms.NoticeVersion, NoticeVersion), current, history);
    }

    /// <summary>Whether the person must accept the current notice before going on; one indexed read per call.</summary>
    public async Task<bool> ReconsentRequiredAsync(Guid accountId, CancellationToken ct)
    {
        var latest = await db.ConsentRecords.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Purpose == ConsentPurpose.TermsAndPrivacyNotice)
            .OrderByDescending(r => r.Id).Select(r => new { r.Given, r.NoticeVersion }).FirstOrDefaultAsync(ct);
        if (latest is not null) return !latest.Given || IsOlder(latest.NoticeVersion, NoticeVersion);
        var registered = await db.Users.AsNoTracking().Where(u => u.Id == accountId).Select(u => u.TermsVersion).FirstOrDefaultAsync(ct);
        return registered is not null && IsOlder(registered, NoticeVersion);
    }

    public async Task<bool> IsGivenAsync(Guid accountId, ConsentPurpose purpose, CancellationToken ct) =>
        await db.ConsentRecords.AsNoTracking().Where(r => r.AccountId == accountId && r.Purpose == purpose)
            .OrderByDescending(r => r.Id).Select(r => (bool?)r.Given).FirstOrDefaultAsync(ct) ?? ConsentRecord.DefaultGiven(purpose);

    /// <summary>Gives or withdraws one purpose for the account; the new state (or the unchanged one).</summary>
    public async Task<ConsentState> ChangeAsync(Guid accountId, ConsentPurpose purpose, bool given, ConsentSource source, CancellationToken ct)
    {
        var overview = await OverviewAsync(accountId, ct);
        var now = overview.Current.Single(c => c.Purpose == purpose);
        var unchanged = now.Given == given && (purpose != ConsentPurpose.TermsAndPrivacyNotice || !given || !IsOlder(now.NoticeVersion, NoticeVersion));
        if (unchanged) return now;

        var record = new ConsentRecord(accountId, purpose, given, NoticeVersion, clock.GetCurrentInstant(), source);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.ConsentRecords.Add(record);
            await db.SaveChangesAsync(ct);
            // The purpose, version and channel only: what someone agreed to is not health information.
            await audit.RecordAsync(new AuditEvent(given ? AuditActions.ConsentGiven : AuditActions.ConsentWithdrawn, AuditOutcome.Allowed,
                Record: string.Create(CultureInfo.InvariantCulture, $"account {accountId} consent {ConsentNames.Api(purpose)} version {NoticeVersion} via {source}")), ct);
            await transaction.CommitAsync(ct);
        });
        return State(record);
    }

    private async Task<ConsentState?> RegistrationAsync(Guid accountId, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.Id == accountId).Select(u => new { u.TermsAcceptedAt, u.TermsVersion }).FirstOrDefaultAsync(ct);
        return account is null ? null
            : new ConsentState(ConsentPurpose.TermsAndPrivacyNotice, true, account.TermsVersion, account.TermsAcceptedAt, ConsentSource.Registration);
    }

    private static ConsentState State(ConsentRecord record) => new(record.Purpose, record.Given, record.NoticeVersion, record.At, record.Source);
}
