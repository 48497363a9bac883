using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Appointments;

/// <summary>A bookable doctor made for one test: their clinic, one appointment type, and every day's hours.</summary>
public sealed record TestDoctor(int DoctorId, int ClinicId, int TypeId, DateTimeZone Zone, string ClinicPhone);

/// <summary>Someone signed in through the API with a real bearer token.</summary>
public sealed record ApiUser(Guid Id, string Email, HttpClient Client);

public static class AppointmentsTestKit
{
    private static int clinicCounter;

    /// <summary>
    /// A listed doctor who works 08:00–18:00 every day at a new clinic in <paramref name="zone"/>,
    /// with a 30-minute type and no buffer unless told otherwise; no minimum notice unless told.
    /// </summary>
    public static async Task<TestDoctor> CreateBookableDoctorAsync(this CareSlotApp app, string zone = "Europe/Berlin",
        Action<ClinicPolicy>? policy = null, int durationMinutes = 30, int bufferMinutes = 0, int minimumNoticeMinutes = 0)
    {
        var number = Interlocked.Increment(ref clinicCounter);
        return await app.WithDbAsync(async db =>
        {
            var clinic = new Clinic($"Test Clinic {number} {Guid.NewGuid():N}", "1 Test Street", "Testville", "12345", "DE", 52.5, 13.4, zone, "+493012345678");
            policy?.Invoke(clinic.Policy);
            var doctor = new Doctor("Dr.", "Test", $"Doctor{number}", "", ["en"], acceptingNewPatients: true, isListed: true);
            doctor.Clinics.Add(clinic);
            doctor.RefreshSearchKey();
            db.Doctors.Add(doctor);
            await db.SaveChangesAsync();
            foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
            {
                db.WeeklyHours.Add(new WeeklyHours(doctor.Id, clinic.Id, WeeklyHoursKind.Working, day, new LocalTime(8, 0), new LocalTime(18, 0)));
            }
            var type = new AppointmentType(doctor.Id, "Consultation", durationMinutes, bufferMinutes, VisitMode.InPerson, true, true);
            db.AppointmentTypes.Add(type);
            var rules = new BookingRules(doctor.Id);
            rules.Change(minimumNoticeMinutes, BookingRules.DefaultHorizonDays);
            db.BookingRules.Add(rules);
            await db.SaveChangesAsync();
            return new TestDoctor(doctor.Id, clinic.Id, type.Id, DateTimeZoneProviders.Tzdb[zone], clinic.Phone);
        });
    }

    /// <summary>
    /// Verified patients made directly, each with a client carrying a bearer token from the app's own
    /// protector: hundreds in a second, where hashing hundreds of passwords would take a minute.
    /// </summary>
    public static async Task<IReadOnlyList<ApiUser>> CreatePatientsAsync(this CareSlotApp app, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CareSlot.Web.Platform.Data.CareSlotDb>();
        var patientRole = await db.Roles.Where(r => r.Name == Roles.Patient).Select(r => r.Id).SingleAsync();
        var accounts = Enumerable.Range(0, count).Select(_ => NewAccount(app, Roles.Patient)).ToList();
        db.Users.AddRange(accounts);
        db.UserRoles.AddRange(accounts.Select(a => new IdentityUserRole<Guid> { UserId = a.Id, RoleId = patientRole }));
        await db.SaveChangesAsync();

        var patients = new List<ApiUser>(count);
        foreach (var account in accounts) patients.Add(await SignedInClientAsync(app, services, account, multiFactor: false));
        return patients;
    }

    /// <summary>An account in <paramref name="role"/> with a bearer token; <paramref name="multiFactor"/> marks the session as two-factor.</summary>
    public static async Task<ApiUser> CreateApiUserAsync(this CareSlotApp app, string role, bool multiFactor = false, int? doctorId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<Account>>();
        var account = NewAccount(app, role);
        var created = await users.CreateAsync(account);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, role);
        if (doctorId is not null)
        {
            await app.WithDbAsync(async db =>
            {
                await db.Database.ExecuteSqlAsync($"""UPDATE "Doctors" SET "AccountId" = {account.Id} WHERE "Id" = {doctorId}""");
                return 0;
            });
        }
        return await SignedInClientAsync(app, services, account, multiFactor);
    }

    private static Account NewAccount(CareSlotApp app, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        return new Account
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N"), FullName = $"{role} Person", DateOfBirth = new(1985, 5, 5),
            CreatedAt = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()),
        };
    }

    private static async Task<ApiUser> SignedInClientAsync(CareSlotApp app, IServiceProvider services, Account account, bool multiFactor)
    {
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<Account>>().CreateAsync(account);
        var identity = (ClaimsIdentity)principal.Identity!;
        if (multiFactor) identity.AddClaim(new Claim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor));
        // The app refuses a bearer token without a refresh token family; this one's family has no rows, so it was never
        // revoked, and there is nothing to refresh.
        identity.AddClaims(new ApiSession(Guid.NewGuid(), Guid.NewGuid(), Instant.FromDateTimeOffset(app.Clock.GetUtcNow())).ToClaims());
        var options = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = app.Clock.GetUtcNow().AddYears(10) }, IdentityConstants.BearerScheme);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerTokenProtector.Protect(ticket));
        return new ApiUser(account.Id, account.Email!, client);
    }

    /// <summary>The doctor's account with a two-factor session: what a doctor needs to see patients' data.</summary>
    public static Task<ApiUser> CreateDoctorUserAsync(this CareSlotApp app, TestDoctor doctor, bool multiFactor = true) =>
        app.CreateApiUserAsync(Roles.Doctor, multiFactor, doctor.DoctorId);

    /// <summary>The next local date after "now" at the given local time, as the ISO text the API takes.</summary>
    public static string LocalTimeTomorrow(this CareSlotApp app, TestDoctor doctor, int hour, int minute = 0, int daysAhead = 1)
    {
        var today = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(doctor.Zone).Date;
        var local = today.PlusDays(daysAhead).At(new LocalTime(hour, minute));
        return CareSlot.Web.Platform.Time.IsoTime.Format(local.InZoneStrictly(doctor.Zone).ToInstant(), doctor.Zone);
    }

    public static Task<HttpResponseMessage> BookAsync(this ApiUser patient, TestDoctor doctor, string start, string? reason = "Check-up") =>
        patient.Client.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, start, reason), TestContext.Current.CancellationToken);

    public static async Task<AppointmentView> BookOkAsync(this ApiUser patient, TestDoctor doctor, string start)
    {
        var response = await patient.BookAsync(doctor, start);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<AppointmentView>(TestContext.Current.CancellationToken))!;
    }
}
