using System.Net;
using AngleSharp.Dom;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class AdminCalendarTestsOnSqlite(SqliteApp app) : AdminCalendarTests(app), IClassFixture<SqliteApp>;

public sealed class AdminCalendarTestsOnPostgres(PostgresApp app) : AdminCalendarTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The clinic and doctor calendars put each appointment on its clinic's local day, also on the night Berlin's clocks go
/// forward (28 March 2027), show cancelled visits as cancelled, keep other clinics' visits out, and never show a reason.
/// </summary>
public abstract class AdminCalendarTests(CareSlotApp app)
{
    private const string Reason = "Knee pain since the marathon";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two Berlin clinics with a doctor each, and visits around the change to summer time at the first.</summary>
    private async Task<(TestDoctor Doctor, TestDoctor Other, string Patient)> ArrangeAsync()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var other = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var patientName = $"Kim Calendar {Guid.NewGuid():N}"[..20];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
            await db.Users.Where(u => u.Id == patient.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.FullName, patientName), Ct);
            var now = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
            var zone = doctor.Zone;
            var types = await db.AppointmentTypes.Where(t => t.Id == doctor.TypeId || t.Id == other.TypeId).ToDictionaryAsync(t => t.Id, Ct);
            Appointment Visit(TestDoctor at, int day, int hour, int minute)
            {
                var type = types[at.TypeId];
                var start = new LocalDateTime(2027, 3, day, hour, minute).InZoneStrictly(zone).ToInstant();
                return Appointment.Book(at.DoctorId, at.ClinicId, type, patient.Id, start, Reason, autoConfirm: true, now);
            }
            var cancelled = Visit(doctor, 28, 11, 0);
            cancelled.ChangeStatus(AppointmentStatus.Cancelled, Actor.Patient, patient.Id, "Feeling better", now);
            db.Appointments.AddRange(
                Visit(doctor, 27, 23, 30), // CET: 22:30 UTC on the 27th
                Visit(doctor, 28, 9, 0), // CEST: 07:00 UTC
                cancelled,
                Visit(doctor, 29, 0, 30), // CEST: 22:30 UTC on the 28th, yet the 29th at the clinic
                Visit(other, 28, 10, 0));
            // The app refuses appointment events saved without their messages: they are queued as its own saves queue them.
            await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, Ct);
            await db.SaveChangesAsync(Ct);
        }
        return (doctor, other, patientName);
    }

    private static IReadOnlyList<string> Rows(IDocument page, string date) =>
        [.. page.QuerySelectorAll($"section[aria-labelledby='day-{date}'] tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim())))];

    [Fact]
    public async Task ClinicDay_OnTheNightTheClocksGoForward_ShowsThatLocalDaysVisitsOnly()
    {
        var (doctor, _, patient) = await ArrangeAsync();
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;

        var response = await admin.GetAsync(new Uri($"/admin/calendar/clinics/{doctor.ClinicId}?view=day&date=2027-03-28", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        var rows = Rows(page, "2027-03-28");
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("09:00–09:30 CEST | Dr. Test Doctor", rows[0], StringComparison.Ordinal);
        Assert.EndsWith($"| {patient} | Consultation | Confirmed", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("11:00–11:30 CEST", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("| Cancelled", rows[1], StringComparison.Ordinal);
        Assert.Equal("calendar-cancelled", page.QuerySelectorAll("tbody tr")[1].ClassName);
        Assert.DoesNotContain(Reason, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href$='?view=day&date=2027-03-27']"));
        Assert.NotNull(page.QuerySelector("a[href$='?view=day&date=2027-03-29']"));
    }

    [Fact]
    public async Task ClinicWeek_PutsEachVisitOnItsLocalDay_AndLeavesOtherClinicsOut()
    {
        var (doctor, other, _) = await ArrangeAsync();
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;

        var page = await (await admin.GetAsync(new Uri($"/admin/calendar/clinics/{doctor.ClinicId}?view=week&date=2027-03-24", UriKind.Relative), Ct))
            .ReadHtmlAsync();

        Assert.Equal(7, page.QuerySelectorAll("section.calendar-day").Length);
        Assert.StartsWith("23:30–00:00 CET", Assert.Single(Rows(page, "2027-03-27")), StringComparison.Ordinal);
        Assert.Equal(2, Rows(page, "2027-03-28").Count);
        Assert.Equal(3, page.QuerySelectorAll("tbody tr").Length);
        Assert.Null(page.QuerySelector($"a[href^='/admin/calendar/doctors/{other.DoctorId}?']"));
        Assert.NotNull(page.QuerySelector($"a[href='/admin/calendar/clinics/{doctor.ClinicId}?view=week&date=2027-03-31']"));
    }

    [Fact]
    public async Task DoctorDay_AfterMidnightInSummerTime_ShowsTheVisitWithItsClinicAndTheDoctorsHours()
    {
        var (doctor, _, patient) = await ArrangeAsync();
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;

        var page = await (await admin.GetAsync(new Uri($"/admin/calendar/doctors/{doctor.DoctorId}?view=day&date=2027-03-29", UriKind.Relative), Ct))
            .ReadHtmlAsync();

        var row = Assert.Single(Rows(page, "2027-03-29"));
        Assert.StartsWith("00:30–01:00 CEST | Test Clinic", row, StringComparison.Ordinal);
        Assert.Contains(patient, row, StringComparison.Ordinal);
        Assert.Contains("Working hours: 08:00–18:00", page.QuerySelector("section.calendar-day p")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("view=month&date=2027-02-30", new[] { "date", "view" })]
    [InlineData("date=1800-01-01", new[] { "date" })]
    [InlineData("view=Week", new[] { "view" })]
    public async Task BadViewOrDate_400WithTheMessageNextToTheField(string query, string[] fields)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;

        var response = await admin.GetAsync(new Uri($"/admin/calendar/clinics/{doctor.ClinicId}?{query}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal(fields, page.QuerySelectorAll(".field-error").Select(e => e.Id!.Replace("-error", "", StringComparison.Ordinal)).ToArray());
        Assert.Empty(page.QuerySelectorAll("section.calendar-day"));
    }

    [Fact]
    public async Task UnknownClinicOrDoctor_404()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/admin/calendar/clinics/987654", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/admin/calendar/doctors/987654", UriKind.Relative), Ct)).StatusCode);
    }
}
