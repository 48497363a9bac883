using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Accounts;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class AccountsAdminTestsOnSqlite(SqliteApp app) : AccountsAdminTests(app), IClassFixture<SqliteApp>;

public sealed class AccountsAdminTestsOnPostgres(PostgresApp app) : AccountsAdminTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Administrators find accounts, read what they did (never what they said to a doctor), and suspend, reactivate, force a
/// password reset or reset two-factor — each confirmed, audited, and ending the owner's sessions on the very next request.
/// </summary>
public abstract class AccountsAdminTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] BookedStatuses = ["requested", "confirmed"];

    private static readonly object Reason = new { reason = "Reported as compromised by the owner on the phone." };

    private static async Task<JsonObject> SearchAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync(new Uri("/api/v1/admin/accounts?" + query, UriKind.Relative), Ct);
        return await response.ShouldBeOkJsonAsync<JsonObject>();
    }

    private static List<Guid> Ids(JsonObject page) => [.. page["accounts"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>())];

    [Fact]
    public async Task Search_ByNameEmailPhoneRoleAndStatus_FindsOnlyTheMatches()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var token = $"Zq{Guid.NewGuid():N}"[..12];
        var number = "+4474009" + Random.Shared.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var patient = await app.CreateAccountAsync($"Ada {token} Lovelace", number);
        var support = await app.CreateAccountAsync($"Bob {token} Builder", role: Roles.Support);
        var unverified = await app.CreateAccountAsync($"Cy {token} Unconfirmed", verified: false);
        var locked = await app.CreateAccountAsync($"Di {token} Locked");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == locked.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, app.Clock.GetUtcNow().AddMinutes(10)), Ct));

        Assert.Equal(new[] { unverified.Id, support.Id, patient.Id, locked.Id }.Order(), Ids(await SearchAsync(admin.Bearer, $"name={token.ToLowerInvariant()}")).Order());
        Assert.Equal([patient.Id, support.Id, unverified.Id, locked.Id], Ids(await SearchAsync(admin.Bearer, $"name={token}&sort=name")));
        Assert.Equal([support.Id], Ids(await SearchAsync(admin.Bearer, $"name={token}&role=Support")));
        Assert.Equal([unverified.Id], Ids(await SearchAsync(admin.Bearer, $"name={token}&status=unverified")));
        Assert.Equal([locked.Id], Ids(await SearchAsync(admin.Bearer, $"name={token}&status=locked-out")));
        Assert.Equal(new[] { support.Id, patient.Id }.Order(), Ids(await SearchAsync(admin.Bearer, $"name={token}&status=active")).Order());
        Assert.Equal([patient.Id], Ids(await SearchAsync(admin.Bearer, "email=" + Uri.EscapeDataString(patient.Email![6..20].ToUpperInvariant()))));
        // The number as people write it, and a part of it.
        var spaced = $"{number[..3]} {number[3..7]} {number[7..]}";
        Assert.Equal([patient.Id], Ids(await SearchAsync(admin.Bearer, "phone=" + Uri.EscapeDataString(spaced))));
        Assert.Equal([patient.Id], Ids(await SearchAsync(admin.Bearer, "phone=" + Uri.EscapeDataString(number[^7..]))));

        var page = await (await admin.Browser.GetAsync(new Uri($"/admin/accounts?name={token}&status=unverified", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains($"Cy {token} Unconfirmed", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WrongFilters_Are400NamingEachField_OnTheApiAndThePage()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var problem = await (await admin.Bearer.GetAsync(new Uri("/api/v1/admin/accounts?status=asleep&role=Pilot&page=0&sort=age&phone=call-me",
            UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["page", "phone", "role", "sort", "status"], problem.Errors.Keys.Order());

        var response = await admin.Browser.GetAsync(new Uri("/admin/accounts?status=asleep", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#status-error"));
        Assert.Equal("true", page.QuerySelector("#status")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Profile_ShowsSignInsAppointmentsAndMessageCounts_ButNoClinicalContent()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var patientSession = await app.SignInAsync(Caller.Patient);
        var patientId = await patientSession.IdAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        const string SecretReason = "Secret reason: a rash nobody may read";
        const string SecretBody = "Secret body: my private symptoms";
        var booked = await patientSession.Bearer.PostAsJsonAsync("/api/v1/appointments",
            new { doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start = app.LocalTimeTomorrow(doctor, 10, daysAhead: 2), reason = SecretReason }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var started = await patientSession.Bearer.PostAsJsonAsync("/api/v1/conversations",
            new { doctorId = doctor.DoctorId, subject = "Secret subject", body = SecretBody }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);

        var json = await (await admin.Bearer.GetAsync(new Uri($"/api/v1/admin/accounts/{patientId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<JsonObject>();
        var html = await (await admin.Browser.GetAsync(new Uri($"/admin/accounts/{patientId}", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(1, json["upcomingAppointments"]!.GetValue<int>());
        Assert.Equal(1, json["messagesSent"]!.GetValue<int>());
        Assert.Contains(json["recentSignIns"]!.AsArray(), s => s!["succeeded"]!.GetValue<bool>());
        Assert.Contains(json["recentAppointments"]![0]!["status"]!.GetValue<string>(), BookedStatuses);
        Assert.Contains("Upcoming appointments: 1. Past appointments: 0. Messages sent: 1.", html, StringComparison.Ordinal);
        Assert.Contains("Signed in", html, StringComparison.Ordinal);
        foreach (var secret in new[] { "Secret reason", "Secret body", "Secret subject", "rash", "symptoms" })
        {
            Assert.DoesNotContain(secret, json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Bearer.GetAsync(new Uri($"/api/v1/admin/accounts/{Guid.NewGuid()}", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Suspend_EndsTheCookieSessionAndTheBearerToken_OnTheVeryNextRequest()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var patient = await app.SignInAsync(Caller.Patient);
        var patientId = await patient.IdAsync();
        Assert.True(await patient.Browser.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.OK, await patient.Bearer.MeAsync());

        var suspended = await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{patientId}/suspend", Reason);

        Assert.Equal("suspended", (await suspended.ShouldBeOkJsonAsync<JsonObject>())["status"]!.GetValue<string>());
        Assert.False(await patient.Browser.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await patient.Bearer.MeAsync());
        Assert.True(await app.HasAuditRowAsync(AuditActions.AccountSuspended, patientId));
        var stored = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == patientId, Ct));
        Assert.Equal("Reported as compromised by the owner on the phone.", stored.SuspendedReason);
        Assert.Equal(await admin.IdAsync(), stored.SuspendedBy);
    }

    [Fact]
    public async Task SuspendedAccount_CannotSignInOrResetItsPassword_UntilReactivated()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var email = await app.RegisterVerifiedPatientAsync();
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{id}/suspend", Reason)).EnsureSuccessStatusCode();

        var page = await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("This account is suspended.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var wrongPassword = await app.CreateBrowserClient().SignInAsync(email, "not the password at all");
        Assert.DoesNotContain("suspended", await wrongPassword.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var api = await app.CreateClient().PostJsonAsync("/api/v1/auth/login", new LoginRequest(email, AccountsTestKit.Password, null));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);

        var before = await app.WithDbAsync(db => db.OutboxMessages.CountAsync(Ct));
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostJsonAsync("/api/v1/auth/forgot-password", new ForgotPasswordRequest(email))).StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(Ct)));

        var reactivated = await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{id}/reactivate", new { reason = "The owner proved who they are." });
        Assert.Equal("active", (await reactivated.ShouldBeOkJsonAsync<JsonObject>())["status"]!.GetValue<string>());
        Assert.Equal("/account", (await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password)).Headers.Location?.OriginalString);
        Assert.True(await app.HasAuditRowAsync(AuditActions.AccountReactivated, id));
    }

    [Fact]
    public async Task Suspend_YourselfOrAnAccountTwice_Is409_AndLeavesNoAuditRow()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var adminId = await admin.IdAsync();

        var self = await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{adminId}/suspend", Reason);
        await self.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.False(await app.HasAuditRowAsync(AuditActions.AccountSuspended, adminId));

        var other = await app.CreateAccountAsync("Twice Suspended");
        (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{other.Id}/suspend", Reason)).EnsureSuccessStatusCode();
        await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{other.Id}/suspend", Reason)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{Guid.NewGuid()}/suspend", Reason)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suspend_TheLastAdministratorWhoCanAct_Is409()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var other = await app.CreateAccountAsync("Last Admin Standing", role: Roles.Admin);
        // The caller's session still says Admin, but only the other account holds the role now: it is the last one.
        await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId != other.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Admin))
            .ExecuteDeleteAsync(Ct));

        var problem = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{other.Id}/suspend", Reason)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("last administrator", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_WithoutReasonOrConfirmation_Are400NamingTheField()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var target = await app.CreateAccountAsync("Needs Reasons");

        var api = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{target.Id}/suspend", new { reason = "  " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], api.Errors.Keys);
        var tooLong = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{target.Id}/force-password-reset", new { reason = new string('x', 501) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], tooLong.Errors.Keys);

        var page = await admin.Browser.SubmitFormAsync($"/admin/accounts/{target.Id}", new Dictionary<string, string> { ["Suspension.Reason"] = "A good reason." },
            $"/admin/accounts/{target.Id}?handler=Suspend");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.ReadHtmlAsync();
        Assert.Equal("Tick the box to confirm.", html.QuerySelector("#Suspension_Confirm-error")?.TextContent);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.SuspendedAt).SingleAsync(Ct)));

        var confirmed = await admin.Browser.SubmitFormAsync($"/admin/accounts/{target.Id}",
            new Dictionary<string, string> { ["Suspension.Reason"] = "A good reason.", ["Suspension.Confirm"] = "true" }, $"/admin/accounts/{target.Id}?handler=Suspend");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await (await admin.Browser.GetAsync(confirmed.Headers.Location, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("The account is suspended: its sessions have ended and it cannot sign in.", after, StringComparison.Ordinal);
        Assert.Contains("A good reason.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForcePasswordReset_OldPasswordStopsAndSessionsEnd_AndTheEmailedLinkSetsANewOne()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var email = await app.RegisterVerifiedPatientAsync();
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);
        Assert.True(await browser.IsSignedInAsync());
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // the reset mail sorts after the verification mail

        (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{id}/force-password-reset", Reason)).EnsureSuccessStatusCode();

        Assert.False(await browser.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password)).StatusCode);
        var message = await app.LastMessageToAsync(email, CareSlot.Web.Features.Notifications.Delivery.MailboxMessageKind.Email);
        Assert.Contains("Reset your CareSlot password", message.Entry.Summary, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(message.Body, @"[?&]token=([^\s&""<>]+)").Groups[1].Value);
        var reset = await app.CreateClient().PostJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, "a brand new passphrase"));
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal("/account", (await app.CreateBrowserClient().SignInAsync(email, "a brand new passphrase")).Headers.Location?.OriginalString);
        Assert.True(await app.HasAuditRowAsync(AuditActions.PasswordResetForced, id));
    }

    [Fact]
    public async Task ResetTwoFactor_NeedsTheIdentityCheck_ThenTurnsItOffEndsSessionsAndTellsTheOwner()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var support = await app.SignInAsync(Caller.Support);
        var supportId = await support.IdAsync();
        Assert.Equal(HttpStatusCode.OK, await support.Bearer.MeAsync());
        await app.WithDbAsync(async db =>
        {
            db.UserTokens.Add(new() { UserId = supportId, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = "aaaa-bbbb;cccc-dddd" });
            return await db.SaveChangesAsync(Ct);
        });
        var url = $"/api/v1/admin/accounts/{supportId}/reset-two-factor";

        var unchecked_ = await (await admin.Bearer.PostJsonAsync(url, new { reason = "Lost phone, called back.", identityChecked = false }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["identityChecked"], unchecked_.Errors.Keys);
        (await admin.Bearer.PostJsonAsync(url, new { reason = "Lost phone, called back on the number on file.", identityChecked = true })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, await support.Bearer.MeAsync());
        Assert.False(await support.Browser.IsSignedInAsync());
        var stored = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == supportId, Ct));
        Assert.False(stored.TwoFactorEnabled);
        Assert.False(await app.WithDbAsync(db => db.UserTokens.AnyAsync(t => t.UserId == supportId, Ct)));
        await app.DispatchAsync();
        Assert.Contains(await app.EmailsToAsync(stored.Email!), m => m.Subject == "Two-factor authentication is off on your CareSlot account");
        Assert.True(await app.HasAuditRowAsync(AuditActions.TwoFactorReset, supportId));
        await (await admin.Bearer.PostJsonAsync(url, new { reason = "Again.", identityChecked = true })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
