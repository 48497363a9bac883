using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.DoctorTime;

/// <summary>
/// Two instances on one PostgreSQL database: a change made through one (or straight in the database) reaches the
/// other's caches through the triggers' notices, so its next slot lookup is right without waiting for the lifetime.
/// </summary>
public sealed class DoctorTimeNotificationsTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IReadOnlyList<string>> StartsAsync(CareSlotApp instance, TestDoctor doctor)
    {
        var response = await instance.CreateClient().GetAsync(
            new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct);
        return [.. (await response.ShouldBeOkJsonAsync<SlotsView>()).Slots.Select(s => s.Start)];
    }

    private static async Task<SecondInstanceApp> ListeningSecondInstanceAsync(CareSlotApp first)
    {
        var second = new SecondInstanceApp(first);
        await second.InitializeAsync();
        second.Clock.SetUtcNow(first.Clock.GetUtcNow());
        await second.Services.GetRequiredService<DoctorTimeListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return second;
    }

    /// <summary>Notices arrive on their own connection a moment after the commit; this waits for the eviction, not for time.</summary>
    private static async Task EvictedAsync(Func<bool> cached)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (cached()) await Task.Delay(10, deadline.Token);
    }

    [Fact]
    public async Task Booking_OnOneInstance_ReachesTheOthersLookup()
    {
        await using var second = await ListeningSecondInstanceAsync(app);
        var caches = second.Services.GetRequiredService<DoctorCaches>();
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 10, daysAhead: 2);
        Assert.Contains(start, await StartsAsync(second, doctor));
        Assert.True(caches.BusyTimes.Holds(doctor.DoctorId));

        await patient.BookOkAsync(doctor, start);

        await EvictedAsync(() => caches.BusyTimes.Holds(doctor.DoctorId));
        Assert.DoesNotContain(start, await StartsAsync(second, doctor));
    }

    [Fact]
    public async Task Hold_OnOneInstance_HidesTheSlotFromOthersOnTheOther()
    {
        await using var second = await ListeningSecondInstanceAsync(app);
        var caches = second.Services.GetRequiredService<DoctorCaches>();
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 11, daysAhead: 2);
        Assert.Contains(start, await StartsAsync(second, doctor));

        (await patients[0].Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start), Ct))
            .EnsureSuccessStatusCode();

        await EvictedAsync(() => caches.BusyTimes.Holds(doctor.DoctorId));
        Assert.DoesNotContain(start, await StartsAsync(second, doctor));
    }

    [Fact]
    public async Task ScheduleEdit_OnOneInstance_ReachesTheOthersLookup()
    {
        await using var second = await ListeningSecondInstanceAsync(app);
        var caches = second.Services.GetRequiredService<DoctorCaches>();
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        var dayAfterTomorrow = app.LocalTimeTomorrow(doctor, 10, daysAhead: 2);
        Assert.Contains(dayAfterTomorrow, await StartsAsync(second, doctor));
        Assert.True(caches.Schedules.Holds(doctor.DoctorId));

        (await me.Client.PutAsJsonAsync("/api/v1/doctors/me/booking-rules", new BookingRulesRequest(0, 1), Ct)).EnsureSuccessStatusCode();

        await EvictedAsync(() => caches.Schedules.Holds(doctor.DoctorId));
        Assert.DoesNotContain(dayAfterTomorrow, await StartsAsync(second, doctor)); // beyond the new one-day horizon
    }

    [Fact]
    public async Task ClinicRetired_OnOneInstance_ClosesItsHoursOnTheOther()
    {
        await using var second = await ListeningSecondInstanceAsync(app);
        var caches = second.Services.GetRequiredService<DoctorCaches>();
        var doctor = await app.CreateBookableDoctorAsync();
        var admin = (await app.CreateApiUserAsync(Roles.Admin, multiFactor: true)).Client;
        Assert.NotEmpty(await StartsAsync(second, doctor));
        Assert.True(caches.Schedules.Holds(doctor.DoctorId));

        (await admin.PostAsync(new Uri($"/api/v1/admin/clinics/{doctor.ClinicId}/retire", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        await EvictedAsync(() => caches.Schedules.Holds(doctor.DoctorId));
        Assert.Empty(await StartsAsync(second, doctor));
    }

    [Fact]
    public async Task VisitHandedToAColleague_OnOneInstance_FreesTheFirstDoctorsTimeOnTheOther()
    {
        await using var second = await ListeningSecondInstanceAsync(app);
        var caches = second.Services.GetRequiredService<DoctorCaches>();
        var doctor = await app.CreateBookableDoctorAsync();
        var colleague = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 15, daysAhead: 2);
        var marker = await app.CreateBookableDoctorAsync();
        var booked = await patient.BookOkAsync(doctor, start);
        // Notices arrive in commit order: once a marker's, sent after the booking, has arrived, the booking's has too.
        Assert.NotEmpty(await StartsAsync(second, marker));
        var markerNotice = $"busy:{marker.DoctorId}";
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"SELECT pg_notify({DoctorTimeListener.Channel}, {markerNotice})", Ct));
        await EvictedAsync(() => caches.BusyTimes.Holds(marker.DoctorId));
        Assert.DoesNotContain(start, await StartsAsync(second, doctor));
        Assert.True(caches.BusyTimes.Holds(doctor.DoctorId));

        // What an administrator's move to a colleague does to the row (Admin/Schedule's ActOnBehalf), written straight.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Appointments" SET "DoctorId" = {colleague.DoctorId} WHERE "Id" = {booked.Id}""", Ct));

        await EvictedAsync(() => caches.BusyTimes.Holds(doctor.DoctorId));
        Assert.Contains(start, await StartsAsync(second, doctor));
    }

    [Fact]
    public async Task WriteStraightToTheDatabase_ReachesTheCache_ButARollbackDoesNot()
    {
        var caches = app.Services.GetRequiredService<DoctorCaches>();
        await app.Services.GetRequiredService<DoctorTimeListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var doctor = await app.CreateBookableDoctorAsync();
        var marker = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 14, daysAhead: 2);
        var booked = await patient.BookOkAsync(doctor, start);
        // The booking's own notice may still be on its way and would evict the entry filled below; notices arrive in
        // commit order, so once a marker sent after it has evicted the marker's entry, the booking's has arrived too.
        Assert.NotEmpty(await StartsAsync(app, marker));
        var markerNotice = $"busy:{marker.DoctorId}";
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"SELECT pg_notify({DoctorTimeListener.Channel}, {markerNotice})", Ct));
        await EvictedAsync(() => caches.BusyTimes.Holds(marker.DoctorId));
        Assert.DoesNotContain(start, await StartsAsync(app, doctor));
        Assert.NotEmpty(await StartsAsync(app, marker));

        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await db.Database.ExecuteSqlAsync($"""UPDATE "Appointments" SET "Status" = 'Cancelled' WHERE "Id" = {booked.Id}""", Ct);
            await transaction.RollbackAsync(Ct);
            return 0;
        });
        // Notices arrive in commit order: once a later commit's notice has evicted the marker, one for the rolled-back
        // write would already have evicted the doctor.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"SELECT pg_notify({DoctorTimeListener.Channel}, {markerNotice})", Ct));
        await EvictedAsync(() => caches.BusyTimes.Holds(marker.DoctorId));
        Assert.True(caches.BusyTimes.Holds(doctor.DoctorId));

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE "Appointments" SET "Status" = 'Cancelled' WHERE "Id" = {booked.Id}""", Ct));

        await EvictedAsync(() => caches.BusyTimes.Holds(doctor.DoctorId));
        Assert.Contains(start, await StartsAsync(app, doctor));
    }
}
