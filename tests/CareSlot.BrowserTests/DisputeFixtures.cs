using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.BrowserTests;

/// <param name="AdminLogin">The administrator who took the dispute on; null while it is open.</param>
public sealed record DisputeFixture(string PatientEmail, StaffLogin DoctorLogin, Guid AppointmentId, Guid DisputeId, StaffLogin? AdminLogin);

public static class DisputeFixtures
{
    /// <summary>
    /// A booked patient who disputed their doctor's conduct with a statement and a file; when <paramref name="takenOn"/>, an
    /// administrator assigned it to themselves and asked both parties a question. Written through the app's own use cases.
    /// </summary>
    public static async Task<DisputeFixture> CreateDisputeAsync(this BrowserApp app, bool takenOn)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreatePatientAsync();
        var appointmentId = await app.BookAsync(patient, doctor.Id, daysAhead: 2);
        var doctorLogin = await app.CreateDoctorLoginAsync(doctor.Id);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var opened = await services.GetRequiredService<OpenDispute>().HandleAsync(await MessagingFixtures.PrincipalAsync(services, patient, multiFactor: false),
            new OpenDisputeRequest(appointmentId, "conduct", "The receptionist shouted at me in the waiting room.\nI attach my written complaint."),
            new AttachmentUpload("complaint.pdf", MessagingFixtures.Pdf), default);
        Assert.True(opened.Problem is null, opened.Problem?.Detail);
        var disputeId = opened.Value!.Id;
        if (!takenOn) return new DisputeFixture(patient, doctorLogin, appointmentId, disputeId, null);

        var adminLogin = await app.CreateAdminLoginAsync();
        var admin = await MessagingFixtures.PrincipalAsync(services, adminLogin.Email, multiFactor: true);
        var assigned = await services.GetRequiredService<AssignDispute>().HandleAsync(admin, disputeId, new AssignDisputeRequest(null), default);
        Assert.True(assigned.Problem is null, assigned.Problem?.Detail);
        var asked = await services.GetRequiredService<AskParties>().HandleAsync(admin, disputeId,
            new AskPartiesRequest("both", "Who else was in the waiting room at the time?"), default);
        Assert.True(asked.Problem is null, asked.Problem?.Detail);
        return new DisputeFixture(patient, doctorLogin, appointmentId, disputeId, adminLogin);
    }
}
