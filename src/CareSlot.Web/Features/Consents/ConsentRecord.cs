using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Consents;

/// <summary>What a person agrees to, one purpose at a time (GDPR Art. 6(1)(a), 7, 21).</summary>
public enum ConsentPurpose
{
    /// <summary>The terms and the privacy notice, by version (<c>Accounts:TermsVersion</c>).</summary>
    TermsAndPrivacyNotice,

    /// <summary>Appointment reminders by SMS. E-mail reminders are service messages and stay a profile preference.</summary>
    SmsReminders,

    /// <summary>Invitations to feedback surveys, sent to a group or after a visit.</summary>
    Surveys,

    /// <summary>Keeping the transcript of a live chat after it ends.</summary>
    ChatTranscripts,
}

/// <summary>Where a consent was given or withdrawn.</summary>
public enum ConsentSource
{
    Registration,
    AccountPage,
    ProfilePage,
    Api,
    Reconsent,

    /// <summary>Carried over from what an account held before consent records existed (the migration).</summary>
    Backfill,
}

/// <summary>
/// One give or withdraw of one purpose by one person: rows are only ever added, so the history is the rows and the current
/// state is the newest row per purpose (the highest <see cref="Id"/>, which orders rows as they were written). A purpose
/// without any row is in its <see cref="DefaultGiven">starting state</see>.
/// </summary>
public sealed class ConsentRecord
{
    public const int VersionMaxLength = 32;

    public long Id { get; private set; }
    public Guid AccountId { get; private set; }
    public ConsentPurpose Purpose { get; private set; }
    public bool Given { get; private set; }

    /// <summary>The privacy notice's version in force when it was recorded.</summary>
    public string NoticeVersion { get; private set; } = "";

    public Instant At { get; private set; }
    public ConsentSource Source { get; private set; }

    private ConsentRecord() { } // for EF Core

    public ConsentRecord(Guid accountId, ConsentPurpose purpose, bool given, string noticeVersion, Instant at, ConsentSource source)
    {
        AccountId = accountId;
        Purpose = purpose;
        Given = given;
        NoticeVersion = noticeVersion;
        At = at;
        Source = source;
    }

    /// <summary>
    /// Before any record: the terms were accepted at registration (the account's TermsAcceptedAt/TermsVersion are that first
    /// record); reminders by SMS, surveys and transcripts are on, as they were before records existed, until the person
    /// objects (Art. 21).
    /// </summary>
    public static bool DefaultGiven(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.TermsAndPrivacyNotice or ConsentPurpose.SmsReminders or ConsentPurpose.Surveys or ConsentPurpose.ChatTranscripts => true,
        _ => false,
    };

    /// <summary>The accounts whose latest record for the purpose is a withdrawal: whom that processing must now leave out.</summary>
    public static IQueryable<Guid> Withdrawn(CareSlotDb db, ConsentPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ConsentRecords
            .Where(r => r.Purpose == purpose && !r.Given
                && !db.ConsentRecords.Any(later => later.AccountId == r.AccountId && later.Purpose == purpose && later.Id > r.Id))
            .Select(r => r.AccountId);
    }
}

public sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.ToTable("ConsentRecords");
        builder.Property(r => r.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.NoticeVersion).HasMaxLength(ConsentRecord.VersionMaxLength);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        // The latest per purpose: by account and purpose, newest first.
        builder.HasIndex(r => new { r.AccountId, r.Purpose, r.Id });
    }
}
