using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Platform.Operations.Backups;

public enum BackupTrigger
{
    /// <summary>The <c>backup</c> command.</summary>
    Command,

    /// <summary>An administrator's "Back up now".</summary>
    Manual,

    /// <summary>The <c>Backup:Schedule</c> cron expression.</summary>
    Scheduled,
}

/// <summary>
/// One backup's run, good or failed, for the administrators' list, readiness and the compliance report. A scheduled run's
/// <see cref="ScheduledFor"/> is unique: of several instances, the one whose row goes in runs it.
/// </summary>
public sealed class BackupRun
{
    public const int FileNameMaxLength = 200;
    public const int ErrorMaxLength = 500;

    public long Id { get; private set; }
    public BackupTrigger Trigger { get; private set; }
    public Instant? ScheduledFor { get; private set; }
    public Instant StartedAt { get; private set; }
    public Instant? FinishedAt { get; private set; }
    public bool Succeeded { get; private set; }
    public string? FileName { get; private set; }
    public long? Size { get; private set; }
    public string? Checksum { get; private set; }

    /// <summary>What went wrong, as our own code words it (a refusal, a tool's exit): never data.</summary>
    public string? Error { get; private set; }

    public BackupRun(BackupTrigger trigger, Instant? scheduledFor, Instant startedAt)
    {
        Trigger = trigger;
        ScheduledFor = scheduledFor;
        StartedAt = startedAt;
    }

    public void Succeed(Instant at, string fileName, long size, string checksum)
    {
        FinishedAt = at;
        Succeeded = true;
        FileName = fileName.Length <= FileNameMaxLength ? fileName : fileName[..FileNameMaxLength];
        Size = size;
        Checksum = checksum;
    }

    public void Fail(Instant at, string error)
    {
        FinishedAt = at;
        Succeeded = false;
        Error = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
    }
}

public sealed class BackupRunConfiguration : IEntityTypeConfiguration<BackupRun>
{
    public void Configure(EntityTypeBuilder<BackupRun> builder)
    {
        builder.ToTable("BackupRuns");
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.FileName).HasMaxLength(BackupRun.FileNameMaxLength);
        builder.Property(r => r.Checksum).HasMaxLength(64);
        builder.Property(r => r.Error).HasMaxLength(BackupRun.ErrorMaxLength);
        builder.HasIndex(r => r.ScheduledFor).IsUnique();
        builder.HasIndex(r => new { r.Succeeded, r.FinishedAt });
    }
}
