using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CareSlot.Web.Tests.Platform.Data;

/// <summary>The app on a real primary and streaming standby (<see cref="StreamingReplica"/>), with a multi-host connection string.</summary>
public sealed class ReplicaApp : CareSlotApp
{
    public StreamingReplica Replica { get; } = new();

    /// <summary>Long enough that a slow test is still inside it; the tests move the app's clock past it.</summary>
    public const int ReadYourWritesSeconds = 60;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        await Replica.StartAsync();
        return new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = Replica.AppConnectionString,
            ["Database:ReadYourWritesSeconds"] = ReadYourWritesSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Backup:PostgresBinDirectory"] = ServerTools.PostgresBinDirectory;
            return settings;
        }
    }

    protected override void CleanUp()
    {
        NpgsqlConnection.ClearAllPools();
        Replica.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// Directory and slot reads go to the standby; whatever decides a booking, and whoever just wrote, reads the primary; a
/// stopped standby costs nothing but its share of the reads.
/// </summary>
public sealed class ReplicaReadsTests(ReplicaApp app) : IClassFixture<ReplicaApp>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every test starts with the standby running, replaying, caught up, and known to Npgsql as up.</summary>
    public async ValueTask InitializeAsync()
    {
        if (!app.Replica.StandbyRunning) await app.Replica.StartStandbyAsync();
        await app.Replica.ResumeReplayAsync();
        app.Services.GetRequiredService<NpgsqlMultiHostDataSource>().ClearDatabaseStates();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AnonymousDirectoryReads_RunOnTheStandby()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await app.Replica.WaitForReplayAsync();
        var anonymous = app.CreateClient();

        (await anonymous.GetAsync(new Uri(await SearchFor(doctor), UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        (await anonymous.GetAsync(new Uri($"/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();

        Assert.True(await app.Replica.AppSessionsOnStandbyAsync() > 0, "The app has no session on the standby after directory reads.");
        Assert.Equal("Healthy", await StandbyReadinessAsync(anonymous));
    }

    [Fact]
    public async Task ReplayPaused_AnonymousDirectoryShowsTheStandbysState_WhileThePrimaryHasTheNew()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await app.Replica.WaitForReplayAsync();
        await app.Replica.PauseReplayAsync();

        await SetBioOnPrimaryAsync(doctor, "Changed on the primary");
        var anonymous = app.CreateClient();
        var bio = await BioAsync(anonymous, doctor);
        await UnlistOnPrimaryAsync(doctor);
        var searchPath = await SearchFor(doctor);
        var search = await anonymous.GetFromJsonAsync<Page<DoctorSummary>>(searchPath, Ct);

        Assert.Equal("", bio);
        Assert.Contains(search!.Items, d => d.Id == doctor.DoctorId);
        Assert.Equal("Degraded", await StandbyReadinessAsync(anonymous));
        Assert.Equal("Changed on the primary", await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == doctor.DoctorId).Select(d => d.Bio).SingleAsync(Ct)));

        await app.Replica.ResumeReplayAsync();
        var caughtUp = await anonymous.GetFromJsonAsync<Page<DoctorSummary>>(searchPath, Ct);
        Assert.DoesNotContain(caughtUp!.Items, d => d.Id == doctor.DoctorId);
    }

    [Fact]
    public async Task ReplayPaused_APatientWhoBooks_ReadsTheirOwnWritesFromThePrimary()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.Replica.WaitForReplayAsync();
        await app.Replica.PauseReplayAsync();
        await SetBioOnPrimaryAsync(doctor, "Changed on the primary");
        var start = app.LocalTimeTomorrow(doctor, 10);

        var booked = await patient.BookOkAsync(doctor, start);

        var mine = await patient.Client.GetFromJsonAsync<List<AppointmentView>>("/api/v1/appointments", Ct);
        Assert.Contains(mine!, a => a.Id == booked.Id);
        var slots = await patient.Client.GetFromJsonAsync<SlotsView>($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", Ct);
        Assert.DoesNotContain(slots!.Slots, s => s.Start == start);
        // The directory, which an anonymous reader gets from the paused standby, comes from the primary for the writer.
        Assert.Equal("Changed on the primary", await BioAsync(patient.Client, doctor));
        Assert.Equal("", await BioAsync(app.CreateClient(), doctor));

        // The cookie alone is enough, as on another instance, which has no memory of this account's writes.
        using var cookieless = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        cookieless.DefaultRequestHeaders.Authorization = patient.Client.DefaultRequestHeaders.Authorization;
        var second = await cookieless.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 11), "Check-up"), Ct);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var cookie = second.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ReadYourWrites.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
        using var anonymousWithCookie = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        anonymousWithCookie.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal("Changed on the primary", await BioAsync(anonymousWithCookie, doctor));
        // And a client that keeps no cookies is known to this instance by its account.
        Assert.Equal("Changed on the primary", await BioAsync(cookieless, doctor));

        // Once the window has passed, the writer reads the standby like everyone else.
        app.Clock.Advance(TimeSpan.FromSeconds(ReplicaApp.ReadYourWritesSeconds + 1));
        Assert.Equal("", await BioAsync(patient.Client, doctor));
        Assert.Equal("", await BioAsync(anonymousWithCookie, doctor));
        Assert.Equal("", await BioAsync(cookieless, doctor));
    }

    [Fact]
    public async Task ReplayPaused_TwoInstancesBookOneSlot_ExactlyOneIsBooked()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        var first = (await app.CreatePatientsAsync(1))[0];
        var other = (await second.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 9);
        await app.Replica.WaitForReplayAsync();
        await app.Replica.PauseReplayAsync();

        var responses = await Task.WhenAll(first.BookAsync(doctor, start), other.BookAsync(doctor, start));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        // A booking of the same time after the standby's last state is refused too: the primary decides.
        var late = await other.BookAsync(doctor, start);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.DoctorId == doctor.DoctorId, Ct)));
        Assert.Equal(0L, await app.Replica.ScalarOnStandbyAsync<long>($"""SELECT count(*) FROM "Appointments" WHERE "DoctorId" = {doctor.DoctorId}"""));
    }

    [Fact]
    public async Task StandbyStopped_DirectoryAndSlotsAnswerFromThePrimary()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await app.Replica.WaitForReplayAsync();
        var anonymous = app.CreateClient();
        // Pooled sessions on the standby first, so its going away ends sessions the app holds.
        (await anonymous.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        Assert.True(await app.Replica.AppSessionsOnStandbyAsync() > 0);

        await app.Replica.StopStandbyAsync();
        var created = await app.CreateBookableDoctorAsync();

        var searchPath = await SearchFor(created);
        foreach (var path in new[]
        {
            searchPath, $"/api/v1/doctors/{created.DoctorId}", $"/doctors/{created.DoctorId}", "/doctors",
            $"/api/v1/doctors/{created.DoctorId}/slots?appointmentTypeId={created.TypeId}", "/api/v1/specialties",
        })
        {
            var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} with the standby stopped");
        }
        Assert.Equal("Degraded", await StandbyReadinessAsync(anonymous));
        // What only the primary has was read: the doctor created after the standby stopped.
        var search = await anonymous.GetFromJsonAsync<Page<DoctorSummary>>(searchPath, Ct);
        Assert.Contains(search!.Items, d => d.Id == created.DoctorId);
    }

    [Fact]
    public async Task Backup_WithBothHosts_DumpsThroughLibpqsHostList()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"careslot-replica-backup-{Guid.NewGuid():N}")).FullName;
        try
        {
            using var output = new StringWriter();
            var exit = await BackupCommand.BackUpAsync(app.Services, [BackupCommand.BackupVerb, "--to", folder], output, Ct);

            Assert.True(exit == 0, output.ToString());
            Assert.Single(Directory.GetFiles(folder, "*" + BackupFile.Extension));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ReadReplicaDb_RefusesToSave()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var standby = scope.ServiceProvider.GetRequiredService<ReadReplicaDb>();
        standby.Specialties.Add(new Specialty("never-saved", "Never saved"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => standby.SaveChangesAsync(Ct));
    }

    [Fact]
    public void Topology_OneHost_IsTheConnectionStringAsGiven_SeveralHosts_AskForThePrimary()
    {
        const string single = "Host=127.0.0.1;Port=5433;Database=careslot;Username=careslot";
        Assert.Equal(new PostgresTopology(single, HasStandby: false), PostgresTopology.From(single));

        var several = PostgresTopology.From("Host=127.0.0.1:5433,[::1]:5434,db3;Database=careslot;Username=careslot");
        Assert.True(several.HasStandby);
        Assert.Equal("primary", new NpgsqlConnectionStringBuilder(several.PrimaryConnectionString).TargetSessionAttributes);
        Assert.Equal([("127.0.0.1", 5433), ("::1", 5434), ("db3", null)], PostgresTopology.Hosts("127.0.0.1:5433, [::1]:5434,db3"));
        Assert.Equal([("::1", (int?)null)], PostgresTopology.Hosts("::1"));
    }

    /// <summary>The standby's entry in /health/ready, which answers 200 either way.</summary>
    private static async Task<string> StandbyReadinessAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<ReadinessReport>(Ct);
        return report!.Checks.Single(c => c.Name == "standby").Status;
    }

    private static async Task<string> BioAsync(HttpClient client, TestDoctor doctor) =>
        (await client.GetFromJsonAsync<DoctorProfile>($"/api/v1/doctors/{doctor.DoctorId}", Ct))!.Bio;

    /// <summary>A search that finds the doctor (their family name is unique to the test run), a page large enough to hold them.</summary>
    private async Task<string> SearchFor(TestDoctor doctor) =>
        $"/api/v1/doctors?pageSize=100&q={await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == doctor.DoctorId).Select(d => d.FamilyName).SingleAsync(Ct))}";

    private Task<int> SetBioOnPrimaryAsync(TestDoctor doctor, string bio) => app.WithDbAsync(db =>
        db.Doctors.Where(d => d.Id == doctor.DoctorId).ExecuteUpdateAsync(s => s.SetProperty(d => d.Bio, bio), Ct));

    private Task<int> UnlistOnPrimaryAsync(TestDoctor doctor) => app.WithDbAsync(db =>
        db.Doctors.Where(d => d.Id == doctor.DoctorId).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsListed, false), Ct));

}

