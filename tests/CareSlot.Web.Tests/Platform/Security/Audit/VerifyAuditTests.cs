using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Platform.Security.Audit;

public sealed class VerifyAuditTestsOnSqlite(SqliteApp app) : VerifyAuditTests(app), IClassFixture<SqliteApp>;

public sealed class VerifyAuditTestsOnPostgres(PostgresApp app) : VerifyAuditTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// `verify-audit` on a chain someone with database access tampered with. Each test puts the row back as it was, so the
/// class's one database stays a sound chain for the next.
/// </summary>
public abstract class VerifyAuditTests(CareSlotApp app)
{
    /// <summary>Three fresh rows, one after the other in lane 1 (nothing else appends).</summary>
    private async Task<AuditEntry[]> ThreeRowsAsync()
    {
        var before = await app.AuditHeadAsync();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, Guid.NewGuid(), $"history {i}", Guid.NewGuid(), "Doctor"));
        }
        var rows = (await app.AuditRowsAfterAsync(before)).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.All(rows, r => Assert.Equal(rows[0].Lane, r.Lane));
        return rows;
    }

    private static string Named(AuditEntry row) => AuditVerifier.Name(row.Lane, row.Sequence);

    private Task<int> DeleteAsync(AuditEntry row) => app.ExecuteAsync($"""DELETE FROM "AuditTrail" WHERE "Id" = {row.Id}""");

    private Task<int> SetHeadAsync(int lane, long sequence, string hash) =>
        app.ExecuteAsync($"""UPDATE "AuditChainHead" SET "Sequence" = {sequence}, "Hash" = {hash} WHERE "Id" = {lane}""");

    private async Task AssertSoundAsync(params string[] args)
    {
        var (exitCode, output) = await app.VerifyAuditAsync(args);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Verify_UntouchedChain_SaysOkWithTheRowsCheckedAndTheHeads()
    {
        var rows = await ThreeRowsAsync();
        var total = await app.WithDbAsync(db => db.AuditTrail.LongCountAsync(TestContext.Current.CancellationToken));

        var (exitCode, output) = await app.VerifyAuditAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Audit trail OK: {total} rows checked.", output, StringComparison.Ordinal);
        Assert.Contains($"{rows[2].Lane}:{rows[2].Sequence}:{rows[2].Hash}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Record")]
    [InlineData("ActorId")]
    [InlineData("Outcome")]
    [InlineData("At")]
    public async Task Verify_OneFieldOfARowUpdated_FailsNamingThatRow(string field)
    {
        var rows = await ThreeRowsAsync();
        var victim = rows[1];
        var shownAt = field == "At" ? victim.At + Duration.FromHours(1) : victim.At;
        try
        {
            switch (field)
            {
                case "Record": await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "Record" = 'history 99' WHERE "Id" = {victim.Id}"""); break;
                case "ActorId": await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "ActorId" = NULL WHERE "Id" = {victim.Id}"""); break;
                case "Outcome": await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "Outcome" = 'Refused' WHERE "Id" = {victim.Id}"""); break;
                default: await DeleteAsync(victim); await app.RestoreAuditRowAsync(KeepingHash(WithAt(victim, shownAt), victim.Hash)); break;
            }

            var (exitCode, output) = await app.VerifyAuditAsync();

            Assert.Equal(1, exitCode);
            Assert.Contains($"BROKEN at {Named(victim)} ({AuditVerifier.Format(shownAt)}): its fields do not give its hash: the row was altered.", output, StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(victim);
            await app.RestoreAuditRowAsync(victim);
        }
        await AssertSoundAsync();
    }

    [Fact]
    public async Task Verify_MiddleRowDeleted_FailsNamingTheRowAfterTheGap()
    {
        var rows = await ThreeRowsAsync();
        try
        {
            await DeleteAsync(rows[1]);

            var (exitCode, output) = await app.VerifyAuditAsync();

            Assert.Equal(1, exitCode);
            Assert.Contains($"BROKEN at {Named(rows[2])} ({AuditVerifier.Format(rows[2].At)}): row {rows[1].Sequence} before it is missing (deleted).", output, StringComparison.Ordinal);
        }
        finally
        {
            await app.RestoreAuditRowAsync(rows[1]);
        }
        await AssertSoundAsync();
    }

    [Fact]
    public async Task Verify_MiddleRowDeletedAndTheRestRenumbered_FailsNamingTheFirstRenumberedRow()
    {
        var rows = await ThreeRowsAsync();
        try
        {
            await DeleteAsync(rows[1]);
            await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "Sequence" = {rows[1].Sequence} WHERE "Id" = {rows[2].Id}""");
            await SetHeadAsync(rows[2].Lane, rows[1].Sequence, rows[2].Hash);

            var (exitCode, output) = await app.VerifyAuditAsync();

            Assert.Equal(1, exitCode);
            Assert.Contains($"BROKEN at {Named(rows[1])} ", output, StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(rows[2]);
            await SetHeadAsync(rows[2].Lane, rows[2].Sequence, rows[2].Hash);
            await app.RestoreAuditRowAsync(rows[1]);
            await app.RestoreAuditRowAsync(rows[2]);
        }
        await AssertSoundAsync();
    }

    [Fact]
    public async Task Verify_LastRowDeleted_FailsThroughTheChainHead()
    {
        var rows = await ThreeRowsAsync();
        var last = rows[2];
        try
        {
            await DeleteAsync(last);

            var (exitCode, output) = await app.VerifyAuditAsync();

            Assert.Equal(1, exitCode);
            Assert.Contains($"BROKEN at {Named(last)}: rows {last.Sequence} to {last.Sequence} of lane {last.Lane} are missing from the end", output, StringComparison.Ordinal);
        }
        finally
        {
            await app.RestoreAuditRowAsync(last);
        }
        await AssertSoundAsync();
    }

    [Fact]
    public async Task Verify_RowAlteredAndItsHashRecomputed_FailsNamingTheRowAfterIt()
    {
        var rows = await ThreeRowsAsync();
        var forged = WithRecord(rows[1], "history forged");
        try
        {
            await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "Record" = {forged.Record}, "Hash" = {forged.Hash} WHERE "Id" = {rows[1].Id}""");

            var (exitCode, output) = await app.VerifyAuditAsync();

            Assert.Equal(1, exitCode);
            Assert.Contains($"BROKEN at {Named(rows[2])} ", output, StringComparison.Ordinal);
            Assert.Contains($"its previous hash is not the hash of row {rows[1].Sequence}", output, StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(rows[1]);
            await app.RestoreAuditRowAsync(rows[1]);
        }
        await AssertSoundAsync();
    }

    [Fact]
    public async Task Verify_WithTheHeadsNotedEarlierAsAnchor_CatchesARewriteOfTheLaneUpToThem()
    {
        var rows = await ThreeRowsAsync();
        var last = rows[2];
        var (_, noted) = await app.VerifyAuditAsync();
        var anchor = noted.Split('\n').Single(l => l.StartsWith("Chain heads: ", StringComparison.Ordinal))["Chain heads: ".Length..].Trim();
        var forged = WithRecord(last, "history forged");
        try
        {
            // The last row rewritten with its hash, and its head: the lane holds together again.
            await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "Record" = {forged.Record}, "Hash" = {forged.Hash} WHERE "Id" = {last.Id}""");
            await SetHeadAsync(last.Lane, last.Sequence, forged.Hash);
            await AssertSoundAsync();

            var (exitCode, output) = await app.VerifyAuditAsync("--anchor", anchor);

            Assert.Equal(1, exitCode);
            Assert.Contains($"BROKEN at {Named(last)} ", output, StringComparison.Ordinal);
            Assert.Contains("not the one noted in the anchor", output, StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(last);
            await SetHeadAsync(last.Lane, last.Sequence, last.Hash);
            await app.RestoreAuditRowAsync(last);
        }
        await AssertSoundAsync("--anchor", anchor);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("1:x:abc")]
    [InlineData("25:1:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public async Task Verify_MalformedAnchor_ExplainsUsage(string anchor)
    {
        var (exitCode, output) = await app.VerifyAuditAsync("--anchor", anchor);

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage: verify-audit [--anchor LANE:SEQUENCE:HASH,…]", output, StringComparison.Ordinal);
    }

    private static AuditEntry WithRecord(AuditEntry row, string record) =>
        Copy(row, row.At, record);

    private static AuditEntry WithAt(AuditEntry row, Instant at) => Copy(row, at, row.Record);

    /// <summary>The row with a hash that is not its own: a field changed behind the hash's back.</summary>
    private static AuditEntry KeepingHash(AuditEntry row, string hash)
    {
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.Hash))!.SetValue(row, hash);
        return row;
    }

    /// <summary>A row as a forger would write it: the changed field, and (through the constructor) the hash recomputed; the same id.</summary>
    private static AuditEntry Copy(AuditEntry row, Instant at, string? record)
    {
        var copy = (AuditEntry)Activator.CreateInstance(typeof(AuditEntry), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null,
            [row.Lane, row.Sequence, at, row.ActorId, row.ActorRole, row.PatientId, record, row.Action, row.Outcome, row.ClientAddress, row.CorrelationId, row.PreviousHash], null)!;
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.Id))!.SetValue(copy, row.Id);
        return copy;
    }
}
