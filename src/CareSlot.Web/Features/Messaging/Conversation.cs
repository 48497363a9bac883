using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// A patient and a doctor writing to each other, about one of their appointments or in general. The subject is
/// clinical (it says what the conversation is about), so it is stored sealed, like every message body.
/// </summary>
public sealed class Conversation
{
    public const int SubjectMaxLength = 200;

    /// <summary>A Guid v7 made before sealing: the subject's seal is bound to it.</summary>
    public Guid Id { get; private set; }

    public Guid PatientId { get; private set; }
    public int DoctorId { get; private set; }
    public Guid? AppointmentId { get; private set; }

    /// <summary>The subject, sealed by <see cref="Platform.Security.Encryption.FieldProtector"/> under (Id, "Subject").</summary>
    public string SealedSubject { get; private set; }

    public Instant CreatedAt { get; private set; }

    /// <summary>When the newest message was sent: the list's order.</summary>
    public Instant LastMessageAt { get; private set; }

    public Instant? ClosedAt { get; private set; }

    /// <summary>The doctor's account that closed it.</summary>
    public Guid? ClosedBy { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    private Conversation() => SealedSubject = ""; // for EF Core

    /// <param name="id">From <see cref="Guid.CreateVersion7()"/>, the id <paramref name="sealedSubject"/> was sealed with.</param>
    public Conversation(Guid id, Guid patientId, int doctorId, Guid? appointmentId, string sealedSubject, Instant now)
    {
        Id = id;
        PatientId = patientId;
        DoctorId = doctorId;
        AppointmentId = appointmentId;
        SealedSubject = sealedSubject;
        CreatedAt = now;
        LastMessageAt = now;
    }

    public void MessageSent(Instant at) => LastMessageAt = at;

    public void Close(Guid doctorAccountId, Instant now)
    {
        if (IsClosed) return;
        ClosedAt = now;
        ClosedBy = doctorAccountId;
    }
}

public sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.Ignore(c => c.IsClosed);
        builder.Property(c => c.SealedSubject).HasMaxLength(1000);
        builder.HasIndex(c => new { c.PatientId, c.LastMessageAt });
        builder.HasIndex(c => new { c.DoctorId, c.LastMessageAt });
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Doctors.Doctor>().WithMany().HasForeignKey(c => c.DoctorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointments.Appointment>().WithMany().HasForeignKey(c => c.AppointmentId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>Which side of the conversation wrote a message.</summary>
public enum SenderRole
{
    Patient,
    Doctor,
}

/// <summary>One message; its body sealed under (Id, "Body"). <see cref="ReadAt"/> is when the other side first saw it.</summary>
public sealed class Message
{
    /// <summary>Long enough for a careful letter, short enough to read on a phone.</summary>
    public const int BodyMaxLength = 5000;

    public Guid Id { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid SenderId { get; private set; }
    public SenderRole SenderRole { get; private set; }
    public string SealedBody { get; private set; }
    public Instant SentAt { get; private set; }
    public Instant? ReadAt { get; private set; }

    private Message() => SealedBody = ""; // for EF Core

    /// <param name="id">From <see cref="Guid.CreateVersion7()"/>, the id <paramref name="sealedBody"/> was sealed with.</param>
    public Message(Guid id, Guid conversationId, Guid senderId, SenderRole senderRole, string sealedBody, Instant sentAt)
    {
        Id = id;
        ConversationId = conversationId;
        SenderId = senderId;
        SenderRole = senderRole;
        SealedBody = sealedBody;
        SentAt = sentAt;
    }
}

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Messages");
        builder.Property(m => m.SenderRole).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.SealedBody).HasMaxLength(30_000);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // The conversation in order, and the unread count (messages of the other side not yet read).
        builder.HasIndex(m => new { m.ConversationId, m.SentAt });
        builder.HasIndex(m => new { m.ConversationId, m.SenderRole, m.ReadAt });
    }
}

/// <summary>
/// A file sent with a message: PDF, JPEG or PNG as its content shows, at most <see cref="MaxBytes"/>. Its name and content
/// are sealed under its id and their property names; key rotation finds what an old key sealed by the sealed prefix.
/// </summary>
public sealed class MessageAttachment
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public Guid Id { get; private set; }
    public Guid MessageId { get; private set; }
    public string SealedFileName { get; private set; }

    /// <summary>As detected from the content, never as the client declared it.</summary>
    public string ContentType { get; private set; }

    public long Size { get; private set; }
    public byte[] SealedContent { get; private set; }

    private MessageAttachment() => (SealedFileName, ContentType, SealedContent) = ("", "", []); // for EF Core

    public MessageAttachment(Guid id, Guid messageId, string sealedFileName, string contentType, long size, byte[] sealedContent)
    {
        Id = id;
        MessageId = messageId;
        SealedFileName = sealedFileName;
        ContentType = contentType;
        Size = size;
        SealedContent = sealedContent;
    }
}

public sealed class MessageAttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> builder)
    {
        builder.ToTable("MessageAttachments");
        builder.Property(a => a.SealedFileName).HasMaxLength(1000);
        builder.Property(a => a.ContentType).HasMaxLength(32);
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.MessageId);
    }
}
