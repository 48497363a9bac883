using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Records;

public enum RecordKind
{
    VisitNote,
    Allergy,
    Condition,

    /// <summary>Written by the patient themselves, and always shown as such.</summary>
    PatientReported,
}

/// <summary>
/// One item of a patient's medical history. What it says lives in its versions: an amendment adds a version with a
/// reason, so nothing is ever overwritten or deleted and every version stays readable to those allowed.
/// </summary>
public sealed class RecordEntry
{
    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public RecordKind Kind { get; private set; }

    /// <summary>The visit a note is about; one note per visit.</summary>
    public Guid? AppointmentId { get; private set; }

    /// <summary>The doctor who wrote the entry; null when the patient did.</summary>
    public int? DoctorId { get; private set; }

    public Guid AuthorId { get; private set; }
    public Instant CreatedAt { get; private set; }

    /// <summary>When the newest version was written: the history's order.</summary>
    public Instant UpdatedAt { get; private set; }

    public int VersionCount { get; private set; }

    public List<RecordEntryVersion> Versions { get; } = [];

    private RecordEntry(Guid patientId, RecordKind kind, Guid? appointmentId, int? doctorId, Guid authorId, Instant createdAt)
    {
        Id = Guid.CreateVersion7();
        PatientId = patientId;
        Kind = kind;
        AppointmentId = appointmentId;
        DoctorId = doctorId;
        AuthorId = authorId;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public static RecordEntry Start(Guid patientId, RecordKind kind, Guid? appointmentId, int? doctorId, Guid authorId, Instant now) =>
        new(patientId, kind, appointmentId, doctorId, authorId, now);

    /// <summary>Adds the next version; the caller seals its content with the version's id (see <see cref="RecordEntryVersion"/>).</summary>
    public RecordEntryVersion AddVersion(Guid authorId, Instant now)
    {
        var version = new RecordEntryVersion(Id, ++VersionCount, authorId, now);
        UpdatedAt = now;
        Versions.Add(version);
        return version;
    }
}

/// <summary>
/// What an entry said from one moment on. <see cref="Content"/> (the fields of <see cref="RecordContent"/> as JSON) and
/// <see cref="AmendmentReason"/> are sealed with this row's id: they are health information.
/// </summary>
public sealed class RecordEntryVersion
{
    public Guid Id { get; private set; }
    public Guid EntryId { get; private set; }
    public int Number { get; private set; }
    public Guid AuthorId { get; private set; }
    public Instant WrittenAt { get; private set; }
    public string Content { get; set; } = "";
    public string? AmendmentReason { get; set; }

    internal RecordEntryVersion(Guid entryId, int number, Guid authorId, Instant writtenAt)
    {
        Id = Guid.CreateVersion7();
        EntryId = entryId;
        Number = number;
        AuthorId = authorId;
        WrittenAt = writtenAt;
    }

    public const string ContentColumn = nameof(Content);
    public const string AmendmentReasonColumn = nameof(AmendmentReason);
}

public sealed class RecordEntryConfiguration : IEntityTypeConfiguration<RecordEntry>
{
    public void Configure(EntityTypeBuilder<RecordEntry> builder)
    {
        builder.ToTable("RecordEntries");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(e => new { e.PatientId, e.UpdatedAt });
        builder.HasIndex(e => e.AppointmentId).IsUnique();
        builder.HasMany(e => e.Versions).WithOne().HasForeignKey(v => v.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(e => e.Versions).AutoInclude(false);
    }
}

public sealed class RecordEntryVersionConfiguration : IEntityTypeConfiguration<RecordEntryVersion>
{
    public void Configure(EntityTypeBuilder<RecordEntryVersion> builder)
    {
        builder.ToTable("RecordEntryVersions");
        builder.HasIndex(v => new { v.EntryId, v.Number }).IsUnique();
    }
}
