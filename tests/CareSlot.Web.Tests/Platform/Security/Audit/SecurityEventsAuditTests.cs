using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Security.Audit;

public sealed class SecurityEventsAuditTestsOnSqlite(SqliteApp app) : SecurityEventsAuditTests(app), IClassFixture<SqliteApp>;

public sealed class SecurityEventsAuditTestsOnPostgres(PostgresApp app) : SecurityEventsAuditTests(app), IClassFixture<PostgresApp>;

/// <summary>Each security event writes exactly one row of its kind, naming who and never what was typed.</summary>
public abstract partial class SecurityEventsAuditTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Guid> IdOfAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));

    /// <summary>The rows since <paramref name="before"/>, checked to hold none of <paramref name="secrets"/> in any field.</summary>
    private async Task<List<AuditEntry>> RowsAsync(long before, params string[] secrets)
    {
        var rows = await app.AuditRowsAfterAsync(before);
        foreach (var row in rows)
        {
            var fields = string.Join('|', row.ActorRole, row.Record, row.Action, row.ClientAddress, row.CorrelationId);
            foreach (var secret in secrets) Assert.DoesNotContain(secret, fields, StringComparison.OrdinalIgnoreCase);
        }
        return rows;
    }

    [Fact]
    public async Task SignIn_RightPassword_WritesOneSucceededRow_NamingTheAccountAndItsRole()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var before = await app.AuditHeadAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password)).StatusCode);

        var row = Assert.Single(await RowsAsync(before, email, AccountsTestKit.Password));
        Assert.Equal((AuditActions.SignInSucceeded, AuditOutcome.Allowed, await IdOfAsync(email), Roles.Patient),
            (row.Action, row.Outcome, row.ActorId!.Value, row.ActorRole));
        Assert.Null(row.PatientId);
        Assert.NotNull(row.CorrelationId);
    }

    [Fact]
    public async Task SignIn_WrongPassword_WritesOneFailedRow_NamingTheAccount_NothingOfWhatWasTyped()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var before = await app.AuditHeadAsync();

        await app.CreateBrowserClient().SignInAsync(email, "a wrong guess of a password");

        var row = Assert.Single(await RowsAsync(before, email, "a wrong guess of a password"));
        Assert.Equal((AuditActions.SignInFailed, AuditOutcome.Failed, await IdOfAsync(email)), (row.Action, row.Outcome, row.ActorId!.Value));
    }

    [Fact]
    public async Task SignIn_UnknownAddress_WritesOneFailedRow_WithoutAnyoneOrTheAddress()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var before = await app.AuditHeadAsync();

        await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password);

        var row = Assert.Single(await RowsAsync(before, email, AccountsTestKit.Password));
        Assert.Equal((AuditActions.SignInFailed, AuditOutcome.Failed, (Guid?)null, AuditTrail.AnonymousRole), (row.Action, row.Outcome, row.ActorId, row.ActorRole));
    }

    [Fact]
    public async Task SignIn_FifthWrongPassword_WritesItsFailureAndOneLockout_ThenAttemptsAreRefusedRows()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var id = await IdOfAsync(email);
        var client = app.CreateBrowserClient();
        for (var i = 0; i < 4; i++) await client.SignInAsync(email, "a wrong guess of a password");
        var before = await app.AuditHeadAsync();

        await client.SignInAsync(email, "a wrong guess of a password");

        var rows = await RowsAsync(before, email);
        Assert.Equal([(AuditActions.LockedOut, AuditOutcome.Allowed), (AuditActions.SignInFailed, AuditOutcome.Failed)], rows.Select(r => (r.Action, r.Outcome)));
        Assert.All(rows, r => Assert.Equal(id, r.ActorId));

        var whileLocked = await app.AuditHeadAsync();
        await client.SignInAsync(email, AccountsTestKit.Password);
        var refused = Assert.Single(await RowsAsync(whileLocked, email));
        Assert.Equal((AuditActions.SignInFailed, AuditOutcome.Refused, id), (refused.Action, refused.Outcome, refused.ActorId!.Value));
        app.Clock.Advance(TimeSpan.FromMinutes(16)); // the lockout ends for whoever signs in next on this app
    }

    [Fact]
    public async Task Login_ThroughTheApi_WritesOneSucceededRow()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var before = await app.AuditHeadAsync();

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(email, AccountsTestKit.Password, null), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await RowsAsync(before, email, AccountsTestKit.Password));
        Assert.Equal((AuditActions.SignInSucceeded, await IdOfAsync(email)), (row.Action, row.ActorId!.Value));
    }

    [Fact]
    public async Task TwoFactor_TurnedOnByThePerson_WritesOneRowForItAndOneForItsRecoveryCodes()
    {
        var email = await app.CreateAccountAsync(Roles.Doctor);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email, AccountsTestKit.Password);
        var key = (await (await client.GetAsync(new Uri("/account/two-factor", UriKind.Relative), Ct)).ReadHtmlAsync()).QuerySelector("#shared-key")!.TextContent;
        var before = await app.AuditHeadAsync();

        var enabled = await client.SubmitFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = AccountsTestKit.TotpCode(key) });

        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = (await enabled.ReadHtmlAsync()).QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToArray();
        var rows = await RowsAsync(before, [email, key.Replace(" ", "", StringComparison.Ordinal), .. codes]);
        var id = await IdOfAsync(email);
        Assert.Equal([AuditActions.TwoFactorEnabled, AuditActions.RecoveryCodesGenerated], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal((id, Roles.Doctor, $"account {id:D}"), (r.ActorId!.Value, r.ActorRole, r.Record)));
    }

    [Fact]
    public async Task TwoFactor_WrongCodeAtSignIn_WritesOneTwoFactorFailure_AndTheRightOneOneSuccess()
    {
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);
        var id = await IdOfAsync(email);
        var client = app.CreateBrowserClient();
        var first = await client.SignInAsync(email, AccountsTestKit.Password);
        var right = await app.AuthenticatorCodeAsync(email);
        var before = await app.AuditHeadAsync();

        await client.SubmitFormAsync(first.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = right == "123456" ? "654321" : "123456" });

        var failed = Assert.Single(await RowsAsync(before, email));
        Assert.Equal((AuditActions.TwoFactorSignInFailed, AuditOutcome.Failed, id), (failed.Action, failed.Outcome, failed.ActorId!.Value));

        var beforeSuccess = await app.AuditHeadAsync();
        await client.SubmitFormAsync(first.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = await app.AuthenticatorCodeAsync(email) });
        var succeeded = Assert.Single(await RowsAsync(beforeSuccess, email));
        Assert.Equal((AuditActions.SignInSucceeded, AuditOutcome.Allowed, id, Roles.Doctor), (succeeded.Action, succeeded.Outcome, succeeded.ActorId!.Value, succeeded.ActorRole));
    }

    [Fact]
    public async Task TwoFactor_TurnedOffOrCodesRegenerated_WritesOneRowEach()
    {
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = (await users.FindByEmailAsync(email))!;

        var beforeCodes = await app.AuditHeadAsync();
        await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10);
        Assert.Equal(AuditActions.RecoveryCodesGenerated, Assert.Single(await RowsAsync(beforeCodes, email)).Action);

        var beforeOff = await app.AuditHeadAsync();
        await users.SetTwoFactorEnabledAsync(account, false);
        await users.SetTwoFactorEnabledAsync(account, false); // no change, no row
        var off = Assert.Single(await RowsAsync(beforeOff, email));
        Assert.Equal((AuditActions.TwoFactorDisabled, $"account {account.Id:D}"), (off.Action, off.Record));
    }

    [Fact]
    public async Task PasswordReset_RequestForAKnownOrUnknownAddress_OneRowEach_AndItsCompletion_OneRow()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var id = await IdOfAsync(email);
        var client = app.CreateClient();
        var before = await app.AuditHeadAsync();

        await client.PostAsJsonAsync("/api/v1/auth/forgot-password", new ForgotPasswordRequest(email), Ct);
        await client.PostAsJsonAsync("/api/v1/auth/forgot-password", new ForgotPasswordRequest("nobody-" + email), Ct);

        var requests = await RowsAsync(before, email);
        Assert.Equal([(AuditActions.PasswordResetRequested, AuditOutcome.Allowed, (Guid?)id), (AuditActions.PasswordResetRequested, AuditOutcome.Refused, null)],
            requests.Select(r => (r.Action, r.Outcome, r.ActorId)));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var message = await app.LastMessageToAsync(email, MailboxMessageKind.Email);
        var token = Uri.UnescapeDataString(TokenPattern().Match(message.Body).Groups[1].Value);
        var beforeReset = await app.AuditHeadAsync();
        var reset = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, "a brand new passphrase"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var completed = Assert.Single(await RowsAsync(beforeReset, email, token, "a brand new passphrase"));
        Assert.Equal((AuditActions.PasswordResetCompleted, AuditOutcome.Allowed, id), (completed.Action, completed.Outcome, completed.ActorId!.Value));
    }

    [Fact]
    public async Task PasswordChange_WritesOneRow_RightOrWrongCurrentPassword()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = (await users.FindByEmailAsync(email))!;
        var before = await app.AuditHeadAsync();

        await users.ChangePasswordAsync(account, AccountsTestKit.Password, "another fine passphrase");

        var row = Assert.Single(await RowsAsync(before, email, AccountsTestKit.Password, "another fine passphrase"));
        Assert.Equal((AuditActions.PasswordChanged, AuditOutcome.Allowed, $"account {account.Id:D}"), (row.Action, row.Outcome, row.Record));
    }

    [Fact]
    public async Task DoctorApproval_ByAnAdministrator_WritesOneRowWithTheAdministratorAsActor()
    {
        var doctorEmail = await app.CreateAccountAsync(Roles.Doctor);
        var doctorAccount = await IdOfAsync(doctorEmail);
        var doctorId = await app.WithDbAsync(async db =>
        {
            var doctor = Doctor.Pending(doctorAccount, "Dana Pending", "LIC-123");
            db.Doctors.Add(doctor);
            await db.SaveChangesAsync(Ct);
            return doctor.Id;
        });
        var adminEmail = await app.CreateAccountAsync(Roles.Admin, twoFactor: true);
        var admin = app.CreateBrowserClient();
        await admin.SignInWithTwoFactorAsync(app, adminEmail);
        var before = await app.AuditHeadAsync();

        var approved = await admin.SubmitFormAsync($"/admin/doctors/pending/{doctorId}", new Dictionary<string, string> { ["Approval.Confirm"] = "true" },
            formSelector: "form[action*='handler=Approve']");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var row = Assert.Single(await RowsAsync(before, doctorEmail, adminEmail));
        Assert.Equal((AuditActions.DoctorApproved, await IdOfAsync(adminEmail), Roles.Admin, $"account {doctorAccount:D} doctor {doctorId}"),
            (row.Action, row.ActorId!.Value, row.ActorRole, row.Record));
    }

    [Fact]
    public async Task CreateAdministrator_AsTheCommandDoes_WritesOneRoleGrantedRowByTheSystem()
    {
        var email = $"ops-{Guid.NewGuid():N}@example.com";
        var before = await app.AuditHeadAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<CreateAdministrator>().HandleAsync(email, "a long operator passphrase"));
        }

        var row = Assert.Single(await RowsAsync(before, email, "a long operator passphrase"));
        Assert.Equal((AuditActions.RoleGranted, (Guid?)null, AuditTrail.SystemRole, $"account {await IdOfAsync(email):D} role {Roles.Admin}"),
            (row.Action, row.ActorId, row.ActorRole, row.Record));
    }

    [GeneratedRegex(@"reset-password\?email=[^&\s]+&token=([^\s""<>]+)")]
    private static partial Regex TokenPattern();
}

/// <summary>The client address is the one the trusted proxy forwarded, else the peer's: never one a client chose.</summary>
public sealed class AuditClientAddressTests(TrustedProxySqliteApp app) : IClassFixture<TrustedProxySqliteApp>
{
    private async Task<AuditEntry> FailedSignInFromAsync(string peer)
    {
        var before = await app.AuditHeadAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/login", UriKind.Relative))
        {
            Content = JsonContent.Create(new LoginRequest($"nobody-{Guid.NewGuid():N}@example.com", "whatever it is", null)),
        };
        request.Headers.Add(TrustedProxySqliteApp.PeerHeader, peer);
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        return Assert.Single(await app.AuditRowsAfterAsync(before));
    }

    [Fact]
    public async Task Address_ThroughTheConfiguredProxy_IsTheForwardedClient()
    {
        Assert.Equal("198.51.100.7", (await FailedSignInFromAsync("10.0.0.5")).ClientAddress);
    }

    [Fact]
    public async Task Address_FromAnyoneElse_IsThePeer_NotWhatItForwarded()
    {
        Assert.Equal("203.0.113.9", (await FailedSignInFromAsync("203.0.113.9")).ClientAddress);
    }
}
