using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

public sealed class MessageLanguageTestsOnSqlite(SqliteApp app) : MessageLanguageTests(app), IClassFixture<SqliteApp>;

public sealed class MessageLanguageTestsOnPostgres(PostgresApp app) : MessageLanguageTests(app), IClassFixture<PostgresApp>;

/// <summary>Each recipient of one booking reads about it in their own account's language: e-mail, SMS and calendar alike.</summary>
public abstract class MessageLanguageTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> SetLanguageAsync(Guid accountId, string language) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, language), Ct));

    private static CalendarEvent Invitation(MimeMessage email) => Assert.Single(Calendar.Load(email.Calendar())!.Events);

    [Fact]
    public async Task Booking_GermanDoctorEnglishPatient_PatientReadsEnglish_DoctorGerman()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        await SetLanguageAsync(doctorUser.Id, "de");
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.VerifyPhoneAsync(patient.Id, "+4915112340101");
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));

        await app.DispatchAsync();

        var confirmation = Assert.Single(await app.EmailsToAsync(patient.Email));
        Assert.StartsWith($"Appointment confirmed: {booked.DoctorName}, ", confirmation.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Your appointment is confirmed", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", confirmation.HtmlBody, StringComparison.Ordinal);
        var patients = Invitation(confirmation);
        Assert.Equal($"Consultation with {booked.DoctorName}", patients.Summary);
        Assert.StartsWith("When: ", patients.Description, StringComparison.Ordinal);
        Assert.StartsWith($"Booking confirmed: {booked.DoctorName}, ", Assert.Single(await app.SmsToAsync("+4915112340101")).Body, StringComparison.Ordinal);

        var notice = Assert.Single(await app.EmailsToAsync(doctorUser.Email));
        Assert.StartsWith("Neuer Termin: Patient Person, ", notice.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Neuer Termin\n", notice.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Patient Person hat einen Termin bei Ihnen gebucht: ", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"de\">", notice.HtmlBody, StringComparison.Ordinal);
        var doctors = Invitation(notice);
        Assert.Equal("Consultation: Patient Person", doctors.Summary);
        Assert.StartsWith("Wann: ", doctors.Description, StringComparison.Ordinal);
        Assert.Contains("Termin ansehen oder ändern: ", doctors.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Booking_GermanPatientEnglishDoctor_PatientReadsGerman_DoctorEnglish()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var patient = (await app.CreatePatientsAsync(1))[0];
        await SetLanguageAsync(patient.Id, "de");
        await app.VerifyPhoneAsync(patient.Id, "+4915112340102");
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));

        await app.DispatchAsync();

        var confirmation = Assert.Single(await app.EmailsToAsync(patient.Email));
        Assert.StartsWith($"Termin bestätigt: {booked.DoctorName}, ", confirmation.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Ihr Termin ist bestätigt", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("Consultation, vor Ort", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"de\">", confirmation.HtmlBody, StringComparison.Ordinal);
        var patients = Invitation(confirmation);
        Assert.Equal($"Consultation bei {booked.DoctorName}", patients.Summary);
        Assert.StartsWith("Wann: ", patients.Description, StringComparison.Ordinal);
        Assert.Equal("Test Clinic", patients.Location![..11]);
        var sms = Assert.Single(await app.SmsToAsync("+4915112340102")).Body;
        Assert.StartsWith($"Termin bestätigt: {booked.DoctorName}, ", sms, StringComparison.Ordinal);
        Assert.EndsWith($"{CareSlotApp.PublicOrigin}/appointments/{booked.Id}", sms, StringComparison.Ordinal);

        var notice = Assert.Single(await app.EmailsToAsync(doctorUser.Email));
        Assert.StartsWith("New booking: Patient Person, ", notice.Subject, StringComparison.Ordinal);
        Assert.Equal("Consultation: Patient Person", Invitation(notice).Summary);
        Assert.StartsWith("When: ", Invitation(notice).Description, StringComparison.Ordinal);
    }
}
