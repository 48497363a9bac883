using CareSlot.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Disputes;

/// <summary>What a dispute is about.</summary>
public enum DisputeKind
{
    ContestedNoShow,
    LateCancellation,
    Conduct,
    Billing,
    Other,
}

/// <summary>
/// open → under review (assigned) → awaiting party ⇄ under review → resolved; withdrawn by the opener from any state
/// before resolved. Resolved and withdrawn are final.
/// </summary>
public enum DisputeState
{
    Open,
    UnderReview,
    AwaitingParty,
    Resolved,
    Withdrawn,
}

public enum DisputeOutcome
{
    Upheld,
    Rejected,
    PartlyUpheld,
}

/// <summary>Whom an administrator's question is for.</summary>
public enum DisputeAudience
{
    Patient,
    Doctor,
    Both,
}

/// <summary>What one step of a dispute's history did.</summary>
public enum DisputeStepKind
{
    Opened,
    Statement,
    Assigned,
    Question,
    Resolved,
    Withdrawn,
}

/// <summary>
/// A patient or the doctor of an appointment contests something about it; administrators settle it. Everything said in it
/// lives in its <see cref="DisputeStep"/>s, sealed; the dispute row holds only its state, so the queue reads no content.
/// </summary>
public sealed class Dispute
{
    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Guid PatientId { get; private set; }
    public int DoctorId { get; private set; }
    public DisputeKind Kind { get; private set; }

    /// <summary>The account that opened it: the only one who may withdraw it.</summary>
    public Guid OpenedBy { get; private set; }

    public Actor OpenerRole { get; private set; }
    public DisputeState State { get; private set; }

    /// <summary>When the current state began: the SLA clock counts from here.</summary>
    public Instant StateSince { get; private set; }

    public Guid? AssignedTo { get; private set; }
    public DisputeOutcome? Outcome { get; private set; }
    public Instant CreatedAt { get; private set; }

    public bool IsFinal => State is DisputeState.Resolved or DisputeState.Withdrawn;

    private Dispute() { } // for EF Core

    public Dispute(Guid id, Guid appointmentId, Guid patientId, int doctorId, DisputeKind kind, Guid openedBy, Actor openerRole, Instant now)
    {
        Id = id;
        AppointmentId = appointmentId;
        PatientId = patientId;
        DoctorId = doctorId;
        Kind = kind;
        OpenedBy = openedBy;
        OpenerRole = openerRole;
        State = DisputeState.Open;
        StateSince = now;
        CreatedAt = now;
    }

    public void Assign(Guid adminId, Instant now)
    {
        AssignedTo = adminId;
        if (State == DisputeState.Open) MoveTo(DisputeState.UnderReview, now);
    }

    public void AwaitParty(Instant now) => MoveTo(DisputeState.AwaitingParty, now);

    /// <summary>A party's statement answers an open question: the dispute is back with its administrator.</summary>
    public void StatementAdded(Instant now)
    {
        if (State == DisputeState.AwaitingParty) MoveTo(DisputeState.UnderReview, now);
    }

    public void Resolve(DisputeOutcome outcome, Instant now)
    {
        Outcome = outcome;
        MoveTo(DisputeState.Resolved, now);
    }

    public void Withdraw(Instant now) => MoveTo(DisputeState.Withdrawn, now);

    private void MoveTo(DisputeState state, Instant now)
    {
        if (State == state) return;
        State = state;
        StateSince = now;
    }
}

public sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> builder)
    {
        builder.ToTable("Disputes");
        builder.Ignore(d => d.IsFinal);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(d => d.OpenerRole).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Appointments.Appointment>().WithMany().HasForeignKey(d => d.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Doctors.Doctor>().WithMany().HasForeignKey(d => d.DoctorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(d => d.AssignedTo).OnDelete(DeleteBehavior.SetNull);
        // One dispute in progress per appointment: the database decides a race between two openers.
        builder.HasIndex(d => d.AppointmentId).IsUnique().HasFilter("\"State\" NOT IN ('Resolved', 'Withdrawn')");
        // The queue: by state, oldest first.
        builder.HasIndex(d => new { d.State, d.StateSince });
        builder.HasIndex(d => d.PatientId);
        builder.HasIndex(d => d.DoctorId);
    }
}

/// <summary>
/// One step of a dispute: who did what, when, into which state. A statement, a question or a resolution's explanation is
/// sealed under (Id, "SealedText") like a message body; steps without words have none.
/// </summary>
public sealed class DisputeStep
{
    public const int TextMaxLength = 5000;

    public Guid Id { get; private set; }
    public Guid DisputeId { get; private set; }
    public DisputeStepKind Kind { get; private set; }
    public Instant At { get; private set; }
    public Guid ByAccountId { get; private set; }
    public Actor ByRole { get; private set; }

    /// <summary>The dispute's state after this step.</summary>
    public DisputeState ToState { get; private set; }

    /// <summary>For an assignment, the administrator it went to.</summary>
    public Guid? AssigneeId { get; private set; }

    /// <summary>For a question, whom it asks.</summary>
    public DisputeAudience? Audience { get; private set; }

    public DisputeOutcome? Outcome { get; private set; }
    public string? SealedText { get; private set; }

    private DisputeStep() { } // for EF Core

    public DisputeStep(Guid id, Guid disputeId, DisputeStepKind kind, Instant at, Guid byAccountId, Actor byRole, DisputeState toState, string? sealedText,
        Guid? assigneeId = null, DisputeAudience? audience = null, DisputeOutcome? outcome = null)
    {
        Id = id;
        DisputeId = disputeId;
        Kind = kind;
        At = at;
        ByAccountId = byAccountId;
        ByRole = byRole;
        ToState = toState;
        SealedText = sealedText;
        AssigneeId = assigneeId;
        Audience = audience;
        Outcome = outcome;
    }
}

public sealed class DisputeStepConfiguration : IEntityTypeConfiguration<DisputeStep>
{
    public void Configure(EntityTypeBuilder<DisputeStep> builder)
    {
        builder.ToTable("DisputeSteps");
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ByRole).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ToState).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.SealedText).HasMaxLength(Platform.Security.Encryption.FieldProtector.SealedLength(DisputeStep.TextMaxLength));
        builder.HasOne<Dispute>().WithMany().HasForeignKey(s => s.DisputeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.DisputeId, s.At });
    }
}

/// <summary>A file added with a statement: checked and sealed as messaging's attachments are (Messaging.AttachmentFiles).</summary>
public sealed class DisputeFile
{
    public Guid Id { get; private set; }
    public Guid StepId { get; private set; }
    public string SealedFileName { get; private set; }
    public string ContentType { get; private set; }
    public long Size { get; private set; }
    public byte[] SealedContent { get; private set; }

    private DisputeFile() => (SealedFileName, ContentType, SealedContent) = ("", "", []); // for EF Core

    public DisputeFile(Guid id, Guid stepId, string sealedFileName, string contentType, long size, byte[] sealedContent)
    {
        Id = id;
        StepId = stepId;
        SealedFileName = sealedFileName;
        ContentType = contentType;
        Size = size;
        SealedContent = sealedContent;
    }
}

public sealed class DisputeFileConfiguration : IEntityTypeConfiguration<DisputeFile>
{
    public void Configure(EntityTypeBuilder<DisputeFile> builder)
    {
        builder.ToTable("DisputeFiles");
        builder.Property(f => f.SealedFileName).HasMaxLength(1000);
        builder.Property(f => f.ContentType).HasMaxLength(32);
        builder.HasOne<DisputeStep>().WithMany().HasForeignKey(f => f.StepId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.StepId);
    }
}
