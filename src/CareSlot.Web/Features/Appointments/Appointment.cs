using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// A booked visit. Every change goes through a method here so that it is kept in the history and
/// announced as a domain event in the same save.
/// </summary>
public sealed class Appointment
{
    public Guid Id { get; private set; }
    public int DoctorId { get; private set; }
    public int ClinicId { get; private set; }
    public int AppointmentTypeId { get; private set; }
    public Guid PatientId { get; private set; }
    public Instant Start { get; private set; }
    public Instant End { get; private set; }

    /// <summary>The end plus the type's buffer: the doctor's time this visit takes, which the database keeps from overlapping.</summary>
    public Instant BlockedUntil { get; private set; }

    public AppointmentStatus Status { get; private set; }

    /// <summary>
    /// The patient's reason for the visit, sealed (<see cref="Platform.Security.Encryption.FieldProtector"/>, this row's id and
    /// "Reason"): health information, never logged, opened only where its patient or doctor sees one appointment. Rows from
    /// before encryption may hold plaintext until start-up seals it (<see cref="Platform.Security.Encryption.PlaintextSealing"/>).
    /// </summary>
    public string Reason { get; private set; }

    public int RescheduleCount { get; private set; }
    public Instant CreatedAt { get; private set; }

    /// <summary>Raised on every change: optimistic concurrency, and the version in notification keys.</summary>
    public int Version { get; private set; }

    public List<AppointmentHistoryEntry> History { get; } = [];
    public List<AppointmentEvent> Events { get; } = [];

    private Appointment(Guid id, int doctorId, int clinicId, int appointmentTypeId, Guid patientId, string reason, Instant createdAt)
    {
        Id = id;
        DoctorId = doctorId;
        ClinicId = clinicId;
        AppointmentTypeId = appointmentTypeId;
        PatientId = patientId;
        Reason = reason;
        CreatedAt = createdAt;
    }

    /// <summary>An appointment's id: time-ordered, so new rows go to the end of the index.</summary>
    public static Guid NewId() => Guid.CreateVersion7();

    /// <summary>The column name sealed into <see cref="Reason"/> with the row's id.</summary>
    public const string ReasonColumn = nameof(Reason);

    /// <summary>The reason the history records for a clinic's automatic confirmation; pages translate it as they show it.</summary>
    public const string AutoConfirmedReason = "Confirmed automatically by the clinic";

    /// <summary>The reason the history records when a dispute's resolution clears a no-show; pages translate it as they show it.</summary>
    public const string NoShowClearedReason = "No-show cleared: the patient's dispute was upheld";

    /// <summary>A booking whose <paramref name="reason"/> is already as stored: sealed for a new id cannot be, so empty (tests, fixtures).</summary>
    public static Appointment Book(int doctorId, int clinicId, AppointmentType type, Guid patientId, Instant start,
        string reason, bool autoConfirm, Instant now) =>
        Book(NewId(), doctorId, clinicId, type, patientId, start, reason, autoConfirm, now);

    /// <param name="id">Chosen by the caller, who seals <paramref name="sealedReason"/> with it: <see cref="NewId"/>.</param>
    /// <param name="bySupport">The support agent who books at the patient's request, if it is not the patient.</param>
    public static Appointment Book(Guid id, int doctorId, int clinicId, AppointmentType type, Guid patientId, Instant start,
        string sealedReason, bool autoConfirm, Instant now, BookingBySupport? bySupport = null)
    {
        var appointment = new Appointment(id, doctorId, clinicId, type.Id, patientId, sealedReason, now);
        appointment.Place(start, type);
        appointment.Status = AppointmentStatus.Requested;
        appointment.Record(now, bySupport is null ? Actor.Patient : Actor.Support, bySupport?.AgentId ?? patientId, AppointmentEventKind.Booked, from: null,
            AppointmentStatus.Requested, bySupport?.Reason, null);
        if (autoConfirm)
        {
            appointment.Status = AppointmentStatus.Confirmed;
            appointment.Record(now, Actor.System, null, AppointmentEventKind.StatusChanged,
                AppointmentStatus.Requested, AppointmentStatus.Confirmed, AutoConfirmedReason, null);
        }
        return appointment;
    }

    /// <param name="type">The visit's type at its new place; a colleague's type (only an administrator moves a visit to a colleague)
    /// hands the appointment over to that doctor.</param>
    public void Reschedule(Instant newStart, int clinicId, AppointmentType type, Actor actor, Guid? by, string? reason, Instant now)
    {
        var previousStart = Start;
        DoctorId = type.DoctorId;
        ClinicId = clinicId;
        Place(newStart, type);
        if (actor is Actor.Patient or Actor.Support) RescheduleCount++;
        Record(now, actor, by, AppointmentEventKind.Rescheduled, Status, Status, reason, previousStart);
    }

    /// <summary>Applies a move the caller has already checked with <see cref="AppointmentStatusRules.Check"/>.</summary>
    public void ChangeStatus(AppointmentStatus to, Actor actor, Guid? by, string? reason, Instant now)
    {
        var from = Status;
        Status = to;
        Record(now, actor, by, to == AppointmentStatus.Cancelled ? AppointmentEventKind.Cancelled : AppointmentEventKind.StatusChanged,
            from, to, reason, null);
    }

    /// <summary>
    /// An administrator upheld the patient's dispute of a no-show: the visit counts as kept. Outside the status machine on
    /// purpose (a no-show is final for everyone else); the history keeps both the no-show and its clearing.
    /// </summary>
    public void ClearNoShow(Guid by, Instant now)
    {
        if (Status != AppointmentStatus.NoShow) throw new InvalidOperationException("Only a no-show can be cleared.");
        Status = AppointmentStatus.Completed;
        Record(now, Actor.Admin, by, AppointmentEventKind.StatusChanged, AppointmentStatus.NoShow, AppointmentStatus.Completed, NoShowClearedReason, null);
    }

    private void Place(Instant start, AppointmentType type)
    {
        AppointmentTypeId = type.Id;
        Start = start;
        End = start + type.Duration;
        BlockedUntil = End + type.BufferAfter;
    }

    private void Record(Instant now, Actor actor, Guid? by, AppointmentEventKind kind, AppointmentStatus? from, AppointmentStatus to,
        string? reason, Instant? previousStart)
    {
        Version++;
        History.Add(new AppointmentHistoryEntry(now, actor, by, from, to, previousStart, previousStart is null ? null : Start, reason));
        Events.Add(new AppointmentEvent(kind, Version, now, actor, previousStart));
    }
}

public sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        // Sealed: longer than the 1,000 characters a patient may write.
        builder.Property(a => a.Reason).HasMaxLength(FieldProtector.SealedLength(BookAppointment.ReasonMaxLength));
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Doctor>().WithMany().HasForeignKey(a => a.DoctorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(a => a.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppointmentType>().WithMany().HasForeignKey(a => a.AppointmentTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.History).WithOne().HasForeignKey(h => h.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DoctorId, a.Start });
        builder.HasIndex(a => new { a.PatientId, a.Start });
        // The administrators' oversight list (Admin/Schedule/AppointmentOversight): all appointments, or one clinic's, in
        // (Start, Id) keyset pages, without sorting a million rows for each page.
        builder.HasIndex(a => new { a.Start, a.Id });
        builder.HasIndex(a => new { a.ClinicId, a.Start, a.Id });
    }
}
