using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CareSlot.Web.Platform.Security.Encryption;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

public enum TicketCategory
{
    Booking,
    Account,
    Technical,
    Billing,
    Other,

    /// <summary>A suggestion or an opinion about CareSlot: the footer's "Send feedback" opens the form with it chosen.</summary>
    Feedback,
}

/// <summary>
/// new → open (an agent answered or took it) ⇄ waiting for the requester → solved; the requester's reply reopens a solved
/// or waiting ticket; closed is final.
/// </summary>
public enum TicketStatus
{
    New,
    Open,
    WaitingForRequester,
    Solved,
    Closed,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketPostKind
{
    /// <summary>The requester's words: the request itself, or a reply to the agents.</summary>
    Requester,

    /// <summary>An agent's answer: the requester reads it, and gets it by e-mail.</summary>
    Reply,

    /// <summary>Between agents only: never shown or sent to the requester.</summary>
    InternalNote,
}

/// <summary>
/// A request for help: from a signed-in account or from a visitor who left an e-mail address. The row holds only its
/// state, so the queue's filters read no words; the subject and everything said live in its <see cref="TicketPost"/>s,
/// sealed like messages (people describe their health when they ask for help).
/// </summary>
public sealed class SupportTicket
{
    /// <summary>The ticket's number: its reference, "#1042", in pages and e-mail subjects.</summary>
    public long Id { get; private set; }

    public Guid? RequesterId { get; private set; }
    public string RequesterEmail { get; private set; } = "";
    public string RequesterName { get; private set; } = "";

    /// <summary>The language the requester wrote in: their notices are written in it.</summary>
    public string Language { get; private set; } = "en";

    /// <summary>A visitor's key to the ticket's page, as its SHA-256: the key itself is only in the e-mail they were sent.</summary>
    public string? VisitorKeyHash { get; private set; }

    public TicketCategory Category { get; private set; }
    public Guid? AppointmentId { get; private set; }
    public TicketStatus Status { get; private set; }
    public TicketPriority Priority { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public Instant CreatedAt { get; private set; }

    /// <summary>The last time anyone wrote in it or changed it: the queue's order within a status.</summary>
    public Instant UpdatedAt { get; private set; }

    /// <summary>The SLA: an agent's first reply is due by then (from the priority, when the ticket was opened or re-prioritised).</summary>
    public Instant FirstReplyDueAt { get; private set; }

    public Instant? FirstRepliedAt { get; private set; }

    public bool IsClosed => Status == TicketStatus.Closed;

    private SupportTicket() { } // for EF Core

    public SupportTicket(Guid? requesterId, string requesterEmail, string requesterName, string language, string? visitorKeyHash,
        TicketCategory category, Guid? appointmentId, TicketPriority priority, Instant now, Instant firstReplyDueAt)
    {
        RequesterId = requesterId;
        RequesterEmail = requesterEmail;
        RequesterName = requesterName;
        Language = language;
        VisitorKeyHash = visitorKeyHash;
        Category = category;
        AppointmentId = appointmentId;
        Priority = priority;
        Status = TicketStatus.New;
        CreatedAt = now;
        UpdatedAt = now;
        FirstReplyDueAt = firstReplyDueAt;
    }

    public void RequesterWrote(Instant now)
    {
        if (Status is TicketStatus.WaitingForRequester or TicketStatus.Solved) Status = TicketStatus.Open;
        UpdatedAt = now;
    }

    /// <summary>An agent answered: the ticket waits for the requester unless the agent chose another status.</summary>
    public void AgentReplied(Instant now, TicketStatus? status)
    {
        FirstRepliedAt ??= now;
        Status = status ?? TicketStatus.WaitingForRequester;
        UpdatedAt = now;
    }

    public void Touched(Instant now) => UpdatedAt = now;

    public void Assign(Guid? agentId, Instant now)
    {
        AssigneeId = agentId;
        if (agentId is not null && Status == TicketStatus.New) Status = TicketStatus.Open;
        UpdatedAt = now;
    }

    public void ChangeStatus(TicketStatus status, Instant now)
    {
        Status = status;
        UpdatedAt = now;
    }

    public void ChangePriority(TicketPriority priority, Instant firstReplyDueAt, Instant now)
    {
        Priority = priority;
        if (FirstRepliedAt is null) FirstReplyDueAt = firstReplyDueAt;
        UpdatedAt = now;
    }
}

public sealed class SupportTicketConfiguration : IEntityTypeConfiguration<SupportTicket>
{
    public void Configure(EntityTypeBuilder<SupportTicket> builder)
    {
        builder.ToTable("SupportTickets");
        builder.Ignore(t => t.IsClosed);
        builder.Property(t => t.RequesterEmail).HasMaxLength(256);
        builder.Property(t => t.RequesterName).HasMaxLength(200);
        builder.Property(t => t.Language).HasMaxLength(16);
        builder.Property(t => t.VisitorKeyHash).HasMaxLength(64);
        builder.Property(t => t.Category).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(t => t.RequesterId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Appointments.Appointment>().WithMany().HasForeignKey(t => t.AppointmentId).OnDelete(DeleteBehavior.SetNull);
        // The queue: by status, most recently touched first; a requester's own list.
        builder.HasIndex(t => new { t.Status, t.UpdatedAt });
        builder.HasIndex(t => t.RequesterId);
        builder.HasIndex(t => t.AssigneeId);
    }
}

/// <summary>One contribution to a ticket, its words sealed under (Id, "SealedBody"); the opening one carries the subject too.</summary>
public sealed class TicketPost
{
    public const int BodyMaxLength = 5000;
    public const int SubjectMaxLength = 200;
    public const int EmailMessageIdMaxLength = 300;

