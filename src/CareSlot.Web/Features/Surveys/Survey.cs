using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>Who a survey asks: patients (by group or after their visits) or doctors (by group).</summary>
public enum SurveyAudience
{
    Patients,
    Doctors,
}

/// <summary>draft → open → closed. Only an open survey is sent and answered.</summary>
public enum SurveyState
{
    Draft,
    Open,
    Closed,
}

public enum SurveyQuestionKind
{
    /// <summary>1 to 5.</summary>
    Rating,
    SingleChoice,
    MultipleChoice,
    FreeText,
}

/// <summary>
/// A short survey an administrator builds: a title, an introduction, its audience and ordered questions. Its questions are
/// fixed once anyone has answered (answers point at them by position in their choices); it can still be closed.
/// </summary>
public sealed class Survey
{
    public const int TitleMaxLength = 200;
    public const int IntroMaxLength = 2000;
    public const int MaxQuestions = 30;

    public int Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Intro { get; private set; } = "";
    public SurveyAudience Audience { get; private set; }
    public SurveyState State { get; private set; }

    /// <summary>An open patient survey with this set invites the patient of every visit marked completed while it is open.</summary>
    public bool SendAfterVisits { get; private set; }

    public Instant CreatedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public Instant? OpenedAt { get; private set; }
    public Instant? ClosedAt { get; private set; }

    public List<SurveyQuestion> Questions { get; } = [];

    private Survey()
    {
    }

    public Survey(string title, string intro, SurveyAudience audience, bool sendAfterVisits, Guid? createdBy, Instant now)
    {
        Describe(title, intro, audience, sendAfterVisits);
        State = SurveyState.Draft;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public void Describe(string title, string intro, SurveyAudience audience, bool sendAfterVisits)
    {
        Title = title;
        Intro = intro;
        Audience = audience;
        // Visits are patients' only: a doctors' survey goes to the group.
        SendAfterVisits = sendAfterVisits && audience == SurveyAudience.Patients;
    }

    public void Open(Instant now)
    {
        State = SurveyState.Open;
        OpenedAt = now;
    }

    public void Close(Instant now)
    {
        State = SurveyState.Closed;
        ClosedAt = now;
    }
}

/// <summary>One question of a survey, at its position; choices are kept as one per line, as the administrator typed them.</summary>
public sealed class SurveyQuestion
{
    public const int PromptMaxLength = 500;
    public const int ChoicesMaxLength = 2000;
    public const int MaxChoices = 20;
    public const int ChoiceMaxLength = 200;
    public const int MinRating = 1;
    public const int MaxRating = 5;

    public int Id { get; private set; }
    public int SurveyId { get; private set; }
    public int Position { get; private set; }
    public SurveyQuestionKind Kind { get; private set; }
    public string Prompt { get; private set; } = "";
    public bool Required { get; private set; }
    public string Choices { get; private set; } = "";

    private SurveyQuestion()
    {
    }

    public SurveyQuestion(int position, SurveyQuestionKind kind, string prompt, bool required, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Position = position;
        Kind = kind;
        Prompt = prompt;
        Required = required;
        Choices = string.Join('\n', choices);
    }

    public bool HasChoices => Kind is SurveyQuestionKind.SingleChoice or SurveyQuestionKind.MultipleChoice;

