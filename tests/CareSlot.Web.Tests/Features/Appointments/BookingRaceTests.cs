using System.Net;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class BookingRaceTestsOnSqlite(SqliteApp app) : BookingRaceTests(app), IClassFixture<SqliteApp>;

public sealed class BookingRaceTestsOnPostgres(PostgresApp app) : BookingRaceTests(app), IClassFixture<PostgresApp>;

/// <summary>The booking invariants under real concurrency: all requests are in flight at once against one database.</summary>
public abstract class BookingRaceTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoHundredPatientsOneSlot_ExactlyOneIsBooked()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(200);
        var start = app.LocalTimeTomorrow(doctor, 9);
        using var go = new SemaphoreSlim(0);

        var requests = patients.Select(async patient =>
        {
            await go.WaitAsync(Ct);
            return await patient.BookAsync(doctor, start);
        }).ToList();
        go.Release(patients.Count);
        var responses = await Task.WhenAll(requests);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(199, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).Take(3)) await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.DoctorId == doctor.DoctorId, Ct)));
    }

    [Fact]
    public async Task OnePatientFiftyDoctorsSameTime_ExactlyOneIsBooked()
    {
        var doctors = new List<TestDoctor>();
        for (var i = 0; i < 50; i++) doctors.Add(await app.CreateBookableDoctorAsync());
        var patient = (await app.CreatePatientsAsync(1))[0];
        using var go = new SemaphoreSlim(0);

        var requests = doctors.Select(async doctor =>
        {
            await go.WaitAsync(Ct);
            return await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 9));
        }).ToList();
        go.Release(doctors.Count);
        var responses = await Task.WhenAll(requests);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.PatientId == patient.Id, Ct)));
    }
}
