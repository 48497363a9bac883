using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.BrowserTests;

/// <summary>A patient with a doctor who cares for them, and the sign-ins to see it from both sides.</summary>
public sealed record CareFixture(string PatientEmail, Guid PatientId, BookableDoctor Doctor, StaffLogin DoctorLogin, Guid PastVisitId);

/// <summary>Medical history made through the app's own use cases, so a page check opens a record with something in it.</summary>
public static class RecordsFixtures
{
    /// <summary>A new patient seen by a new doctor yesterday; the visit's note is written when <paramref name="withNote"/>.</summary>
    public static async Task<CareFixture> CreateCareAsync(this BrowserApp app, bool withNote, Duration? visitFromNow = null)
    {
        var patientEmail = await app.CreatePatientAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        var login = await app.CreateDoctorLoginAsync(doctor.Id);
        var visit = await app.SeedAppointmentAsync(patientEmail, doctor.Id, visitFromNow ?? Duration.FromDays(-1));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var patientId = await db.Users.Where(u => u.Email == patientEmail).Select(u => u.Id).SingleAsync();
        if (withNote)
        {
            var doctorAccount = await db.Users.SingleAsync(u => u.Email == login.Email);
            var outcome = await scope.ServiceProvider.GetRequiredService<WriteRecord>().WriteNoteAsync(await SessionOfAsync(scope, doctorAccount), visit,
                new VisitNoteRequest("Persistent cough for two weeks", "Clear lungs, mild throat redness", "Post-viral cough", "R05",
                    "Honey and warm drinks", "Return if it lasts another three weeks"), default);
            Assert.Null(outcome.Problem);
        }
        return new CareFixture(patientEmail, patientId, doctor, login, visit);
    }

    /// <summary>The signed-in doctor as the app sees them after a two-factor sign-in.</summary>
    private static async Task<ClaimsPrincipal> SessionOfAsync(AsyncServiceScope scope, Account account)
    {
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<Account>>().CreateAsync(account);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor));
        return principal;
    }
}