    public IReadOnlyList<string> ChoiceList => HasChoices && Choices.Length > 0 ? Choices.Split('\n') : [];
}

/// <summary>
/// One person asked to answer one survey (from a group sending, or about one completed visit). The link's token is 256
/// random bits; only its SHA-256 is kept. <see cref="RecipientKey"/> makes sending idempotent: one invitation per survey and
/// account for a group, per survey and appointment after visits (a unique index decides).
/// </summary>
public sealed class SurveyInvitation
{
    public Guid Id { get; private set; }
    public int SurveyId { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid? AppointmentId { get; private set; }
    public string RecipientKey { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public Instant CreatedAt { get; private set; }
    public Instant ExpiresAt { get; private set; }
    public Instant? AnsweredAt { get; private set; }

    private SurveyInvitation()
    {
    }

    public SurveyInvitation(Guid id, int surveyId, Guid accountId, Guid? appointmentId, string tokenHash, Instant now, Instant expiresAt)
    {
        Id = id;
        SurveyId = surveyId;
        AccountId = accountId;
        AppointmentId = appointmentId;
        RecipientKey = KeyFor(accountId, appointmentId);
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }

    public static string KeyFor(Guid accountId, Guid? appointmentId) =>
        appointmentId is { } visit ? $"visit:{visit:N}" : $"account:{accountId:N}";

    public void MarkAnswered(Instant now) => AnsweredAt = now;
}

/// <summary>The one response to an invitation (unique by invitation): when it came. Who sent it is not kept with the answers.</summary>
public sealed class SurveyResponse
{
    public Guid Id { get; private set; }
    public int SurveyId { get; private set; }
    public Guid InvitationId { get; private set; }
    public Instant SubmittedAt { get; private set; }

    private SurveyResponse()
    {
    }

    public SurveyResponse(Guid id, int surveyId, Guid invitationId, Instant submittedAt)
    {
        Id = id;
        SurveyId = surveyId;
        InvitationId = invitationId;
        SubmittedAt = submittedAt;
    }
}

/// <summary>
/// One answer: a rating, one chosen choice (a multiple-choice answer is a row per choice, so counting is SQL's), or free text
/// sealed under (Id, "SealedText") as ticket posts are — people write health information into free text.
/// </summary>
public sealed class SurveyAnswer
{
    public const int TextMaxLength = 4000;

    public Guid Id { get; private set; }
    public Guid ResponseId { get; private set; }
    public int SurveyId { get; private set; }
    public int QuestionId { get; private set; }
    public int? Rating { get; private set; }
    public int? ChoiceIndex { get; private set; }
    public string? SealedText { get; private set; }

    private SurveyAnswer()
    {
    }

    public SurveyAnswer(Guid id, Guid responseId, int surveyId, int questionId, int? rating, int? choiceIndex, string? sealedText)
    {
        Id = id;
        ResponseId = responseId;
        SurveyId = surveyId;
        QuestionId = questionId;
        Rating = rating;
        ChoiceIndex = choiceIndex;
        SealedText = sealedText;
    }
}

public sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.ToTable("Surveys");
        builder.Property(s => s.Title).HasMaxLength(Survey.TitleMaxLength);
        builder.Property(s => s.Intro).HasMaxLength(Survey.IntroMaxLength);
        builder.Property(s => s.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(s => s.CreatedBy).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.Questions).WithOne().HasForeignKey(q => q.SurveyId).OnDelete(DeleteBehavior.Cascade);
        // The completion hook asks for the open after-visit surveys on every completed visit.
        builder.HasIndex(s => new { s.State, s.SendAfterVisits });
    }
}

public sealed class SurveyQuestionConfiguration : IEntityTypeConfiguration<SurveyQuestion>
{
    public void Configure(EntityTypeBuilder<SurveyQuestion> builder)
    {
        builder.ToTable("SurveyQuestions");
        builder.Ignore(q => q.HasChoices);
        builder.Ignore(q => q.ChoiceList);
        builder.Property(q => q.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.Prompt).HasMaxLength(SurveyQuestion.PromptMaxLength);
        builder.Property(q => q.Choices).HasMaxLength(SurveyQuestion.ChoicesMaxLength);
        builder.HasIndex(q => new { q.SurveyId, q.Position });
    }
}

public sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> builder)
    {
        builder.ToTable("SurveyInvitations");
        builder.Property(i => i.RecipientKey).HasMaxLength(48);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasOne<Survey>().WithMany().HasForeignKey(i => i.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Appointments.Appointment>().WithMany().HasForeignKey(i => i.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        // One invitation per survey and recipient (account, or visit): sending twice, or two senders at once, add nothing.
        builder.HasIndex(i => new { i.SurveyId, i.RecipientKey }).IsUnique();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.AccountId);
        builder.HasIndex(i => i.AppointmentId);
    }
}

public sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.ToTable("SurveyResponses");
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyInvitation>().WithMany().HasForeignKey(r => r.InvitationId).OnDelete(DeleteBehavior.Cascade);
        // One response per invitation: the database decides a race between two submissions.
        builder.HasIndex(r => r.InvitationId).IsUnique();
        builder.HasIndex(r => new { r.SurveyId, r.SubmittedAt });
    }
}

public sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> builder)
    {
        builder.ToTable("SurveyAnswers");
        builder.Property(a => a.SealedText).HasMaxLength(FieldProtector.SealedLength(SurveyAnswer.TextMaxLength));
        builder.HasOne<SurveyResponse>().WithMany().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        // Restrict: a question with answers is never deleted (SaveSurvey refuses); the survey's deletion goes through responses.
        builder.HasOne<SurveyQuestion>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.SurveyId, a.QuestionId });
        builder.HasIndex(a => a.ResponseId);
    }
}