    public Guid Id { get; private set; }
    public long TicketId { get; private set; }
    public TicketPostKind Kind { get; private set; }

    /// <summary>The account that wrote it; null for a visitor.</summary>
    public Guid? AuthorId { get; private set; }

    public Instant At { get; private set; }
    public string SealedBody { get; private set; } = "";
    public string? SealedSubject { get; private set; }

    /// <summary>
    /// For an answer e-mailed to a visitor: the hash of the new key its link carries (the first e-mail's key is the ticket's).
    /// Keys are not kept, so each e-mail brings its own.
    /// </summary>
    public string? VisitorKeyHash { get; private set; }

    /// <summary>For a post that arrived by e-mail, its Message-Id: the same e-mail read twice is one post.</summary>
    public string? EmailMessageId { get; private set; }

    private TicketPost() { } // for EF Core

    public TicketPost(Guid id, long ticketId, TicketPostKind kind, Guid? authorId, Instant at, string sealedBody, string? sealedSubject = null,
        string? visitorKeyHash = null, string? emailMessageId = null)
    {
        VisitorKeyHash = visitorKeyHash;
        EmailMessageId = emailMessageId;
        SealedSubject = sealedSubject;
        Id = id;
        TicketId = ticketId;
        Kind = kind;
        AuthorId = authorId;
        At = at;
        SealedBody = sealedBody;
    }
}

public sealed class TicketPostConfiguration : IEntityTypeConfiguration<TicketPost>
{
    public void Configure(EntityTypeBuilder<TicketPost> builder)
    {
        builder.ToTable("TicketPosts");
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.SealedBody).HasMaxLength(FieldProtector.SealedLength(TicketPost.BodyMaxLength));
        builder.Property(p => p.SealedSubject).HasMaxLength(FieldProtector.SealedLength(TicketPost.SubjectMaxLength));
        builder.HasOne<SupportTicket>().WithMany().HasForeignKey(p => p.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(p => p.VisitorKeyHash).HasMaxLength(64);
        builder.Property(p => p.EmailMessageId).HasMaxLength(TicketPost.EmailMessageIdMaxLength);
        builder.HasIndex(p => new { p.TicketId, p.At });
        builder.HasIndex(p => p.EmailMessageId).IsUnique().HasFilter("\"EmailMessageId\" IS NOT NULL");
    }
}

/// <summary>A file sent with a post: checked and sealed as messaging's attachments are (Messaging.AttachmentFiles).</summary>
public sealed class TicketFile
{
    /// <summary>How many files one e-mail may bring into a request; the rest are named in the post, not kept.</summary>
    public const int MaxPerEmail = 3;

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public string SealedFileName { get; private set; }
    public string ContentType { get; private set; }
    public long Size { get; private set; }
    public byte[] SealedContent { get; private set; }

    private TicketFile() => (SealedFileName, ContentType, SealedContent) = ("", "", []); // for EF Core

    public TicketFile(Guid id, Guid postId, string sealedFileName, string contentType, long size, byte[] sealedContent)
    {
        Id = id;
        PostId = postId;
        SealedFileName = sealedFileName;
        ContentType = contentType;
        Size = size;
        SealedContent = sealedContent;
    }
}

public sealed class TicketFileConfiguration : IEntityTypeConfiguration<TicketFile>
{
    public void Configure(EntityTypeBuilder<TicketFile> builder)
    {
        builder.ToTable("TicketFiles");
        builder.Property(f => f.SealedFileName).HasMaxLength(1000);
        builder.Property(f => f.ContentType).HasMaxLength(32);
        builder.HasOne<TicketPost>().WithMany().HasForeignKey(f => f.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.PostId);
    }
}
