using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.BrowserTests;

/// <summary>A patient, their doctor (with a sign-in) and a conversation between them with a message each way and an attachment.</summary>
public sealed record MessagingFixture(string PatientEmail, BookableDoctor Doctor, StaffLogin DoctorLogin, Guid ConversationId);

public static class MessagingFixtures
{
    /// <summary>The smallest PDF a viewer opens: what the attachment journeys send.</summary>
    public static readonly byte[] Pdf = [.. "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"u8];

    /// <summary>A booked patient and their doctor, nothing written yet.</summary>
    public static async Task<(string PatientEmail, BookableDoctor Doctor, StaffLogin DoctorLogin)> CreateCareAsync(this BrowserApp app)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreatePatientAsync();
        await app.BookAsync(patient, doctor.Id, daysAhead: 2);
        return (patient, doctor, await app.CreateDoctorLoginAsync(doctor.Id));
    }

    /// <summary>Written through the app's own use cases, as the two would through the pages.</summary>
    public static async Task<MessagingFixture> CreateConversationAsync(this BrowserApp app)
    {
        var (patient, doctor, login) = await app.CreateCareAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var patientUser = await PrincipalAsync(services, patient, multiFactor: false);
        var started = await services.GetRequiredService<StartConversation>().HandleAsync(patientUser,
            new StartConversationRequest(doctor.Id, null, null, "Questions about my prescription", "Can I take the tablets with food?"), default);
        Assert.True(started.Problem is null, started.Problem?.Detail);
        var id = started.Value!.Id;
        var doctorUser = await PrincipalAsync(services, login.Email, multiFactor: true);
        var reply = await services.GetRequiredService<SendMessage>().HandleAsync(doctorUser, id,
            new SendMessageRequest("Yes, with food is best.\nI attach the leaflet."), new AttachmentUpload("leaflet.pdf", Pdf), default);
        Assert.True(reply.Problem is null, reply.Problem?.Detail);
        return new MessagingFixture(patient, doctor, login, id);
    }

    internal static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email, bool multiFactor)
    {
        var users = services.GetRequiredService<UserManager<Account>>();
        var account = await users.Users.SingleAsync(u => u.Email == email);
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<Account>>().CreateAsync(account);
        if (multiFactor) ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor));
        return principal;
    }
}
