using Npgsql;
using NpgsqlTypes;

namespace CareSlot.Bench;

/// <summary>Plain Npgsql commands for the setup steps: named parameters, DateTime values as timestamptz.</summary>
public static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is DateTime ? new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value } : new NpgsqlParameter(name, value));
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    public static async Task<T?> FirstAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? read(reader) : default;
    }
}
