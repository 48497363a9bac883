using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class BookingAnswerTestsOnSqlite(SqliteApp app) : BookingAnswerTests(app), IClassFixture<SqliteApp>;

public sealed class BookingAnswerTestsOnPostgres(PostgresApp app) : BookingAnswerTests(app), IClassFixture<PostgresApp>;

/// <summary>The 201 of a booking is built from what the booking read, not read back: it must equal what a read shows.</summary>
public abstract class BookingAnswerTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    public async Task Booking_Answer_EqualsTheAppointmentAsRead(string zone)
    {
        var doctor = await app.CreateBookableDoctorAsync(zone, policy: p => p.AutoConfirm = false);
        var patient = (await app.CreatePatientsAsync(1))[0];

        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 2));

        var read = await patient.Client.GetFromJsonAsync<AppointmentDetails>($"/api/v1/appointments/{booked.Id}", Ct);
        Assert.Equal(read!.Appointment, booked);
        Assert.Equal("requested", booked.Status);
    }
}
