using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Messaging;

/// <summary>A doctor and a patient in a care relationship (the patient has booked a visit), each signed in through the API.</summary>
public sealed record Care(TestDoctor Doctor, ApiUser Patient, ApiUser DoctorUser, Guid AppointmentId);

public static class MessagingTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The smallest files each kind begins with, and one of none of them.</summary>
    public static readonly byte[] Pdf = [.. "%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8];
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 1, 2, 3];
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    public static async Task<Care> CreateCareAsync(this CareSlotApp app)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var appointment = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 2));
        return new Care(doctor, patient, await app.CreateDoctorUserAsync(doctor), appointment.Id);
    }

    public static Task<HttpResponseMessage> StartAsync(this ApiUser who, object request) =>
        who.Client.PostAsJsonAsync("/api/v1/conversations", request, Ct);

    /// <summary>The patient writes to their doctor about the visit.</summary>
    public static async Task<ConversationView> StartOkAsync(this Care care, string subject = "My blood test", string body = "Are my results in yet?")
    {
        var response = await care.Patient.StartAsync(new { doctorId = care.Doctor.DoctorId, appointmentId = care.AppointmentId.ToString(), subject, body });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ConversationView>(Ct))!;
    }

    public static Task<HttpResponseMessage> SendAsync(this ApiUser who, Guid conversationId, string? body) =>
        who.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { body }, Ct);

    public static async Task<MessageView> SendOkAsync(this ApiUser who, Guid conversationId, string body)
    {
        var response = await who.SendAsync(conversationId, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<MessageView>(Ct))!;
    }

    public static async Task<HttpResponseMessage> SendFileAsync(this HttpClient client, Guid conversationId, byte[] content, string fileName,
        string declaredType = "application/octet-stream", string? body = "See attached.")
    {
        using var form = new MultipartFormDataContent();
        if (body is not null) form.Add(new StringContent(body), "body");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(declaredType);
        form.Add(file, "attachment", fileName);
        return await client.PostAsync(new Uri($"/api/v1/conversations/{conversationId}/messages/with-attachment", UriKind.Relative), form, Ct);
    }

    public static async Task<ConversationView> ConversationAsync(this ApiUser who, Guid conversationId) =>
        await (await who.Client.GetAsync(new Uri($"/api/v1/conversations/{conversationId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<ConversationView>();

    public static async Task<IReadOnlyList<ConversationSummary>> ConversationsAsync(this ApiUser who) =>
        await (await who.Client.GetAsync(new Uri("/api/v1/conversations", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<ConversationSummary>>();

    /// <summary>The visit that made the care relationship took place long enough ago that it has ended.</summary>
    public static Task EndCareAsync(this CareSlotApp app, Guid appointmentId) =>
        app.WithDbAsync(async db =>
        {
            var past = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()) - Duration.FromDays(800);
            return await db.Appointments.Where(a => a.Id == appointmentId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Start, past).SetProperty(a => a.End, past + Duration.FromMinutes(30))
                .SetProperty(a => a.BlockedUntil, past + Duration.FromMinutes(30)), Ct);
        });
}
