using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Platform.Operations.Backups;

public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Where backups are written and listed; relative to the content root. Put it on another disk than the database.</summary>
    [Required]
    public string Folder { get; set; } = "data/backups";

    /// <summary>Where pg_dump and pg_restore are; empty to find them on PATH. Their major version must be the server's or newer.</summary>
    public string PostgresBinDirectory { get; set; } = "";

    /// <summary>How many good backups to keep; older ones are deleted after each good backup.</summary>
    [Range(1, 10_000)]
    public int Keep { get; set; } = 14;

    public string FullFolder(IHostEnvironment environment) => Path.GetFullPath(Folder, environment.ContentRootPath);

    public string Tool(string name) => string.IsNullOrWhiteSpace(PostgresBinDirectory) ? name : Path.Combine(PostgresBinDirectory, name);
}
