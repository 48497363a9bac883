using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Records;

public static class RecordsTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Instant Now(this CareSlotApp app) => Instant.FromDateTimeOffset(app.Clock.GetUtcNow());

    /// <summary>
    /// A visit written straight into the database at <paramref name="start"/> relative to now (negative: in the past), which
    /// the booking rules would refuse; it makes a care relationship, an ended one, or a visit to write a note about.
    /// </summary>
    public static async Task<Guid> AddVisitAsync(this CareSlotApp app, TestDoctor doctor, Guid patientId, Duration start,
        AppointmentStatus status = AppointmentStatus.Confirmed)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var type = await db.AppointmentTypes.SingleAsync(t => t.Id == doctor.TypeId, Ct);
        var now = app.Now();
        var appointment = Appointment.Book(doctor.DoctorId, doctor.ClinicId, type, patientId, now + start, "", autoConfirm: true, now + start - Duration.FromDays(7));
        if (status != AppointmentStatus.Confirmed) appointment.ChangeStatus(status, Actor.Doctor, null, null, now);
        db.Appointments.Add(appointment);
        // Its notices are queued as a booking's would be: the outbox refuses appointment changes without them.
        await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, Ct);
        await db.SaveChangesAsync(Ct);
        return appointment.Id;
    }

    /// <summary>Opens break-glass access for an administrator directly, as the page would after its checks.</summary>
    public static Task OpenBreakGlassAsync(this CareSlotApp app, Guid adminId, Guid patientId) =>
        app.WithDbAsync(async db =>
        {
            var now = app.Now();
            db.BreakGlassAccesses.Add(new BreakGlassAccess(adminId, patientId, "Unconscious patient in the emergency room", now, now + Duration.FromHours(1)));
            return await db.SaveChangesAsync(Ct);
        });

    public static async Task<RecordEntryDto> WriteNoteOkAsync(this ApiUser doctor, Guid appointmentId, string summary = "Sore throat for three days",
        bool completeVisit = false)
    {
        var response = await doctor.Client.PostAsJsonAsync($"/api/v1/appointments/{appointmentId}/note",
            new VisitNoteRequest(summary, "Red throat, no fever", "Viral pharyngitis", "J02.9", "Ibuprofen 400 mg as needed", "Come back if not better in a week",
                completeVisit), Ct);
        return await response.ShouldBeCreatedJsonAsync<RecordEntryDto>();
    }

    public static async Task<T> ShouldBeCreatedJsonAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }
}
