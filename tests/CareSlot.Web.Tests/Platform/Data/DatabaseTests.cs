using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Data;

public sealed class DatabaseTestsOnSqlite(SqliteApp app) : DatabaseTests(app), IClassFixture<SqliteApp>;

public sealed class DatabaseTestsOnPostgres(PostgresApp app) : DatabaseTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The trigram indexes written by hand in PostgreSQL's Initial (ADR 0006): a search for part of a name or an address
/// (LIKE '%…%', escaped as the app writes it) can only seek through them.
/// </summary>
public sealed class TrigramIndexTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Theory]
    [InlineData("""SELECT "Id" FROM "Doctors" WHERE "SearchKey" LIKE '%eyer%' ESCAPE '\'""", "IX_Doctors_SearchKey_Trigram")]
    [InlineData("""SELECT "Id" FROM "AspNetUsers" WHERE "FullName" ILIKE '%eyer%' ESCAPE '\'""", "IX_AspNetUsers_FullName_Trigram")]
    [InlineData("""SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" LIKE '%EYER@%'""", "IX_AspNetUsers_NormalizedEmail_Trigram")]
    public async Task SearchForPartOfAText_CanUseItsTrigramIndex(string query, string index)
    {
        var plan = await app.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The demo data is small enough that a scan would win; the question is whether the index can serve the query at all.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off", ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = "EXPLAIN " + query;
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) lines.Add(reader.GetString(0));
            return string.Join('\n', lines);
        });

        Assert.Contains(index, plan, StringComparison.Ordinal);
    }
}

public abstract class DatabaseTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_MatchTheModelAndAreAllApplied()
    {
        await app.WithDbAsync(async db =>
        {
            Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration for " + app.Provider);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            return 0;
        });
    }

    [Fact]
    public async Task ProviderSetting_ChoosesTheDatabase()
    {
        var providerName = await app.WithDbAsync(db => Task.FromResult(db.Database.ProviderName));

        Assert.Equal(app.Provider == DatabaseProvider.Sqlite ? "Microsoft.EntityFrameworkCore.Sqlite" : "Npgsql.EntityFrameworkCore.PostgreSQL", providerName);
    }

    [Fact]
    public async Task DemoSeed_HasTheDirectoryTheIssueAsksFor()
    {
        var clinics = await app.WithDbAsync(db => db.Clinics.ToListAsync(Ct));

        Assert.True(clinics.Count >= 4);
        Assert.True(clinics.Select(c => c.City).Distinct().Count() >= 3);
        Assert.True(clinics.Select(c => c.TimeZoneId).Distinct().Count() >= 2);
        Assert.All(clinics, c => Assert.NotNull(NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(c.TimeZoneId)));
        Assert.Equal(10, await app.WithDbAsync(db => db.Specialties.CountAsync(Ct)));
        Assert.Equal(DirectoryDemoData.DoctorCount, await app.WithDbAsync(db => db.Doctors.CountAsync(d => d.IsListed && d.Bio.Contains("fictional"), Ct)));
    }

    [Fact]
    public async Task DemoSeed_RunTwice_ChangesNothing()
    {
        var before = await CountsAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().ApplyAsync(Ct);
        }

        Assert.Equal(before, await CountsAsync());
    }

    private Task<(int, int, int)> CountsAsync() => app.WithDbAsync(async db =>
        (await db.Specialties.CountAsync(Ct), await db.Clinics.CountAsync(Ct), await db.Doctors.CountAsync(Ct)));
}
