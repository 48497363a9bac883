using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Security.Encryption;

public sealed class KeyRotationTestsOnSqlite : KeyRotationTests
{
    protected override CareSlotApp NewApp() => new SqliteApp();
}

public sealed class KeyRotationTestsOnPostgres(PostgresServer server) : KeyRotationTests
{
    protected override CareSlotApp NewApp() => new PostgresApp(server);
}

/// <summary>
/// Data sealed under the first key is re-sealed under a second by <c>rotate-keys</c>: all of it still readable, nothing
/// left under the first (counted in SQL), and a run stopped halfway goes on when started again. Each test has its own
/// database, since a rotation re-seals every row.
/// </summary>
public abstract class KeyRotationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Key1 = "phi1:" + CareSlotApp.TestKeyId + ":";
    private const string Key2 = "phi1:t2:";

    protected abstract CareSlotApp NewApp();

    private static async Task<CareSlotApp> StartedAsync(CareSlotApp app)
    {
        await app.InitializeAsync();
        return app;
    }

    [Fact]
    public async Task RotateKeys_DataUnderKey1_IsAllUnderKey2_AndStillShown()
    {
        await using var first = await StartedAsync(NewApp());
        var booked = await first.BookReasonsAsync("Persistent cough", "Pain: knee", "", "Rash since Monday\r\n\twith fever");
        // A reason from before encryption: rotation seals it too.
        await first.StoreReasonAsPlaintextAsync(booked[1].Id, "Pain: knee");
        Assert.Equal(3, await first.ReasonsStartingWithAsync(Key1));
        await using var second = await StartedAsync(new RotatedApp(first, "t2"));
        using var output = new StringWriter();

        var exitCode = await RotateKeysCommand.RunAsync(second.Services, ["--batch-size", "2"], output, Ct);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Equal(0, await second.ReasonsStartingWithAsync(Key1));
        Assert.Equal(0, await second.CountAsync($"""SELECT count(*) FROM "Appointments" WHERE substr("Reason", 1, 8) <> '{Key2}'"""));
        Assert.Equal(4, await second.ReasonsStartingWithAsync(Key2));
        foreach (var (patient, id, reason) in booked) Assert.Equal(reason, await second.ReasonShownAsync(patient, id));
        var printed = output.ToString();
        Assert.Contains("Current key: t2. To re-seal: 4 values (Appointments.Reason 4, ", printed, StringComparison.Ordinal);
        Assert.Contains("[###############---------------]          2/4 values  50%", printed, StringComparison.Ordinal);
        Assert.Contains("Done: 4 values re-sealed under t2", printed, StringComparison.Ordinal);
        Assert.Contains("Nothing is left under another key.", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("cough", printed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RotateKeys_StoppedAfterTheFirstBatch_GoesOnWhenRunAgain_AndFinishes()
    {
        await using var first = await StartedAsync(NewApp());
        var booked = await first.BookReasonsAsync("One", "Two", "Three", "Four", "Five");
        await using var second = await StartedAsync(new RotatedApp(first, "t2"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await using (var scope = second.Services.CreateAsyncScope())
        {
            var rotation = scope.ServiceProvider.GetRequiredService<PhiRotation>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                rotation.RunAsync(RotationScope.NotUnderCurrentKey, 2, new Inline(_ => stop.Cancel()), stop.Token));
        }

        Assert.Equal((3L, 2L), (await second.ReasonsStartingWithAsync(Key1), await second.ReasonsStartingWithAsync(Key2)));
        // What is done stays readable meanwhile, by an instance that has the new key.
        foreach (var (patient, id, reason) in booked) Assert.Equal(reason, await second.ReasonShownAsync(patient, id));

        var reports = new List<RotationProgress>();
        RotationResult again;
        await using (var scope = second.Services.CreateAsyncScope())
        {
            again = await scope.ServiceProvider.GetRequiredService<PhiRotation>().RunAsync(RotationScope.NotUnderCurrentKey, 2, new Inline(reports.Add), Ct);
        }

        Assert.Equal((3L, 0L), (again.Resealed, again.Skipped));
        Assert.Equal([(2L, 3L), (3L, 3L)], reports.Select(r => (r.Done, r.Total)));
        Assert.Equal((0L, 5L), (await second.ReasonsStartingWithAsync(Key1), await second.ReasonsStartingWithAsync(Key2)));
        foreach (var (patient, id, reason) in booked) Assert.Equal(reason, await second.ReasonShownAsync(patient, id));
        await using var last = second.Services.CreateAsyncScope();
        Assert.Equal(0, (await last.ServiceProvider.GetRequiredService<PhiRotation>().RunAsync(RotationScope.NotUnderCurrentKey, 2, null, Ct)).Resealed);
    }

    [Fact]
    public async Task RotateKeys_BlobColumn_IsFoundByItsPrefixAndResealed()
    {
        await using var first = await StartedAsync(NewApp());
        var postgres = first.Provider == DatabaseProvider.Postgres;
        await first.CountAsync(postgres
            ? """CREATE TABLE "PhiBlobs" ("Id" uuid PRIMARY KEY, "Content" bytea NULL); SELECT 0"""
            : """CREATE TABLE "PhiBlobs" ("Id" TEXT PRIMARY KEY, "Content" BLOB NULL); SELECT 0""");
        var blobs = Enumerable.Range(0, 3).Select(_ => (Id: Guid.CreateVersion7(), Content: RandomNumberGenerator.GetBytes(5000))).ToList();
        var protector = first.Services.GetRequiredService<FieldProtector>();
        await first.WithDbAsync(async db =>
        {
            foreach (var (id, content) in blobs)
            {
                // As EF Core stores a Guid on each: uuid, or upper-case text.
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "PhiBlobs" ("Id", "Content") VALUES ({(postgres ? id : id.ToString().ToUpperInvariant())}, {protector.SealBytes(content, id, "Content")})""", Ct);
            }
            return await db.Database.ExecuteSqlAsync($"""INSERT INTO "PhiBlobs" ("Id", "Content") VALUES ({(postgres ? Guid.CreateVersion7() : Guid.CreateVersion7().ToString().ToUpperInvariant())}, NULL)""", Ct);
        });
        await using var second = await StartedAsync(new RotatedApp(first, "t2"));
        var column = new EncryptedColumn("PhiBlobs", null, "Id", "Content", "Content", EncryptedColumnKind.Blob);

        await using var scope = second.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PhiRotation>().RunAsync([column], RotationScope.NotUnderCurrentKey, 2, null, Ct);

        Assert.Equal(3, result.Resealed);
        var stored = await second.WithDbAsync(async db =>
        {
            var rows = new List<(Guid, byte[])>();
            await db.Database.OpenConnectionAsync(Ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """SELECT "Id", "Content" FROM "PhiBlobs" WHERE "Content" IS NOT NULL""";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) rows.Add((postgres ? reader.GetGuid(0) : Guid.Parse(reader.GetString(0)), (byte[])reader.GetValue(1)));
            return rows;
        });
        var reopened = second.Services.GetRequiredService<FieldProtector>();
        foreach (var (id, content) in blobs)
        {
            var blob = Assert.Single(stored, s => s.Item1 == id).Item2;
            Assert.True(blob.AsSpan().StartsWith(Encoding.ASCII.GetBytes(Key2)));
            Assert.Equal(content, reopened.OpenBytes(blob, id, "Content"));
        }
    }

    [Fact]
    public async Task Start_SealsReasonsStoredBeforeEncryption_WhichShowUnchangedBeforeAndAfter()
    {
        await using var first = await StartedAsync(NewApp());
        var booked = await first.BookReasonsAsync("Pain: knee", "Cough");
        await first.StoreReasonAsPlaintextAsync(booked[0].Id, "Pain: knee");
        Assert.Equal("Pain: knee", await first.ReasonShownAsync(booked[0].Patient, booked[0].Id));

        await using var restarted = new SecondInstanceApp(first);
        await restarted.InitializeAsync();
        var result = await restarted.Services.GetRequiredService<PlaintextSealing>().Completed;

        Assert.Equal(1, result?.Resealed);
        Assert.Equal(0, await restarted.CountAsync("""SELECT count(*) FROM "Appointments" WHERE substr("Reason", 1, 5) <> 'phi1:'"""));
        Assert.Equal(2, await restarted.ReasonsStartingWithAsync(Key1));
        foreach (var (patient, id, reason) in booked) Assert.Equal(reason, await restarted.ReasonShownAsync(patient, id));
    }

    [Fact]
    public async Task Registry_FindsTheReasonColumnByTheModelsNames()
    {
        await using var app = await StartedAsync(NewApp());
        await using var scope = app.Services.CreateAsyncScope();

        var column = Assert.Single(scope.ServiceProvider.GetRequiredService<PhiRotation>().Columns, c => c.Table == "Appointments");

        Assert.Equal(new EncryptedColumn("Appointments", null, "Id", "Reason", Appointment.ReasonColumn, EncryptedColumnKind.Text), column);
    }

    /// <summary>Reports at once, on the rotation's own thread: <see cref="Progress{T}"/> would post them later.</summary>
    private sealed class Inline(Action<RotationProgress> report) : IProgress<RotationProgress>
    {
        public void Report(RotationProgress value) => report(value);
    }
}
