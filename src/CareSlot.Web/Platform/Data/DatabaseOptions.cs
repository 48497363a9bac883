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
}
