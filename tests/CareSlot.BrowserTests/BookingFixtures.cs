using System.Globalization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Privacy;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.BrowserTests;

/// <param name="ClinicAddress">Street, postcode and city, as the site and its messages write them.</param>
public sealed record BookableDoctor(int Id, int ClinicId, string FamilyName, string FullName, string ClinicName, string ClinicAddress, string ClinicPhone);

/// <summary>A doctor's or an administrator's sign-in with two-factor on: the key an authenticator app would hold.</summary>
public sealed record StaffLogin(string Email, byte[] AuthenticatorKey);

/// <summary>
/// People and schedules a booking journey needs, made through the app's own services so that each
/// journey has its own doctor and patient and no journey changes what another one sees.
/// </summary>
public static class BookingFixtures
{
    public const string Password = "correct horse battery staple";

    /// <summary>A verified patient who can sign in with <see cref="Password"/>.</summary>
    public static async Task<string> CreatePatientAsync(this BrowserApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();
        var email = $"journey-{Guid.NewGuid():N}@example.org";
        var account = new Account
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = "Jo Journey", DateOfBirth = new(1990, 2, 3),
            CreatedAt = clock.GetCurrentInstant(), TermsAcceptedAt = clock.GetCurrentInstant(), TermsVersion = "test",
            PreferredLanguage = app.Language,
        };
        var created = await users.CreateAsync(account, Password);
        Assert.True(created.Succeeded, string.Join(' ', created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, Roles.Patient);
        return email;
    }

