using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CareSlot.Bench.Load;

public sealed record DispatchOptions(string Connection, int Messages, int MaxSeconds, string? ResultsFile)
{
    public static DispatchOptions From(Arguments arguments)
    {
        var options = new DispatchOptions(
            arguments.Text("connection") ?? throw new ArgumentException("--connection CS is required."),
            arguments.Number("messages", 5_000),
            arguments.Number("max-seconds", 600),
            arguments.Text("results"));
        arguments.RejectUnknown();
        return options;
    }
}

/// <summary>
/// Dispatcher throughput: queues confirmation e-mails for upcoming appointments of the generated dataset, all due
/// at once, and watches the running app's dispatcher send them to its SMTP server. Waits first for whatever the
/// booking load left in the outbox, so only these messages are timed. Latency is from due to sent.
/// </summary>
public static class DispatchLoad
{
    public static async Task<int> RunAsync(DispatchOptions options)
    {
        await using var source = NpgsqlDataSource.Create(options.Connection);
        const string Backlog = """SELECT count(*) FROM "OutboxMessages" WHERE "State" = 'Pending' AND "DueAt" <= now()""";
        await WaitAsync(source, Backlog, "outbox backlog", await ScalarAsync(source, Backlog), options.MaxSeconds);

        // A tag per run keeps the idempotency keys unique when the step is run again on the same data.
        var run = Guid.NewGuid().ToString("N")[..8];
        await using (var insert = source.CreateCommand($"""
            INSERT INTO "OutboxMessages" ("Key", "Template", "Channel", "AppointmentId", "AppointmentVersion", "ChangedBy", "State", "CreatedAt", "DueAt", "Attempts")
            SELECT 'bench-{run}:' || a."Id", 'PatientBooked', 'Email', a."Id", a."Version", 'Patient', 'Pending', now(), now(), 0
            FROM "Appointments" a JOIN "AspNetUsers" p ON p."Id" = a."PatientId"
            WHERE a."Start" > now() AND a."Status" IN ('Requested', 'Confirmed') AND p."EmailConfirmed"
            LIMIT {options.Messages}
            """))
        {
            var queued = await insert.ExecuteNonQueryAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queued {queued:N0} confirmation e-mails (run {run}), all due now"));
        }
        var watch = Stopwatch.StartNew();
        var pendingOfRun = $"""SELECT count(*) FROM "OutboxMessages" WHERE "Key" LIKE 'bench-{run}:%' AND "State" = 'Pending'""";
        var total = await ScalarAsync(source, $"""SELECT count(*) FROM "OutboxMessages" WHERE "Key" LIKE 'bench-{run}:%'""");
        await WaitAsync(source, pendingOfRun, "dispatch", total, options.MaxSeconds);
        var seconds = watch.Elapsed.TotalSeconds;

        var latencies = new List<double>();
        var statuses = new Dictionary<string, long>();
        await using (var outcome = source.CreateCommand($"""
            SELECT "State", EXTRACT(EPOCH FROM ("SentAt" - "DueAt")) * 1000 FROM "OutboxMessages" WHERE "Key" LIKE 'bench-{run}:%'
            """))
        await using (var reader = await outcome.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var state = reader.GetString(0);
                statuses[state] = statuses.GetValueOrDefault(state) + 1;
                if (!reader.IsDBNull(1)) latencies.Add((double)reader.GetDecimal(1));
            }
        }
        var result = LoadResult.From("dispatch", connections: 1, seconds, latencies, statuses, errors: statuses.GetValueOrDefault("Failed"));
        Console.WriteLine(result.Describe().Replace("requests", "messages", StringComparison.Ordinal).Replace("req/s", "messages/s", StringComparison.Ordinal));
        result.AppendTo(options.ResultsFile);
        return 0;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="countSql"/> reaches zero, reporting progress against <paramref name="total"/>.</summary>
    private static async Task WaitAsync(NpgsqlDataSource source, string countSql, string label, long total, int maxSeconds)
    {
        var progress = new Progress(label, total, "messages");
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var left = await ScalarAsync(source, countSql);
            progress.Add(Math.Max(0, total - left - progress.Done));
            if (left == 0) break;
            if (watch.Elapsed.TotalSeconds > maxSeconds) throw new TimeoutException($"{left:N0} messages still pending after {maxSeconds} s.");
            await Task.Delay(250);
        }
        progress.Finish();
    }
}
