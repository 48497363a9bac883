using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CareSlot.Web.Platform.Data;

/// <summary>What a failed save means, the same on both databases.</summary>
public static class DbErrors
{
    /// <summary>SQLite's extended codes for a unique index or a primary key that already holds the value.</summary>
    private const int SqliteUnique = 2067, SqlitePrimaryKey = 1555;

    /// <summary>True only when a unique index refused the row; any other failure is a fault, not an answer.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
        _ => false,
    };
}
