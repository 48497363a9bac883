using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

public enum OutboxState
{
    /// <summary>Waiting for its due time, or for another attempt.</summary>
    Pending,
    Sent,

    /// <summary>Refused for good, or out of attempts: an admin may retry it from the delivery log.</summary>
    Failed,

    /// <summary>A reminder the appointment's move or cancellation replaced, in the same transaction.</summary>
    Withdrawn,

    /// <summary>Nothing to send when it came due: the recipient opted out, has no verified number, or the visit is over.</summary>
    Skipped,
}

/// <summary>
/// One message to one recipient on one channel, written in the same transaction as the change it
/// announces, so a change that commits is always announced and one that rolls back never is.
/// Its content is made when it is sent, from the appointment as it is then and the change recorded here.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; private set; }

    /// <summary>(appointment, template, channel, version): the database refuses a second row for the same change.</summary>
    public string Key { get; private set; }

    public NotificationTemplate Template { get; private set; }
    public NotificationChannel Channel { get; private set; }
    /// <summary>The appointment announced; null for an account message (verification link or code, password reset).</summary>
    public Guid? AppointmentId { get; private set; }

    /// <summary>An account message's recipient, fixed when queued (it may be an address not yet verified).</summary>
    public string? Address { get; private set; }

    /// <summary>
    /// An account message as sent, protected with Data Protection: it holds a link or code that opens the account,
    /// so it is never stored readable, and it is erased once sent.
    /// </summary>
    public string? ProtectedContent { get; private set; }

    /// <summary>The appointment's version after the change: the calendar invitation's SEQUENCE.</summary>
    public int AppointmentVersion { get; private set; }

    public Actor ChangedBy { get; private set; }

    /// <summary>Why a cancellation or move was made, when the one who made it said. Health-adjacent: never logged.</summary>
    public string? ChangeReason { get; private set; }

    public Instant? PreviousStart { get; private set; }

    public OutboxState State { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant DueAt { get; private set; }
    public int Attempts { get; private set; }

    /// <summary>Why the last attempt failed or the message was skipped: names a cause, never content.</summary>
    public string? LastError { get; private set; }

    /// <summary>The dispatcher's claim: nobody else sends the message before this passes.</summary>
    public Instant? LockedUntil { get; private set; }

    public string? LockedBy { get; private set; }
    public Instant? SentAt { get; private set; }

    /// <summary>The address or number it went to (the account's may change later).</summary>
    public string? SentTo { get; private set; }

    public OutboxMessage(NotificationTemplate template, NotificationChannel channel, Guid appointmentId, int appointmentVersion,
        Actor changedBy, string? changeReason, Instant? previousStart, Instant createdAt, Instant dueAt)
    {
        Template = template;
        Channel = channel;
        AppointmentId = appointmentId;
        AppointmentVersion = appointmentVersion;
        ChangedBy = changedBy;
        ChangeReason = changeReason;
        PreviousStart = previousStart;
        CreatedAt = createdAt;
        DueAt = dueAt;
        State = OutboxState.Pending;
        Key = KeyFor(appointmentId, template, channel, appointmentVersion);
    }

    /// <summary>For EF Core, which sets the properties itself.</summary>
    private OutboxMessage() => Key = "";

    private OutboxMessage(NotificationTemplate template, NotificationChannel channel, string address, string protectedContent, Instant now)
    {
        Template = template;
        Channel = channel;
        Address = address;
        ProtectedContent = protectedContent;
        ChangedBy = Actor.System;
        CreatedAt = now;
        DueAt = now;
        State = OutboxState.Pending;
        Key = $"account:{Guid.CreateVersion7():N}:{template}";
    }

    /// <summary>A message about the account itself; each one is its own (a second code is a new message, not a repeat).</summary>
    public static OutboxMessage ForAccount(NotificationTemplate template, NotificationChannel channel, string address, string protectedContent, Instant now) =>
        new(template, channel, address, protectedContent, now);

    /// <summary>
    /// A notice written when queued (new message), sent as it is once <paramref name="dueAt"/> has come; <paramref name="key"/>
    /// makes a second notice for the same thing impossible.
    /// </summary>
    public static OutboxMessage ForNotice(NotificationTemplate template, NotificationChannel channel, string key, string address, string protectedContent,
        Instant now, Instant dueAt) =>
        new(template, channel, address, protectedContent, now) { Key = key, DueAt = dueAt };

    public static string KeyFor(Guid appointmentId, NotificationTemplate template, NotificationChannel channel, int version) =>
        $"{appointmentId:N}:{template}:{channel}:{version}";

    public bool IsReminder => Template == NotificationTemplate.PatientReminder;

    public void MarkSent(string sentTo, Instant now)
    {
        State = OutboxState.Sent;
        Attempts++;
        SentAt = now;
        SentTo = sentTo;
        LastError = null;
        ProtectedContent = null;
        Release();
    }

    public void Skip(string why)
    {
        State = OutboxState.Skipped;
        LastError = why;
        Release();
    }

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or failed for good when there is none.</summary>
    public void MarkAttemptFailed(string error, Instant? retryAt)
    {
        Attempts++;
        LastError = error;
        if (retryAt is { } due) DueAt = due;
        else State = OutboxState.Failed;
        Release();
    }

    /// <summary>Not now (quiet hours): no attempt is counted.</summary>
    public void Defer(Instant until)
    {
        DueAt = until;
        Release();
    }

    /// <summary>An admin's retry of a failed message: a fresh round of attempts from now.</summary>
    public bool Retry(Instant now)
    {
        if (State != OutboxState.Failed) return false;
        State = OutboxState.Pending;
        Attempts = 0;
        DueAt = now;
        return true;
    }

    private void Release()
    {
        LockedUntil = null;
        LockedBy = null;
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.Key).HasMaxLength(100);
        builder.HasIndex(m => m.Key).IsUnique();
        builder.Property(m => m.Template).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.ChangedBy).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ChangeReason).HasMaxLength(1000);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.LastError).HasMaxLength(500);
        builder.Property(m => m.LockedBy).HasMaxLength(64);
        builder.Property(m => m.SentTo).HasMaxLength(256);
        builder.Property(m => m.Address).HasMaxLength(256);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(m => m.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher's question: what is pending and due?
        builder.HasIndex(m => new { m.State, m.DueAt });
        builder.HasIndex(m => m.AppointmentId);
    }
}
