using System.Security.Claims;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.BrowserTests;

/// <param name="PatientEmail">The requester's account; null for a visitor's request.</param>
/// <param name="VisitorKey">A visitor's key to the request's page; null for an account's.</param>
public sealed record TicketFixture(long TicketId, string? PatientEmail, string? VisitorKey, StaffLogin AgentLogin);

/// <summary>A patient who asked support for help, with an upcoming appointment support may move or cancel for them.</summary>
public sealed record SupportCaseFixture(Guid PatientId, string PatientEmail, BookableDoctor Doctor, Guid AppointmentId);

public static class HelpDeskFixtures
{
    public static async Task<SupportCaseFixture> CreateSupportCaseAsync(this BrowserApp app)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patientEmail = await app.CreatePatientAsync();
        var appointmentId = await app.BookAsync(patientEmail, doctor.Id, daysAhead: 3);
        await using var scope = app.Services.CreateAsyncScope();
        var patientId = await scope.ServiceProvider.GetRequiredService<CareSlotDb>().Users.Where(u => u.Email == patientEmail).Select(u => u.Id).SingleAsync();
        return new SupportCaseFixture(patientId, patientEmail, doctor, appointmentId);
    }

    /// <summary>
    /// A request for help — a patient's, or a visitor's — that an agent (an administrator with a second factor) answered and
    /// noted on, written through the help desk's own use cases.
    /// </summary>
    public static async Task<TicketFixture> CreateTicketAsync(this BrowserApp app, bool visitor)
    {
        var patient = visitor ? null : await app.CreatePatientAsync();
        var agentLogin = await app.CreateAdminLoginAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var requester = patient is null ? new ClaimsPrincipal(new ClaimsIdentity()) : await MessagingFixtures.PrincipalAsync(services, patient, multiFactor: false);
        var opened = await services.GetRequiredService<OpenTicket>().HandleAsync(requester, new OpenTicketRequest("booking", "My booking vanished",
            "I booked a visit yesterday and cannot find it.\nWhere has it gone?", visitor ? "vera.visitor@example.org" : null, visitor ? "Vera Visitor" : null), default);
        Assert.True(opened.Problem is null, opened.Problem?.Detail);
        var ticketId = opened.Value!.Ticket.Id;
        var saved = services.GetRequiredService<CannedAnswers>();
        if ((await saved.ListAsync(default)).Count == 0)
        {
            Assert.Null((await saved.SaveAsync(null, new CannedAnswerRequest("Moved by the clinic",
                "Your visit was moved by the clinic; you find its new time under Appointments."), default)).Problem);
        }
        var agent = TicketReader.From(await MessagingFixtures.PrincipalAsync(services, agentLogin.Email, multiFactor: true), null);
        var note = await services.GetRequiredService<AnswerTicket>().HandleAsync(ticketId, agent,
            new AnswerTicketRequest("internal-note", "Booked at 9:00 with Dr Weber, moved by the clinic."), default);
        Assert.True(note.Problem is null, note.Problem?.Detail);
        var answer = await services.GetRequiredService<AnswerTicket>().HandleAsync(ticketId, agent,
            new AnswerTicketRequest("reply", "Your visit was moved to 10:00 by the clinic; it is under Appointments."), default);
        Assert.True(answer.Problem is null, answer.Problem?.Detail);
        return new TicketFixture(ticketId, patient, opened.Value.VisitorKey, agentLogin);
    }
}
