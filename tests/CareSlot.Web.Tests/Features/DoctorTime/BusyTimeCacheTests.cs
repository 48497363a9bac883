using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CareSlot.Web.Tests.Features.DoctorTime;

public sealed class BusyTimeCacheTestsOnSqlite(SqliteApp app) : BusyTimeCacheTests(app), IClassFixture<SqliteApp>;

public sealed class BusyTimeCacheTestsOnPostgres(PostgresApp app) : BusyTimeCacheTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Slot lookups read a doctor's booked and held time from memory: every booking, hold, move, cancellation and listing
/// change must show in the very next lookup on the same instance. Each test looks first (filling the cache), changes,
/// and looks again.
/// </summary>
public abstract class BusyTimeCacheTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IReadOnlyList<string>> StartsAsync(HttpClient client, TestDoctor doctor)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct);
        return [.. (await response.ShouldBeOkJsonAsync<SlotsView>()).Slots.Select(s => s.Start)];
    }

    /// <summary>
    /// The same, and the doctor's busy time is in the cache afterwards. A notice of an earlier write (this test's own,
    /// or another class's on the same database) may reach the listener late and evict the entry the first lookup stored:
    /// then it looks again.
    /// </summary>
    private async Task<IReadOnlyList<string>> StartsCachedAsync(HttpClient client, TestDoctor doctor)
    {
        for (var attempt = 1; ; attempt++)
        {
            var starts = await StartsAsync(client, doctor);
            if (Cached(doctor)) return starts;
            Assert.True(attempt < 5, "The doctor's busy time was evicted after each of five lookups.");
        }
    }

    private bool Cached(TestDoctor doctor) => app.Services.GetRequiredService<DoctorCaches>().BusyTimes.Holds(doctor.DoctorId);

    private static Task<HttpResponseMessage> PostAsync<T>(ApiUser user, string path, T body) => user.Client.PostAsJsonAsync(path, body, Ct);

    [Fact]
    public async Task Hold_AfterALookup_HidesTheSlotFromOthersOnly_AndGivingItBackShowsItAgain()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 10, daysAhead: 2);
        Assert.Contains(start, await StartsCachedAsync(patients[1].Client, doctor));

        var held = await PostAsync(patients[0], "/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start));
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.DoesNotContain(start, await StartsAsync(patients[1].Client, doctor));
        Assert.Contains(start, await StartsAsync(patients[0].Client, doctor)); // the holder still sees it, to confirm it

        var hold = (await held.Content.ReadFromJsonAsync<HoldView>(Ct))!;
        (await patients[0].Client.DeleteAsync(new Uri($"/api/v1/appointments/holds/{hold.Id}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        Assert.Contains(start, await StartsAsync(patients[1].Client, doctor));
    }

    [Fact]
    public async Task Hold_LapsingAfterALookup_ShowsTheSlotAgainWithoutAnyWrite()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 11, daysAhead: 2);
        (await PostAsync(patients[0], "/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start))).EnsureSuccessStatusCode();
        Assert.DoesNotContain(start, await StartsCachedAsync(patients[1].Client, doctor));

        app.Clock.Advance(SlotHold.Lifetime.ToTimeSpan());

        Assert.Contains(start, await StartsAsync(patients[1].Client, doctor));
    }

    [Fact]
    public async Task Booking_AfterALookup_HidesTheSlot_AndCancellingShowsItAgain()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 12, daysAhead: 2);
        Assert.Contains(start, await StartsAsync(patients[1].Client, doctor));

        var booked = await patients[0].BookOkAsync(doctor, start);
        Assert.DoesNotContain(start, await StartsAsync(patients[1].Client, doctor));

        (await PostAsync(patients[0], $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest("Better"))).EnsureSuccessStatusCode();
        Assert.Contains(start, await StartsAsync(patients[1].Client, doctor));
    }

    [Fact]
    public async Task Reschedule_AfterALookup_FreesTheOldTimeAndTakesTheNew()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var first = app.LocalTimeTomorrow(doctor, 13, daysAhead: 2);
        var second = app.LocalTimeTomorrow(doctor, 15, daysAhead: 2);
        var booked = await patients[0].BookOkAsync(doctor, first);
        var before = await StartsAsync(patients[1].Client, doctor);
        Assert.DoesNotContain(first, before);
        Assert.Contains(second, before);

        (await PostAsync(patients[0], $"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(second, null))).EnsureSuccessStatusCode();

        var after = await StartsAsync(patients[1].Client, doctor);
        Assert.Contains(first, after);
        Assert.DoesNotContain(second, after);
    }

    [Fact]
    public async Task Unlisting_AfterALookup_AnswersNotFoundAtOnce()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        Assert.NotEmpty(await StartsAsync(app.CreateClient(), doctor));

        await app.WithDbAsync(async db =>
        {
            var row = await db.Doctors.SingleAsync(d => d.Id == doctor.DoctorId, Ct);
            row.ChangeLicence("LIC-CHANGED-" + Guid.NewGuid().ToString("N")); // an unchecked licence leaves the directory
            return await db.SaveChangesAsync(Ct);
        });

        var response = await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownDoctor_IsNotKept()
    {
        const int unknown = 987_654_321;
        var response = await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{unknown}/slots?appointmentTypeId=1", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(app.Services.GetRequiredService<DoctorCaches>().BusyTimes.Holds(unknown));
    }
}

/// <summary>The per-doctor cache itself: what it keeps, for how long, and what a load racing an eviction may not keep.</summary>
public sealed class DoctorEntryCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly DoctorEntryCache<string> cache;
    private int loads;

    public DoctorEntryCacheTests() => cache = new DoctorEntryCache<string>(time, Lifetime);

    private Task<string?> GetAsync(int doctorId, bool mayStore = true) =>
        cache.GetAsync(doctorId, mayStore, _ => Task.FromResult<string?>($"load {++loads}"), CancellationToken.None);

    [Fact]
    public async Task Get_KeepsTheEntryForMostOfItsLifetime_ThenLoadsAgain()
    {
        Assert.Equal("load 1", await GetAsync(7));
        time.Advance(Lifetime * 0.9 - TimeSpan.FromSeconds(1));
        Assert.Equal("load 1", await GetAsync(7));
        time.Advance(Lifetime * 0.1 + TimeSpan.FromSeconds(1));
        Assert.Equal("load 2", await GetAsync(7));
    }

    [Fact]
    public async Task Evict_DropsOnlyThatDoctor_Clear_DropsAll()
    {
        await GetAsync(1);
        await GetAsync(2);
        cache.Evict(1);
        Assert.False(cache.Holds(1));
        Assert.True(cache.Holds(2));
        cache.Clear();
        Assert.False(cache.Holds(2));
    }

    [Fact]
    public async Task Get_ByAUnitOfWorkThatChangedTheDoctor_LoadsAndDoesNotKeep()
    {
        Assert.Equal("load 1", await GetAsync(3, mayStore: false));
        Assert.False(cache.Holds(3));
    }

    [Fact]
    public async Task Get_NothingLoaded_IsNotKept()
    {
        Assert.Null(await cache.GetAsync(4, mayStore: true, _ => Task.FromResult<string?>(null), CancellationToken.None));
        Assert.False(cache.Holds(4));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_WhoseLoadOverlapsAnEvictionOrAClear_DoesNotKeepWhatItRead(bool clear)
    {
        var loading = new TaskCompletionSource<string?>();
        var get = cache.GetAsync(5, mayStore: true, _ => loading.Task, CancellationToken.None);

        if (clear) cache.Clear();
        else cache.Evict(5); // a write committed while the old rows were being read
        loading.SetResult("old rows");

        Assert.Equal("old rows", await get);
        Assert.False(cache.Holds(5));
    }
}