    /// <summary>A listed doctor with a unique family name who works 08:00–18:00 every day in Berlin, with two visit types.</summary>
    public static async Task<BookableDoctor> CreateBookableDoctorAsync(this BrowserApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var familyName = $"Journeyman{suffix}";
        var clinic = new Clinic($"Journey Clinic {suffix}", "Testweg 1", "Berlin", "10115", "DE", 52.53, 13.38, "Europe/Berlin", "+493011112222");
        var doctor = new Doctor("Dr.", "Jamie", familyName, "A doctor made for one browser journey.", ["en"], acceptingNewPatients: true, isListed: true);
        doctor.Specialties.Add(await db.Specialties.FirstAsync(s => s.Slug == "general-practice"));
        doctor.Clinics.Add(clinic);
        doctor.RefreshSearchKey();
        db.Doctors.Add(doctor);
        await db.SaveChangesAsync();
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            db.WeeklyHours.Add(new WeeklyHours(doctor.Id, clinic.Id, WeeklyHoursKind.Working, day, new LocalTime(8, 0), new LocalTime(18, 0)));
        }
        db.AppointmentTypes.Add(new AppointmentType(doctor.Id, "Consultation", 30, 0, VisitMode.InPerson, true, true));
        db.AppointmentTypes.Add(new AppointmentType(doctor.Id, "Video call", 15, 5, VisitMode.Video, true, true));
        await db.SaveChangesAsync();
        return new BookableDoctor(doctor.Id, clinic.Id, familyName, doctor.DisplayName, clinic.Name,
            $"{clinic.AddressLine}, {clinic.Postcode} {clinic.City}", clinic.Phone);
    }

    /// <summary>
    /// A colleague of <paramref name="doctor"/>: listed at the same clinic, general practice too, 08:00–18:00 every day, with a
    /// 30-minute consultation — where an administrator may move the doctor's patients.
    /// </summary>
    public static async Task<BookableDoctor> CreateColleagueAsync(this BrowserApp app, BookableDoctor doctor)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var clinic = await db.Clinics.SingleAsync(c => c.Id == doctor.ClinicId);
        var familyName = $"Colleague{Guid.NewGuid().ToString("N")[..8]}";
        var colleague = new Doctor("Dr.", "Casey", familyName, "A colleague made for one browser journey.", ["en"], acceptingNewPatients: true, isListed: true);
        colleague.Specialties.Add(await db.Specialties.FirstAsync(s => s.Slug == "general-practice"));
        colleague.Clinics.Add(clinic);
        colleague.RefreshSearchKey();
        db.Doctors.Add(colleague);
        await db.SaveChangesAsync();
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            db.WeeklyHours.Add(new WeeklyHours(colleague.Id, clinic.Id, WeeklyHoursKind.Working, day, new LocalTime(8, 0), new LocalTime(18, 0)));
        }
        db.AppointmentTypes.Add(new AppointmentType(colleague.Id, "Consultation", 30, 0, VisitMode.InPerson, true, true));
        await db.SaveChangesAsync();
        return new BookableDoctor(colleague.Id, clinic.Id, familyName, colleague.DisplayName, clinic.Name, doctor.ClinicAddress, clinic.Phone);
    }

    /// <summary>A Doctor account for the given directory entry, with two-factor on.</summary>
    public static Task<StaffLogin> CreateDoctorLoginAsync(this BrowserApp app, int doctorId) =>
        app.CreateStaffLoginAsync(Roles.Doctor, "Jamie Journeyman", doctorId);

    /// <summary>
    /// An Admin account of its own, with two-factor on: the demo administrator's sign-in belongs to
    /// <see cref="DoctorJourneyTests"/>, which turns two-factor on for it.
    /// </summary>
    public static Task<StaffLogin> CreateAdminLoginAsync(this BrowserApp app) =>
        app.CreateStaffLoginAsync(Roles.Admin, "Alex Administrator", doctorId: null);

    /// <summary>A support agent invited by an administrator, not yet with a password: the path of their e-mailed link.</summary>
    public static async Task<string> CreateInvitationPathAsync(this BrowserApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
        var email = $"invited-{Guid.NewGuid():N}@example.org";
        var account = new Account
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = "Sam Support", DateOfBirth = new(1985, 5, 6),
            CreatedAt = now, TermsAcceptedAt = now, TermsVersion = "test", PreferredLanguage = app.Language,
        };
        var created = await users.CreateAsync(account);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, Roles.Support);
        var token = scope.ServiceProvider.GetRequiredService<StaffInvitationTokens>().Issue(account.Id, account.SecurityStamp!);
        return "/account/accept-invitation?token=" + Uri.EscapeDataString(token);
    }

    /// <param name="doctorId">The directory entry the account is the doctor of, if any.</param>
    private static async Task<StaffLogin> CreateStaffLoginAsync(this BrowserApp app, string role, string fullName, int? doctorId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var account = new Account
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, DateOfBirth = new(1975, 4, 5),
            CreatedAt = clock.GetCurrentInstant(), TermsAcceptedAt = clock.GetCurrentInstant(), TermsVersion = "test",
            PreferredLanguage = app.Language,
        };
        Assert.True((await users.CreateAsync(account, Password)).Succeeded);
        await users.AddToRoleAsync(account, role);
        await users.ResetAuthenticatorKeyAsync(account);
        await users.SetTwoFactorEnabledAsync(account, true);
        if (doctorId is { } id)
        {
            await db.Doctors.Where(d => d.Id == id).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, account.Id));
        }
        var key = await users.GetAuthenticatorKeyAsync(account);
        return new StaffLogin(email, OtpNet.Base32Encoding.ToBytes(key!));
    }

    /// <summary>Books through the real use case: the first free slot at least <paramref name="daysAhead"/> days from now.</summary>
    public static async Task<Guid> BookAsync(this BrowserApp app, string patientEmail, int doctorId, int daysAhead)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CareSlotDb>();
        var patientId = await db.Users.Where(u => u.Email == patientEmail).Select(u => u.Id).SingleAsync();
        var typeId = await db.AppointmentTypes.Where(t => t.DoctorId == doctorId && t.IsOffered).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var from = services.GetRequiredService<IClock>().GetCurrentInstant() + Duration.FromDays(daysAhead);
        var (found, _) = await services.GetRequiredService<FindSlots>().HandleAsync(new FindSlotsRequest(doctorId, typeId, from, from + Duration.FromDays(7)), patientId, default);
        var slot = found!.Slots[0];
        var outcome = await services.GetRequiredService<BookAppointment>().HandleAsync(patientId,
            new BookAppointmentRequest(doctorId, typeId, IsoTime.Format(slot.Start, slot.Zone), "Fixture visit"), default);
        Assert.True(outcome.Problem is null, outcome.Problem?.Detail);
        return outcome.Value!.Id;
    }

    /// <summary>
    /// A confirmed appointment starting <paramref name="fromNow"/> from now (negative: already begun), written
    /// straight to the database as if booked a week ago: past the patient's 24-hour limit or already under
    /// way, which no booking made now could produce.
    /// </summary>
    public static async Task<Guid> SeedAppointmentAsync(this BrowserApp app, string patientEmail, int doctorId, Duration fromNow)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
        var patientId = await db.Users.Where(u => u.Email == patientEmail).Select(u => u.Id).SingleAsync();
        var type = await db.AppointmentTypes.Where(t => t.DoctorId == doctorId).OrderBy(t => t.Id).FirstAsync();
        var clinicId = await db.WeeklyHours.Where(h => h.DoctorId == doctorId).Select(h => h.ClinicId).FirstAsync();
        var appointment = Appointment.Book(doctorId, clinicId, type, patientId, now + fromNow, "", autoConfirm: true, now - Duration.FromDays(7));
        db.Appointments.Add(appointment);
        await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, default);
        await db.SaveChangesAsync();
        return appointment.Id;
    }

    /// <summary>
    /// An e-mail about a new appointment that failed for good, written straight to the outbox as if the SMTP server had
    /// refused it at every attempt: the sink accepts everything, so no message of this app fails by itself.
    /// </summary>
    public static async Task SeedFailedEmailAsync(this BrowserApp app)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var appointmentId = await app.SeedAppointmentAsync(await app.CreatePatientAsync(), doctor.Id, Duration.FromDays(4));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
        var version = await db.Appointments.Where(a => a.Id == appointmentId).Select(a => a.Version).SingleAsync();
        // Not the booking's own message: the outbox holds that one already, and the dispatcher may be sending it.
        var message = new OutboxMessage(NotificationTemplate.PatientConfirmed, NotificationChannel.Email, appointmentId, version,
            Actor.Doctor, changeReason: null, previousStart: null, now, now);
        message.MarkAttemptFailed("The server refused the recipient: 550 5.1.1 mailbox unavailable.", retryAt: null);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
    }

    /// <summary>The appointment's date at its clinic, as YYYY-MM-DD.</summary>
    public static async Task<string> LocalDateAsync(this BrowserApp app, Guid appointmentId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var row = await db.Appointments.Where(a => a.Id == appointmentId)
            .Join(db.Clinics, a => a.ClinicId, c => c.Id, (a, c) => new { a.Start, c.TimeZoneId }).SingleAsync();
        return NodaTime.Text.LocalDatePattern.Iso.Format(row.Start.InZone(DateTimeZoneProviders.Tzdb[row.TimeZoneId]).Date);
    }

    /// <summary>
    /// A doctor whose registration is under review in <paramref name="review"/> (asked a question, or asked and answered), with a
    /// sign-in of their own and the administrator who asked.
    /// </summary>
    public static async Task<(int DoctorId, StaffLogin Doctor)> SeedDoctorInReviewAsync(this BrowserApp app, DoctorReview review)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var login = await app.CreateDoctorLoginAsync(doctor.Id);
        var admin = await app.CreateAdminLoginAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
        var adminId = await db.Users.Where(u => u.Email == admin.Email).Select(u => u.Id).SingleAsync();
        var doctorAccount = await db.Users.Where(u => u.Email == login.Email).Select(u => u.Id).SingleAsync();
        await db.Doctors.Where(d => d.Id == doctor.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.IsListed, false).SetProperty(x => x.Review, review));
        db.DoctorDecisions.Add(new DoctorDecision(doctor.Id, DoctorDecisionKind.InformationRequested,
            "Which authority issued your licence, and since when is it valid?", adminId, now - Duration.FromHours(2)));
        if (review == DoctorReview.Answered)
        {
            db.DoctorDecisions.Add(new DoctorDecision(doctor.Id, DoctorDecisionKind.Answered, "The Berlin medical chamber, since 2012.", doctorAccount,
                now - Duration.FromHours(1)));
        }
        await db.SaveChangesAsync();
        return (doctor.Id, login);
    }

    /// <summary>
    /// One erasure request held by an open dispute and one completed with its records restricted, so the administrators' list
    /// shows both states whatever the other tests erased before.
    /// </summary>
    public static async Task SeedErasureRequestsAsync(this BrowserApp app)
    {
        var held = await app.CreatePatientAsync();
        var completed = await app.CreatePatientAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
        var accounts = await db.Users.Where(u => u.Email == held || u.Email == completed).ToDictionaryAsync(u => u.Email!, u => u.Id);
        var heldRequest = new ErasureRequest(accounts[held], now - Duration.FromHours(3));
        heldRequest.Hold($"dispute {Guid.NewGuid():D}");
        var completedRequest = new ErasureRequest(accounts[completed], now - Duration.FromDays(2));
        completedRequest.Complete(now - Duration.FromDays(2), by: null, now.InUtc().Date.PlusYears(10));
        db.ErasureRequests.AddRange(heldRequest, completedRequest);
        await db.SaveChangesAsync();
    }

    /// <summary>A failed background run, an unhandled error and a failed e-mail for the problems page; the error's correlation id.</summary>
    public static async Task<string> SeedTechnicalProblemsAsync(this BrowserApp app)
    {
        await app.SeedFailedEmailAsync();
        var log = app.Services.GetRequiredService<TechnicalProblemLog>();
        var correlationId = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01";
        await log.RecordBackgroundFailureAsync("OutboxDispatcher", Thrown(), CancellationToken.None);
        await log.RecordUnhandledErrorAsync("GET /appointments/{id:guid}", correlationId, Thrown(), CancellationToken.None);
        return correlationId;
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("seeded", new TimeoutException());
        }
        catch (InvalidOperationException exception)
        {
            return exception;
        }
    }

    /// <summary>The appointment's weekday as the schedule form names it ("monday"), and whether it starts before noon, in clinic time.</summary>
    public static async Task<(string Day, bool BeforeNoon)> WeekdayAndHalfOfDayAsync(this BrowserApp app, Guid appointmentId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var row = await db.Appointments.Where(a => a.Id == appointmentId)
            .Join(db.Clinics, a => a.ClinicId, c => c.Id, (a, c) => new { a.Start, c.TimeZoneId }).SingleAsync();
        var local = row.Start.InZone(DateTimeZoneProviders.Tzdb[row.TimeZoneId]);
        return (local.DayOfWeek.ToString().ToLowerInvariant(), local.Hour < 12);
    }
}
