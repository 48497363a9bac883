using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class BearerTokenTestsOnSqlite(SqliteApp app) : BearerTokenTests(app), IClassFixture<SqliteApp>;

public sealed class BearerTokenTestsOnPostgres(PostgresApp app) : BearerTokenTests(app), IClassFixture<PostgresApp>;

public abstract class BearerTokenTests(CareSlotApp app)
{
    private sealed record Tokens(string AccessToken, long ExpiresIn, string RefreshToken);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly HttpClient client = app.CreateClient();

    private Task<HttpResponseMessage> LoginAsync(string email, string password, string? code = null) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(email, password, code), Ct);

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(refreshToken), Ct);

    private async Task<HttpResponseMessage> MeAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/me", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Login_VerifiedPatient_GetsATokenThatReadsMe()
    {
        var email = await app.RegisterVerifiedPatientAsync();

        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();
        var me = await (await MeAsync(tokens.AccessToken)).ShouldBeOkJsonAsync<MyAccount>();

        Assert.Equal(email, me.Email);
        Assert.Equal([Roles.Patient], me.Roles);
        Assert.Equal(15 * 60, tokens.ExpiresIn);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnverified_Is401ProblemDetails()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var unverified = AccountsTestKit.ValidRegistration();
        await app.CreateBrowserClient().RegisterAsync(unverified);

        var wrong = await (await LoginAsync(email, "not the password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var notVerified = await (await LoginAsync(unverified.Email!, AccountsTestKit.Password)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("not correct", wrong.Detail, StringComparison.Ordinal);
        Assert.Contains("Verify", notVerified.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_TwoFactorAccount_NeedsTheCode()
    {
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);

        var withoutCode = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var withCode = await LoginAsync(email, AccountsTestKit.Password, await app.AuthenticatorCodeAsync(email));

        Assert.Contains("twoFactorCode", withoutCode.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
    }

    [Fact]
    public async Task AccessToken_AfterFifteenMinutes_IsRefusedAndTheRefreshTokenRenewsIt()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(tokens.AccessToken)).StatusCode);

        var renewed = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(tokens.RefreshToken), Ct)).ShouldBeOkJsonAsync<Tokens>();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(renewed.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Refresh_KeptUpEveryHour_EndsTwelveHoursAfterSignIn()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();

        for (var hour = 1; hour <= 12; hour++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMinutes(hour == 12 ? 1 : 0));
            tokens = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(tokens.RefreshToken), Ct)).ShouldBeOkJsonAsync<Tokens>();
        }
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var refused = await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(tokens.RefreshToken), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Refresh_TwoFactorSession_StaysTwoFactor_PasswordSessionDoesNot()
    {
        var email = await app.CreateAccountAsync(Roles.Admin, twoFactor: true);
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password, await app.AuthenticatorCodeAsync(email))).ShouldBeOkJsonAsync<Tokens>();
        Assert.Equal(HttpStatusCode.OK, (await AppointmentsAsync(tokens.AccessToken)).StatusCode);
        var passwordOnly = await app.CreateAccountAsync(Roles.Admin);
        var weaker = await (await LoginAsync(passwordOnly, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var renewed = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(tokens.RefreshToken), Ct)).ShouldBeOkJsonAsync<Tokens>();
        var renewedWeaker = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(weaker.RefreshToken), Ct)).ShouldBeOkJsonAsync<Tokens>();

        // Patient data needs a two-factor session from staff: the refreshed token still is one, the password one never was.
        Assert.Equal(HttpStatusCode.OK, (await AppointmentsAsync(renewed.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AppointmentsAsync(renewedWeaker.AccessToken)).StatusCode);
    }

    private async Task<HttpResponseMessage> AppointmentsAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/appointments", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    public async Task Refresh_BadToken_Is401(string token)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(token), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AccessToken_AfterSignOutEverywhere_IsRefused()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(tokens.AccessToken)).StatusCode);
        var browser = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, AccountsTestKit.Password)).StatusCode);

        var signOut = await browser.SubmitFormAsync("/account", new Dictionary<string, string>(), "/account/sign-out?handler=Everywhere");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        // At once on the instance that changed the stamp; MultiInstanceTests show another instance within a minute.
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task AccessToken_AfterPasswordReset_IsRefused()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(tokens.AccessToken)).StatusCode);
        string resetToken;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            resetToken = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync(email))!);
        }

        var reset = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, resetToken, "a brand new passphrase"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Refresh_TokenUsedOnce_IsRefusedTheSecondTime()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();

        var renewed = await (await RefreshAsync(tokens.RefreshToken)).ShouldBeOkJsonAsync<Tokens>();
        var again = await RefreshAsync(tokens.RefreshToken);

        Assert.NotEqual(tokens.RefreshToken, renewed.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Refresh_ReplayedToken_EndsEveryTokenOfThatSignInButNoOther()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var first = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();
        var otherDevice = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();
        var second = await (await RefreshAsync(first.RefreshToken)).ShouldBeOkJsonAsync<Tokens>();
        var third = await (await RefreshAsync(second.RefreshToken)).ShouldBeOkJsonAsync<Tokens>();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(third.AccessToken)).StatusCode);

        var replay = await RefreshAsync(first.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(third.RefreshToken)).StatusCode);
        // At once on the instance that saw the replay; elsewhere within a minute, as for a sign-out everywhere.
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(third.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(first.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(otherDevice.AccessToken)).StatusCode);
        await (await RefreshAsync(otherDevice.RefreshToken)).ShouldBeOkJsonAsync<Tokens>();
    }

    [Fact]
    public async Task Refresh_SameTokenConcurrently_OnlyOneSucceeds()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => RefreshAsync(tokens.RefreshToken), Ct)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Fact]
    public async Task Login_DeletesTheRefreshTokensOfSessionsThatEnded()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var tokens = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();
        await (await RefreshAsync(tokens.RefreshToken)).ShouldBeOkJsonAsync<Tokens>();
        var accountId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        Assert.Equal(2, await app.WithDbAsync(db => db.RefreshTokens.CountAsync(t => t.AccountId == accountId, Ct)));

        // The session's last access token may still be shown for one lifetime after the session's end.
        app.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(16));
        await (await LoginAsync(await app.RegisterVerifiedPatientAsync(), AccountsTestKit.Password)).ShouldBeOkJsonAsync<Tokens>();

        Assert.Equal(0, await app.WithDbAsync(db => db.RefreshTokens.CountAsync(t => t.AccountId == accountId, Ct)));
    }

    [Fact]
    public async Task Login_LockedAndUnknownAddress_GetTheSameAnswer()
    {
        var email = await app.RegisterVerifiedPatientAsync();

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var known = await (await LoginAsync(email, "wrong password " + attempt)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            var unknown = await (await LoginAsync("nobody-" + email, "wrong password " + attempt)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal((unknown.Status, unknown.Title, unknown.Detail), (known.Status, known.Title, known.Detail));
        }
        var lockedRightPassword = await (await LoginAsync(email, AccountsTestKit.Password)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var unknownAgain = await (await LoginAsync("nobody-" + email, AccountsTestKit.Password)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal((unknownAgain.Status, unknownAgain.Title, unknownAgain.Detail), (lockedRightPassword.Status, lockedRightPassword.Title, lockedRightPassword.Detail));
        Assert.Contains("locked for 15 minutes", unknownAgain.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnverifiedAccountWithAWrongPassword_AnswersAsAnUnknownAddress()
    {
        var unverified = AccountsTestKit.ValidRegistration();
        await app.CreateBrowserClient().RegisterAsync(unverified);

        var known = await (await LoginAsync(unverified.Email!, "wrong password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await LoginAsync("nobody-" + unverified.Email, "wrong password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal((unknown.Status, unknown.Title, unknown.Detail), (known.Status, known.Title, known.Detail));
    }
}
