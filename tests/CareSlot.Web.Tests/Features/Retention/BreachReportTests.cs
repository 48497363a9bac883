using CareSlot.Web.Features.Retention.Breach;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Admin;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Tests.Features.Retention;

public sealed class BreachReportTestsOnSqlite(SqliteApp app) : BreachReportTests(app), IClassFixture<SqliteApp>;

public sealed class BreachReportTestsOnPostgres(PostgresApp app) : BreachReportTests(app), IClassFixture<PostgresApp>;

/// <summary>`breach-report`: who was touched, by kind and window (and by a compromised account), from the audit trail.</summary>
public abstract class BreachReportTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int ExitCode, string Output, string Error)> ReportAsync(params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await BreachReportCommand.RunAsync(app.Services, ["breach-report", .. options], output, error, Ct);
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task RecordAsync(string action, Guid patientId, Guid actorId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(new AuditEvent(action, AuditOutcome.Allowed, PatientId: patientId,
            Record: "test", ActorId: actorId, ActorRole: "Doctor"), Ct);
    }

    private static string Time(Instant at) => InstantPattern.ExtendedIso.Format(at);

    [Fact]
    public async Task Report_ListsThePeopleWhoseDataOfTheKindWasTouchedInTheWindow()
    {
        var readTwice = await app.CreateAccountAsync("Breach Patient One");
        var messaged = await app.CreateAccountAsync("Breach Patient Two");
        var intruder = await app.CreateAccountAsync("Intruder Doctor");
        var other = await app.CreateAccountAsync("Honest Doctor");
        app.Clock.Advance(TimeSpan.FromDays(1));
        var from = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        await RecordAsync(AuditActions.HistoryRead, readTwice.Id, intruder.Id);
        await RecordAsync(AuditActions.NoteRead, readTwice.Id, intruder.Id);
        await RecordAsync(AuditActions.MessageRead, messaged.Id, intruder.Id);
        await RecordAsync(AuditActions.HistoryRead, messaged.Id, other.Id);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var to = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromHours(1));
        await RecordAsync(AuditActions.HistoryRead, messaged.Id, intruder.Id); // after the window

        var (exitCode, csv, _) = await ReportAsync("--from", Time(from), "--to", Time(to), "--kind", "records", "--actor", intruder.Id.ToString(), "--format", "csv");
        Assert.Equal(0, exitCode);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("account_id,email,name,accesses,first_at,last_at", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.StartsWith($"{readTwice.Id},\"{readTwice.Email}\",\"Breach Patient One\",2,", row, StringComparison.Ordinal);

        // Without the actor, the honest doctor's read of patient two counts too; messages are their own kind.
        var (_, everyone, _) = await ReportAsync("--from", Time(from), "--to", Time(to), "--kind", "records");
        Assert.Contains(readTwice.Id.ToString(), everyone, StringComparison.Ordinal);
        Assert.Contains(messaged.Id.ToString(), everyone, StringComparison.Ordinal);
        Assert.Contains("2 people", everyone, StringComparison.Ordinal);
        var (_, messages, _) = await ReportAsync("--from", Time(from), "--to", Time(to), "--kind", "messages");
        Assert.Contains(messaged.Id.ToString(), messages, StringComparison.Ordinal);
        Assert.DoesNotContain(readTwice.Id.ToString(), messages, StringComparison.Ordinal);

        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.BreachReported, Ct)));
    }

    [Theory]
    [InlineData("--from", "2026-11-24", "--to", "2026-11-25")]
    [InlineData("--from", "2026-11-25", "--to", "2026-11-24", "--kind", "records")]
    [InlineData("--from", "yesterday", "--to", "2026-11-24", "--kind", "records")]
    [InlineData("--from", "2026-11-24", "--to", "2026-11-25", "--kind", "everything")]
    [InlineData("--from", "2026-11-24", "--to", "2026-11-25", "--kind", "records", "--actor", "me")]
    [InlineData("--from", "2026-11-24", "--to", "2026-11-25", "--kind", "records", "--format", "xml")]
    [InlineData("--from", "2026-11-24", "--to", "2026-11-25", "--kind", "records", "--bogus", "x")]
    [InlineData("--from", "2026-11-24\u001b[2J", "--to", "2026-11-25", "--kind", "records")]
    public async Task Report_BadOptions_IsAUsageError(params string[] options)
    {
        var (exitCode, _, error) = await ReportAsync(options);
        Assert.Equal(2, exitCode);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error);
    }
}