public sealed class SingleDatabaseReadsTestsOnSqlite(SqliteApp app) : SingleDatabaseReadsTests(app), IClassFixture<SqliteApp>;

public sealed class SingleDatabaseReadsTestsOnPostgres(PostgresApp app) : SingleDatabaseReadsTests(app), IClassFixture<PostgresApp>;

/// <summary>One database (SQLite, or PostgreSQL with one host): no standby machinery at all, reads and writes as before.</summary>
public abstract class SingleDatabaseReadsTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneDatabase_HasNoStandbyContext_NoFreshCookie_NoStandbyCheck()
    {
        Assert.Null(app.Services.GetService<ReadReplicaDb>());
        Assert.Null(app.Services.GetService<NpgsqlMultiHostDataSource>());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var reads = scope.ServiceProvider.GetRequiredService<StandbyReads>();
            Assert.False(reads.MayUseStandby);
            Assert.Same(scope.ServiceProvider.GetRequiredService<CareSlotDb>(), reads.Db);
        }

        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        using var cookieless = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        cookieless.DefaultRequestHeaders.Authorization = patient.Client.DefaultRequestHeaders.Authorization;
        var booked = await cookieless.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 10), "Check-up"), Ct);

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.DoesNotContain(booked.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith(ReadYourWrites.CookieName + "=", StringComparison.Ordinal));
        var report = await app.CreateClient().GetFromJsonAsync<ReadinessReport>("/health/ready", Ct);
        Assert.DoesNotContain(report!.Checks, c => c.Name == "standby");
    }
}
