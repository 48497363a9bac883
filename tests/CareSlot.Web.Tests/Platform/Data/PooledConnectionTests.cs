using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CareSlot.Web.Tests.Platform.Data;

/// <summary>
/// Issue 14, defect 9: once, after a string of NUL failures (22021), a sign-in failed with Npgsql's "Received unexpected
/// backend message DataRow". The app's connections skip the reset on return to the pool and prepare statements
/// automatically, so a command that failed half-way could, in principle, hand the next request a connection whose
/// replies are out of step. This drives many failures through the app's own pool between prepared queries whose
/// answers are known, and checks every answer.
/// </summary>
public sealed class PooledConnectionTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailedCommandsWithNul_LeaveNoPooledConnectionOutOfStep()
    {
        var (specialties, firstSlug) = await app.WithDbAsync(async db =>
            (await db.Specialties.CountAsync(Ct), await db.Specialties.OrderBy(s => s.Id).Select(s => s.Slug).FirstAsync(Ct)));
        var failures = 0;

        // Several rounds side by side, so failed and good commands share the pool's few connections in every order.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var round = 0; round < 50; round++)
            {
                var hostile = $"x{round}\0y";
                try
                {
                    // Prepared after a few uses, like the sign-in's lookup by e-mail.
                    await app.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == hostile, Ct));
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CharacterNotInRepertoire)
                {
                    Interlocked.Increment(ref failures);
                }
                var (count, slug) = await app.WithDbAsync(async db =>
                    (await db.Specialties.CountAsync(Ct), await db.Specialties.Where(s => s.Slug == firstSlug).Select(s => s.Slug).SingleAsync(Ct)));
                Assert.Equal(specialties, count);
                Assert.Equal(firstSlug, slug);
            }
        }, Ct)));

        Assert.Equal(200, failures);
    }
}
