using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Relative paths are under the content root.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/careslot.db";

    /// <summary>Operators who run `migrate` by hand turn this off.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// With a standby in the PostgreSQL connection string: how long after a signed-in person's last successful write their
    /// directory and slot reads still go to the primary, so they see what they just did (docs/architecture.md, "Reads
    /// from a standby"). Longer than the standby's worst ordinary replay lag.
    /// </summary>
    [Range(0, 3600)]
    public int ReadYourWritesSeconds { get; set; } = 10;
}
