using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Consents;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Help;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Privacy;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Reviews;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Features.Surveys;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web.Idempotency;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Data;

/// <summary>
/// The one database of CareSlot. The model is shared; each provider has a subclass only so that
/// its migrations live in their own folder (SQLite and PostgreSQL generate different SQL).
/// </summary>
public abstract class CareSlotDb(DbContextOptions options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Specialty> Specialties => Set<Specialty>();
    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<Doctor> Doctors => Set<Doctor>();
    public DbSet<DoctorDecision> DoctorDecisions => Set<DoctorDecision>();
    public DbSet<TechnicalProblem> TechnicalProblems => Set<TechnicalProblem>();
    public DbSet<BackupRun> BackupRuns => Set<BackupRun>();
    public DbSet<PhoneVerification> PhoneVerifications => Set<PhoneVerification>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<AccountAdminAction> AccountAdminActions => Set<AccountAdminAction>();
    public DbSet<WeeklyHours> WeeklyHours => Set<WeeklyHours>();
    public DbSet<ExtraHours> ExtraHours => Set<ExtraHours>();
    public DbSet<TimeOff> TimeOff => Set<TimeOff>();
    public DbSet<AppointmentType> AppointmentTypes => Set<AppointmentType>();
    public DbSet<BookingRules> BookingRules => Set<BookingRules>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<AppointmentHistoryEntry> AppointmentHistory => Set<AppointmentHistoryEntry>();
    public DbSet<AppointmentEvent> AppointmentEvents => Set<AppointmentEvent>();
    public DbSet<SlotHold> SlotHolds => Set<SlotHold>();
    public DbSet<DoctorAvailability> DoctorAvailability => Set<DoctorAvailability>();
    public DbSet<DoctorFreeDay> DoctorFreeDays => Set<DoctorFreeDay>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<BreakGlassAccess> BreakGlassAccesses => Set<BreakGlassAccess>();
    public DbSet<RecordEntry> RecordEntries => Set<RecordEntry>();
    public DbSet<RecordEntryVersion> RecordEntryVersions => Set<RecordEntryVersion>();
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();
    public DbSet<Dispute> Disputes => Set<Dispute>();
    public DbSet<DisputeStep> DisputeSteps => Set<DisputeStep>();
    public DbSet<DisputeFile> DisputeFiles => Set<DisputeFile>();
    public DbSet<FaqEntry> FaqEntries => Set<FaqEntry>();
    public DbSet<FaqVote> FaqVotes => Set<FaqVote>();
    public DbSet<SupportTicket> SupportTickets => Set<SupportTicket>();
    public DbSet<TicketPost> TicketPosts => Set<TicketPost>();
    public DbSet<TicketFile> TicketFiles => Set<TicketFile>();
    public DbSet<CannedAnswer> CannedAnswers => Set<CannedAnswer>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<ChatConversation> ChatConversations => Set<ChatConversation>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<ChatAgent> ChatAgents => Set<ChatAgent>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyQuestion> SurveyQuestions => Set<SurveyQuestion>();
    public DbSet<SurveyInvitation> SurveyInvitations => Set<SurveyInvitation>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<ErasureRequest> ErasureRequests => Set<ErasureRequest>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    /// <summary>Shared by every instance, so a cookie or link issued by one is valid on all (and after a restart).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CareSlotDb).Assembly);
    }
}

public sealed class SqliteCareSlotDb(DbContextOptions<SqliteCareSlotDb> options) : CareSlotDb(options)
{
    /// <summary>
    /// SQLite has no date or time types: NodaTime values are fixed-width ISO text, so text order is
    /// time order and comparisons in SQL stay correct.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Instant>().HaveConversion<InstantAsSortableText>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateAsSortableText>();
        configurationBuilder.Properties<LocalTime>().HaveConversion<LocalTimeAsSortableText>();
        configurationBuilder.Properties<LocalDateTime>().HaveConversion<LocalDateTimeAsSortableText>();
    }

    private sealed class InstantAsSortableText() : ValueConverter<Instant, string>(
        instant => Pattern.Format(instant), text => Pattern.Parse(text).Value)
    {
        private static readonly InstantPattern Pattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fffffff'Z'");
    }

    private sealed class LocalDateAsSortableText() : ValueConverter<LocalDate, string>(
        date => LocalDatePattern.Iso.Format(date), text => LocalDatePattern.Iso.Parse(text).Value);

    private sealed class LocalTimeAsSortableText() : ValueConverter<LocalTime, string>(
        time => Pattern.Format(time), text => Pattern.Parse(text).Value)
    {
        private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss");
    }

    private sealed class LocalDateTimeAsSortableText() : ValueConverter<LocalDateTime, string>(
        dateTime => Pattern.Format(dateTime), text => Pattern.Parse(text).Value)
    {
        private static readonly LocalDateTimePattern Pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");
    }
}

public sealed class PostgresCareSlotDb(DbContextOptions<PostgresCareSlotDb> options) : CareSlotDb(options);
