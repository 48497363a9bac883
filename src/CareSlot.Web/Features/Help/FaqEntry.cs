using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Help;

/// <summary>
/// One question of the FAQ in one language (en or de), with its answer in Markdown and that answer rendered and sanitized
/// at save time (<see cref="FaqMarkdown"/>), so pages show <see cref="AnswerHtml"/> as it is. Full-text search runs over the
/// question and the Markdown: an FTS5 table on SQLite, a generated tsvector column on PostgreSQL (the Help migration's hand SQL).
/// </summary>
public sealed class FaqEntry
{
    public const int QuestionMaxLength = 300;
    public const int TopicMaxLength = 80;
    public const int AnswerMaxLength = 8_000;

    /// <summary>An integer, not a Guid: SQLite's FTS5 table is keyed by the entry's rowid, which is this id.</summary>
    public int Id { get; private set; }

    public string Language { get; private set; } = FaqLanguages.English;
    public string Topic { get; private set; } = "";
    public string Question { get; private set; } = "";
    public string AnswerMarkdown { get; private set; } = "";
    public string AnswerHtml { get; private set; } = "";

    /// <summary>Lower first, within its topic; topics follow their first entry.</summary>
    public int Order { get; private set; }

    public bool IsPublished { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant UpdatedAt { get; private set; }

    private FaqEntry()
    {
    }

    public FaqEntry(FaqContent content, Instant now)
    {
        CreatedAt = now;
        Change(content, now);
    }

    public void Change(FaqContent content, Instant now)
    {
        ArgumentNullException.ThrowIfNull(content);
        Language = content.Language;
        Topic = content.Topic;
        Question = content.Question;
        AnswerMarkdown = content.AnswerMarkdown;
        AnswerHtml = content.AnswerHtml;
        Order = content.Order;
        IsPublished = content.IsPublished;
        UpdatedAt = now;
    }
}

/// <summary>What an administrator wrote, checked, with the answer already rendered and sanitized.</summary>
public sealed record FaqContent(string Language, string Topic, string Question, string AnswerMarkdown, string AnswerHtml, int Order, bool IsPublished);

/// <summary>
/// "Was this helpful?": one row per entry and voter. A voter is an account ("account:{id}") or, for visitors, a browser
/// (a random id in a cookie, "browser:{id}"); voting again changes the answer instead of adding one.
/// </summary>
public sealed class FaqVote
{
    public const int VoterMaxLength = 80;

    public long Id { get; private set; }
    public int EntryId { get; private set; }
    public string Voter { get; private set; } = "";
    public bool Helpful { get; private set; }
    public Instant At { get; private set; }

    private FaqVote()
    {
    }

    public FaqVote(int entryId, string voter, bool helpful, Instant at)
    {
        EntryId = entryId;
        Voter = voter;
        Helpful = helpful;
        At = at;
    }

    public void Change(bool helpful, Instant at)
    {
        Helpful = helpful;
        At = at;
    }
}

public static class FaqLanguages
{
    public const string English = "en";
    public const string German = "de";

    public static readonly IReadOnlyList<string> All = [English, German];

    /// <summary>The FAQ language of the page's UI culture: German for German, English for everything else.</summary>
    public static string Current() =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == German ? German : English;
}

public sealed class FaqEntryConfiguration : IEntityTypeConfiguration<FaqEntry>
{
    public void Configure(EntityTypeBuilder<FaqEntry> builder)
    {
        builder.ToTable("FaqEntries");
        builder.Property(e => e.Language).HasMaxLength(2);
        builder.Property(e => e.Topic).HasMaxLength(FaqEntry.TopicMaxLength);
        builder.Property(e => e.Question).HasMaxLength(FaqEntry.QuestionMaxLength);
        builder.Property(e => e.AnswerMarkdown).HasMaxLength(FaqEntry.AnswerMaxLength);
        builder.HasIndex(e => new { e.Language, e.IsPublished, e.Topic, e.Order });
    }
}

public sealed class FaqVoteConfiguration : IEntityTypeConfiguration<FaqVote>
{
    public void Configure(EntityTypeBuilder<FaqVote> builder)
    {
        builder.ToTable("FaqVotes");
        builder.Property(v => v.Voter).HasMaxLength(FaqVote.VoterMaxLength);
        builder.HasOne<FaqEntry>().WithMany().HasForeignKey(v => v.EntryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.EntryId, v.Voter }).IsUnique();
    }
}
