using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Doctors;

public sealed class DirectoryAvailabilityTestsOnSqlite(SqliteApp app) : DirectoryAvailabilityTests(app), IClassFixture<SqliteApp>;

public sealed class DirectoryAvailabilityTestsOnPostgres(PostgresApp app) : DirectoryAvailabilityTests(app), IClassFixture<PostgresApp>;

/// <summary>Search by soonest availability, with each result's next free slot, kept fresh after bookings.</summary>
public abstract class DirectoryAvailabilityTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task RefreshAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetRequiredService<RefreshAvailability>();
        while (await refresh.RefreshStaleAsync(500, Ct) == 500)
        {
        }
    }

    private async Task<string> ClinicNameAsync(TestDoctor doctor) =>
        await app.WithDbAsync(db => db.Clinics.Where(c => c.Id == doctor.ClinicId).Select(c => c.Name).SingleAsync(Ct));

    private async Task<Page<DoctorSummary>> SearchAsync(string query) =>
        await (await app.CreateClient().GetAsync(new Uri("/api/v1/doctors?" + query, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();

    [Fact]
    public async Task SortByAvailability_SoonestFirst_EachWithItsNextSlot()
    {
        var later = await app.CreateBookableDoctorAsync(minimumNoticeMinutes: 3 * 24 * 60);
        var sooner = await app.CreateBookableDoctorAsync();
        await RefreshAsync();
        var tag = Guid.NewGuid().ToString("N");
        await app.WithDbAsync(db => db.Clinics.Where(c => c.Id == later.ClinicId || c.Id == sooner.ClinicId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Postcode, tag[..8].ToUpperInvariant()), Ct));

        var byAvailability = await SearchAsync($"city={tag[..8]}&sort=availability");

        Assert.Equal([sooner.DoctorId, later.DoctorId], byAvailability.Items.Select(d => d.Id));
        var soonerSlots = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{sooner.DoctorId}/slots?appointmentTypeId={sooner.TypeId}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<SlotsView>();
        Assert.Equal(soonerSlots.Slots[0].Start, byAvailability.Items[0].NextAvailable);
    }

    [Fact]
    public async Task Booking_TheNextSlot_MovesTheDoctorsNextAvailableOnRefresh()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await RefreshAsync();
        var name = await ClinicNameAsync(doctor);
        var before = (await SearchAsync($"q={Uri.EscapeDataString(name)}")).Items.Single().NextAvailable!;
        var patient = (await app.CreatePatientsAsync(1))[0];
        await patient.BookOkAsync(doctor, before);

        Assert.Null(await RefreshedAtAsync(doctor));
        await RefreshAsync();

        var after = (await SearchAsync($"q={Uri.EscapeDataString(name)}")).Items.Single().NextAvailable!;
        Assert.NotEqual(before, after);
        Assert.True(string.CompareOrdinal(after, before) > 0);
    }

    [Fact]
    public async Task Booking_RefusedForATakenSlot_LeavesTheNextSlotFresh_WhileAMoveMarksItStale()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var slots = await (await patients[0].Client.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<SlotsView>();
        // Days ahead, so that the patient may still move it.
        var start = slots.Slots.First(s => DateTimeOffset.Parse(s.Start, CultureInfo.InvariantCulture) > DateTimeOffset.Parse(slots.Slots[0].Start, CultureInfo.InvariantCulture).AddDays(2)).Start;
        var booked = await patients[0].BookOkAsync(doctor, start);
        await RefreshAsync();

        var refused = await patients[1].BookAsync(doctor, start);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.NotNull(await RefreshedAtAsync(doctor));

        var moved = await patients[0].Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/reschedule",
            new RescheduleRequest(slots.Slots[^1].Start, null), Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Null(await RefreshedAtAsync(doctor));
    }

    [Fact]
    public async Task Booking_WhileARefreshWorksOutTheNextSlot_LeavesTheRowStaleForTheNextPass()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await RefreshAsync();
        var name = await ClinicNameAsync(doctor);
        var next = (await SearchAsync($"q={Uri.EscapeDataString(name)}")).Items.Single().NextAvailable!;
        var patients = await app.CreatePatientsAsync(2);
        await patients[0].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 17, daysAhead: 3));
        await using var scope = app.Services.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetRequiredService<RefreshAvailability>();
        var recomputed = await refresh.RecomputeStaleAsync(500, Ct);
        Assert.Contains(recomputed, r => r.DoctorId == doctor.DoctorId);

        await patients[1].BookOkAsync(doctor, next);
        await refresh.SaveAsync(recomputed, Ct);

        Assert.Null(await RefreshedAtAsync(doctor));
        await RefreshAsync();
        var after = (await SearchAsync($"q={Uri.EscapeDataString(name)}")).Items.Single().NextAvailable!;
        Assert.True(string.CompareOrdinal(after, next) > 0, $"{after} should come after the booked {next}");
    }

    private Task<Instant?> RefreshedAtAsync(TestDoctor doctor) =>
        app.WithDbAsync(db => db.DoctorAvailability.Where(a => a.DoctorId == doctor.DoctorId).Select(a => a.RefreshedAt).SingleAsync(Ct));

    [Fact]
    public async Task VisitFilter_Video_FindsOnlyDoctorsOfferingVideo()
    {
        var inPerson = await app.CreateBookableDoctorAsync();
        var video = await app.CreateBookableDoctorAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(async db =>
        {
            db.AppointmentTypes.Add(new AppointmentType(video.DoctorId, "Video call", 15, 0, VisitMode.Video, true, true));
            await db.SaveChangesAsync(Ct);
            return await db.Clinics.Where(c => c.Id == inPerson.ClinicId || c.Id == video.ClinicId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Postcode, tag.ToUpperInvariant()), Ct);
        });

        Assert.Equal([video.DoctorId], (await SearchAsync($"city={tag}&visit=video")).Items.Select(d => d.Id));
        Assert.Equal(2, (await SearchAsync($"city={tag}&visit=in-person")).TotalCount);
    }

    [Fact]
    public async Task SortByDistance_NearestClinicFirst()
    {
        var berlin = await app.CreateBookableDoctorAsync();
        var london = await app.CreateBookableDoctorAsync("Europe/London");
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE "Clinics" SET "Latitude" = 51.5, "Longitude" = -0.12 WHERE "Id" = {london.ClinicId}""", Ct);
            return await db.Clinics.Where(c => c.Id == berlin.ClinicId || c.Id == london.ClinicId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Postcode, tag.ToUpperInvariant()), Ct);
        });

        Assert.Equal([london.DoctorId, berlin.DoctorId], (await SearchAsync($"city={tag}&sort=distance&lat=51.45&lon=-0.97")).Items.Select(d => d.Id));
        Assert.Equal([berlin.DoctorId, london.DoctorId], (await SearchAsync($"city={tag}&sort=distance&lat=52.4&lon=13.0")).Items.Select(d => d.Id));
    }

    [Theory]
    [InlineData("sort=soonest", "sort")]
    [InlineData("visit=phone", "visit")]
    [InlineData("sort=distance", "lat")]
    [InlineData("lat=95&lon=0", "lat")]
    [InlineData("lat=50", "lat")]
    public async Task BadSearchParameter_AnswersProblemNamingIt(string query, string field)
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/doctors?" + query, UriKind.Relative), Ct);

        Assert.Contains(field, (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }
}
