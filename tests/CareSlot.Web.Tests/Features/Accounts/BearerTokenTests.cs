using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;

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
}
