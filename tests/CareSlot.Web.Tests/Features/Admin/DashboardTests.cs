using System.Globalization;
using System.Net;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Dashboard;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class DashboardTestsOnSqlite(SqliteApp app) : DashboardTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardTestsOnPostgres(PostgresApp app) : DashboardTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The dashboard's figures against data seeded on known days: two clinics in New York and one in Berlin (so the days are
/// New York's, and the page says the clinics differ), the night of 1 November 2026 when New York's clocks go back (a
/// 25-hour day), weekly hours with a break, time off and extra hours. Daily counts are compared before and after the seed,
/// so whatever else the class's database holds does not matter.
/// </summary>
public abstract class DashboardTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static Instant InNewYork(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(NewYork).ToInstant();

    /// <summary>After the clocks went back: 23:30 on 1 November is EST (04:30 UTC on the 2nd).</summary>
    private static Instant LateOnTheLongDay => Instant.FromUtc(2026, 11, 2, 4, 30);

    private async Task<DashboardFigures> FiguresAsync(HttpClient admin)
    {
        // Past the figures' half minute in the cache.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        return await (await admin.GetAsync(new Uri("/api/v1/admin/dashboard", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DashboardFigures>();
    }

    private sealed record Seeded(TestDoctor A, TestDoctor B, TestDoctor C, int SpecialtyId, string SpecialtyName);

    [Fact]
    public async Task Figures_SeededAcrossKnownDays_AreRightOnTheApiAndThePage()
    {
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        var doctors = await ArrangeDoctorsAsync();
        var before = await FiguresAsync(admin.Client);

        await SeedActivityAsync(doctors);
        var after = await FiguresAsync(admin.Client);

        Assert.Equal("America/New_York", after.Zone);
        Assert.False(after.ZoneIsEveryClinics);
        Assert.Equal("2026-10-26", after.From);
        Assert.Equal("2026-11-24", after.To);
        Assert.Equal(30, after.Days.Count);
        var expected = new Dictionary<string, DailyActivity>
        {
            // Both bookings of the 25-hour day, the second made at 23:30 EST.
            ["2026-11-01"] = new("2026-11-01", Booked: 2, 0, 0, 0, 0, 0),
            ["2026-11-02"] = new("2026-11-02", Booked: 1, 0, 0, 0, 0, 0),
            ["2026-11-03"] = new("2026-11-03", 0, 0, 0, NoShows: 1, 0, 0),
            ["2026-11-05"] = new("2026-11-05", 0, Cancelled: 1, 0, 0, 0, 0),
            ["2026-11-06"] = new("2026-11-06", 0, 0, Rescheduled: 1, 0, 0, 0),
            ["2026-11-07"] = new("2026-11-07", 0, 0, 0, 0, MessagesSent: 2, 0),
            ["2026-11-08"] = new("2026-11-08", 0, 0, 0, 0, 0, MessagesFailed: 1),
            // Booked at the Berlin clinic at 03:00 UTC on the 10th: still the 9th in New York.
            ["2026-11-09"] = new("2026-11-09", Booked: 1, 0, 0, 0, 0, 0),
        };
        foreach (var (day, then, now) in before.Days.Zip(after.Days, (b, a) => (a.Date, b, a)))
        {
            var change = new DailyActivity(day, now.Booked - then.Booked, now.Cancelled - then.Cancelled, now.Rescheduled - then.Rescheduled,
                now.NoShows - then.NoShows, now.MessagesSent - then.MessagesSent, now.MessagesFailed - then.MessagesFailed);
            Assert.Equal(expected.GetValueOrDefault(day, new DailyActivity(day, 0, 0, 0, 0, 0, 0)), change);
        }

        // A: every day 08:00–18:00 (30 × 600), less the Monday break (5 Mondays × 60), less a day off (600), plus 2 extra hours.
        Assert.Equal((30L, 17_220L), Clinic(after, doctors.A));
        Assert.Equal((30L, 18_000L), Clinic(after, doctors.B));
        // Berlin's 08:00–18:00 on the 30 New York days: the window is New York's, each Berlin day lies wholly inside it.
        Assert.Equal((30L, 18_000L), Clinic(after, doctors.C));
        var specialty = Assert.Single(after.BySpecialty, r => r.Id == doctors.SpecialtyId);
        Assert.Equal((60L, 35_220L, 0.0017), (specialty.BookedMinutes, specialty.OfferedMinutes, specialty.Ratio));
        var topA = Assert.Single(after.TopDoctors, r => r.Id == doctors.A.DoctorId);
        Assert.Equal((30L, 17_220L, 0.0017), (topA.BookedMinutes, topA.OfferedMinutes, topA.Ratio));
        // The contested no-show of the 3rd, open since the 4th: past its 48-hour target.
        Assert.Equal((0, 0), (before.OpenDisputes, before.OverdueDisputes));
        Assert.Equal((1, 1), (after.OpenDisputes, after.OverdueDisputes));
        Assert.True(after.Health.DatabaseReachable);

        var page = await (await admin.Client.GetAsync(new Uri("/admin/dashboard", UriKind.Relative), Ct)).ReadHtmlAsync();
        foreach (var day in after.Days)
        {
            Assert.Equal([Text(day.Booked), Text(day.Cancelled), Text(day.Rescheduled), Text(day.NoShows)], Cells(page, "activity-table", day.Date));
            Assert.Equal([Text(day.MessagesSent), Text(day.MessagesFailed)], Cells(page, "messages-table", day.Date));
        }
        foreach (var clinic in after.ByClinic)
        {
            Assert.Equal([clinic.BookedMinutes.ToString(CultureInfo.InvariantCulture), clinic.OfferedMinutes.ToString(CultureInfo.InvariantCulture),
                    (clinic.Ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %"],
                Cells(page, "utilisation-clinics-table", clinic.Name));
        }
        Assert.Equal(["60", "35220", "0.2 %"], Cells(page, "utilisation-specialties-table", doctors.SpecialtyName));
        Assert.Contains("America/New_York", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(5, page.QuerySelectorAll("svg[role=img] > title").Length);
        Assert.Equal(("1", "1"), (page.QuerySelector("#open-disputes")!.TextContent, page.QuerySelector("#overdue-disputes")!.TextContent));
    }

    [Fact]
    public async Task FiguresHandler_AnswersThePartialAlone_ForTheScript()
    {
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

        var response = await admin.Client.GetAsync(new Uri("/admin/dashboard?handler=Figures", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"activity-table\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_AreKeptForHalfAMinute_ThenReadAgain()
    {
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        var first = await FiguresAsync(admin.Client);

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var kept = await (await admin.Client.GetAsync(new Uri("/api/v1/admin/dashboard", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DashboardFigures>();
        var fresh = await FiguresAsync(admin.Client);

        Assert.Equal(first.GeneratedAt, kept.GeneratedAt);
        Assert.NotEqual(first.GeneratedAt, fresh.GeneratedAt);
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static (long Booked, long Offered) Clinic(DashboardFigures figures, TestDoctor doctor)
    {
        var row = Assert.Single(figures.ByClinic, r => r.Id == doctor.ClinicId);
        return (row.BookedMinutes, row.OfferedMinutes);
    }

    /// <summary>The data cells of the row headed <paramref name="rowHeader"/>, after the rank column where the table has one.</summary>
    private static string[] Cells(AngleSharp.Dom.IDocument page, string table, string rowHeader)
    {
        var row = page.QuerySelectorAll($"#{table} tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == rowHeader);
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim());
        return [.. table.StartsWith("utilisation-", StringComparison.Ordinal) ? cells.Skip(1) : cells];
    }

    /// <summary>Two New York clinics and one in Berlin, a doctor each, A and B of one new specialty; A's week has a break, a day off and extra hours.</summary>
    private async Task<Seeded> ArrangeDoctorsAsync()
    {
        var a = await app.CreateBookableDoctorAsync("America/New_York");
        var b = await app.CreateBookableDoctorAsync("America/New_York");
        var c = await app.CreateBookableDoctorAsync("Europe/Berlin");
        var name = $"Dashboard specialty {Guid.NewGuid():N}";
        var specialtyId = await app.WithDbAsync(async db =>
        {
            var specialty = new Specialty($"dashboard-{Guid.NewGuid():N}", name);
            db.Specialties.Add(specialty);
            foreach (var doctor in await db.Doctors.Where(d => d.Id == a.DoctorId || d.Id == b.DoctorId).ToListAsync(Ct)) doctor.Specialties.Add(specialty);
            db.WeeklyHours.Add(new WeeklyHours(a.DoctorId, a.ClinicId, WeeklyHoursKind.Break, IsoDayOfWeek.Monday, new LocalTime(12, 0), new LocalTime(13, 0)));
            db.TimeOff.Add(new TimeOff(a.DoctorId, new LocalDateTime(2026, 11, 10, 0, 0), new LocalDateTime(2026, 11, 11, 0, 0), null));
            db.ExtraHours.Add(new ExtraHours(a.DoctorId, a.ClinicId, new LocalDate(2026, 11, 12), new LocalTime(18, 0), new LocalTime(20, 0)));
            await db.SaveChangesAsync(Ct);
            return specialty.Id;
        });
        return new Seeded(a, b, c, specialtyId, name);
    }

    private async Task SeedActivityAsync(Seeded doctors)
    {
        var patients = await app.CreatePatientsAsync(3);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var types = await db.AppointmentTypes.Where(t => t.Id == doctors.A.TypeId || t.Id == doctors.B.TypeId || t.Id == doctors.C.TypeId)
            .ToDictionaryAsync(t => t.Id, Ct);

        // A: booked early on the long day, moved on the 6th. Another A visit booked late on the long day, cancelled on the 5th.
        var moved = Appointment.Book(doctors.A.DoctorId, doctors.A.ClinicId, types[doctors.A.TypeId], patients[0].Id, InNewYork(11, 20, 10), "", true,
            InNewYork(11, 1, 0, 30));
        moved.Reschedule(InNewYork(11, 20, 14), doctors.A.ClinicId, types[doctors.A.TypeId], Actor.Patient, patients[0].Id, null, InNewYork(11, 6, 15));
        var cancelled = Appointment.Book(doctors.A.DoctorId, doctors.A.ClinicId, types[doctors.A.TypeId], patients[1].Id, InNewYork(11, 21, 10), "", true,
            LateOnTheLongDay);
        cancelled.ChangeStatus(AppointmentStatus.Cancelled, Actor.Patient, patients[1].Id, null, InNewYork(11, 5, 12));
        // B: booked on the 2nd for the 3rd, and the patient did not come.
        var missed = Appointment.Book(doctors.B.DoctorId, doctors.B.ClinicId, types[doctors.B.TypeId], patients[2].Id, InNewYork(11, 3, 10), "", true,
            InNewYork(11, 2, 9));
        missed.ChangeStatus(AppointmentStatus.NoShow, Actor.Doctor, null, null, InNewYork(11, 3, 12));
        // C, in Berlin: booked at 03:00 UTC on the 10th for 10:00 Berlin time on the 12th.
        var berlin = Appointment.Book(doctors.C.DoctorId, doctors.C.ClinicId, types[doctors.C.TypeId], patients[0].Id,
            Instant.FromUtc(2026, 11, 12, 9, 0), "", true, Instant.FromUtc(2026, 11, 10, 3, 0));
        db.Appointments.AddRange(moved, cancelled, missed, berlin);
        await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, Ct);
        await db.SaveChangesAsync(Ct);

        // Two sent on the 7th (e-mail and SMS), one failed for good whose last attempt was due on the 8th.
        var sentEmail = new OutboxMessage(NotificationTemplate.PatientBooked, NotificationChannel.Email, berlin.Id, 100, Actor.Patient, null, null,
            InNewYork(11, 7, 9), InNewYork(11, 7, 9));
        sentEmail.MarkSent("a@example.com", InNewYork(11, 7, 10));
        var sentSms = new OutboxMessage(NotificationTemplate.PatientBooked, NotificationChannel.Sms, berlin.Id, 101, Actor.Patient, null, null,
            InNewYork(11, 7, 9), InNewYork(11, 7, 9));
        sentSms.MarkSent("+15550100", InNewYork(11, 7, 23, 59));
        var dead = new OutboxMessage(NotificationTemplate.PatientBooked, NotificationChannel.Email, berlin.Id, 102, Actor.Patient, null, null,
            InNewYork(11, 8, 9), InNewYork(11, 8, 10));
        dead.MarkAttemptFailed("Refused for good.", retryAt: null);
        db.OutboxMessages.AddRange(sentEmail, sentSms, dead);
        db.Disputes.Add(new Dispute(Guid.NewGuid(), missed.Id, patients[2].Id, doctors.B.DoctorId, DisputeKind.ContestedNoShow, patients[2].Id,
            Actor.Patient, InNewYork(11, 4, 9)));
        await db.SaveChangesAsync(Ct);
    }
}
