using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>
/// A saved answer agents start from ("How to reset your password"): a title to pick it by and words to adapt before
/// sending. Written by agents for everyone, so it holds no one's personal data and is stored as it is.
/// </summary>
public sealed class CannedAnswer
{
    public const int TitleMaxLength = 100;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public Instant UpdatedAt { get; private set; }

    private CannedAnswer() { } // for EF Core

    public CannedAnswer(Guid id, string title, string body, Instant now)
    {
        Id = id;
        Change(title, body, now);
    }

    public void Change(string title, string body, Instant now)
    {
        Title = title;
        Body = body;
        UpdatedAt = now;
    }
}

public sealed class CannedAnswerConfiguration : IEntityTypeConfiguration<CannedAnswer>
{
    public void Configure(EntityTypeBuilder<CannedAnswer> builder)
    {
        builder.ToTable("CannedAnswers");
        builder.Property(a => a.Title).HasMaxLength(CannedAnswer.TitleMaxLength);
        builder.Property(a => a.Body).HasMaxLength(TicketPost.BodyMaxLength);
        builder.HasIndex(a => a.Title).IsUnique();
    }
}
