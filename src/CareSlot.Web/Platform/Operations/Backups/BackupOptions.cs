using System.ComponentModel.DataAnnotations;
using Cronos;

namespace CareSlot.Web.Platform.Operations.Backups;

public sealed class BackupOptions : IValidatableObject
{
    public const string Section = "Backup";

    /// <summary>When to back up by itself: a five-field cron expression (minute hour day month weekday); empty turns it off.</summary>
    public string Schedule { get; set; } = "0 2 * * *";

    /// <summary>The zone <see cref="Schedule"/> is read in (IANA id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Where backups are written and listed; relative to the content root. Put it on another disk than the database.</summary>
    [Required]
    public string Folder { get; set; } = "data/backups";

    /// <summary>Where pg_dump and pg_restore are; empty to find them on PATH. Their major version must be the server's or newer.</summary>
    public string PostgresBinDirectory { get; set; } = "";

    /// <summary>How many good backups to keep; older ones are deleted after each good backup.</summary>
    [Range(1, 10_000)]
    public int Keep { get; set; } = 14;

    public bool Scheduled => !string.IsNullOrWhiteSpace(Schedule);

    public CronExpression Cron() => CronExpression.Parse(Schedule);

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// How old the newest good backup may be before readiness turns amber: the longest gap between two occurrences in the
    /// coming week, plus an hour for the run itself.
    /// </summary>
    public TimeSpan AllowedAge(DateTimeOffset now)
    {
        var occurrences = Cron().GetOccurrences(now, now.AddDays(8), Zone()).ToList();
        var gap = occurrences.Zip(occurrences.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.FromDays(7)).Max();
        return gap + TimeSpan.FromHours(1);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Scheduled)
        {
            var valid = true;
            try
            {
                Cron();
            }
            catch (CronFormatException)
            {
                valid = false;
            }
            if (!valid) yield return new ValidationResult($"Backup:Schedule '{Schedule}' is not a cron expression such as '0 2 * * *' (02:00 every day).", [nameof(Schedule)]);
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out _))
        {
            yield return new ValidationResult($"Backup:TimeZone '{TimeZone}' is not a time zone, such as Europe/Berlin or UTC.", [nameof(TimeZone)]);
        }
    }

    public string FullFolder(IHostEnvironment environment) => Path.GetFullPath(Folder, environment.ContentRootPath);

    public string Tool(string name) => string.IsNullOrWhiteSpace(PostgresBinDirectory) ? name : Path.Combine(PostgresBinDirectory, name);
}
