using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace CareSlot.Web.Tests.Features.Appointments;

/// <summary>
/// PostgreSQL's exclusion constraints hold even when the application's own check is bypassed:
/// rows written straight through EF, as a bug or a second code path would.
/// </summary>
public sealed class OverlapConstraintTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private async Task<Exception?> InsertAsync(int doctorId, Guid patientId, Instant start)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlot.Web.Platform.Data.CareSlotDb>();
        var type = await db.AppointmentTypes.SingleAsync(t => t.DoctorId == doctorId);
        var clinicId = await db.WeeklyHours.Where(h => h.DoctorId == doctorId).Select(h => h.ClinicId).FirstAsync();
        db.Appointments.Add(Appointment.Book(doctorId, clinicId, type, patientId, start, "", autoConfirm: true, start - Duration.FromDays(1)));
        // Past the app's checks, but not past its outbox guard, which would refuse the save before the database sees it.
        await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, default);
        return await Record.ExceptionAsync(() => db.SaveChangesAsync());
    }

    private static string? Constraint(Exception? exception) =>
        (exception as DbUpdateException)?.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } e ? e.ConstraintName : null;

    [Fact]
    public async Task SameDoctorOverlappingIncludingBuffer_IsRejectedByTheDatabase()
    {
        var doctor = await app.CreateBookableDoctorAsync(durationMinutes: 30, bufferMinutes: 10);
        var patients = await app.CreatePatientsAsync(3);
        var nine = Instant.FromUtc(2027, 1, 5, 9, 0);

        Assert.Null(await InsertAsync(doctor.DoctorId, patients[0].Id, nine));
        Assert.Equal("EX_Appointments_Doctor_NoOverlap", Constraint(await InsertAsync(doctor.DoctorId, patients[1].Id, nine + Duration.FromMinutes(35))));
        Assert.Null(await InsertAsync(doctor.DoctorId, patients[2].Id, nine + Duration.FromMinutes(40)));
    }

    [Fact]
    public async Task SamePatientOverlappingWithTwoDoctors_IsRejectedByTheDatabase()
    {
        var first = await app.CreateBookableDoctorAsync();
        var second = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var nine = Instant.FromUtc(2027, 1, 6, 9, 0);

        Assert.Null(await InsertAsync(first.DoctorId, patient.Id, nine));
        Assert.Equal("EX_Appointments_Patient_NoOverlap", Constraint(await InsertAsync(second.DoctorId, patient.Id, nine + Duration.FromMinutes(15))));
    }

    [Fact]
    public async Task CancelledAppointment_NoLongerBlocksTheTime()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var nine = Instant.FromUtc(2027, 1, 7, 9, 0);
        Assert.Null(await InsertAsync(doctor.DoctorId, patients[0].Id, nine));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE "Appointments" SET "Status" = 'Cancelled' WHERE "DoctorId" = {doctor.DoctorId}"""));

        Assert.Null(await InsertAsync(doctor.DoctorId, patients[1].Id, nine));
    }
}
