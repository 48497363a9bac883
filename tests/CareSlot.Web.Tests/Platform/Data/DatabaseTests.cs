using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Data;

public sealed class DatabaseTestsOnSqlite(SqliteApp app) : DatabaseTests(app), IClassFixture<SqliteApp>;

public sealed class DatabaseTestsOnPostgres(PostgresApp app) : DatabaseTests(app), IClassFixture<PostgresApp>;

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
