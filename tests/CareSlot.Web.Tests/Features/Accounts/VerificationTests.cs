using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class VerificationTestsOnSqlite(SqliteApp app) : VerificationTests(app), IClassFixture<SqliteApp>;

public sealed class VerificationTestsOnPostgres(PostgresApp app) : VerificationTests(app), IClassFixture<PostgresApp>;

public abstract class VerificationTests(CareSlotApp app)
{
    private readonly HttpClient client = app.CreateBrowserClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RegisterPatientRequest> RegisterAsync(string phone = "+44 7400 123123")
    {
        var request = AccountsTestKit.ValidRegistration() with { Phone = phone };
        (await client.RegisterAsync(request)).EnsureSuccessStatusCode();
        return request;
    }

    private Task<Account> AccountAsync(string email) => app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Ct));

    private Task<HttpResponseMessage> VerifyPhoneAsync(string email, string code) =>
        client.PostAsJsonAsync("/api/v1/auth/verify-phone", new VerifyPhoneRequest(email, code), Ct);

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    [Fact]
    public async Task EmailLink_Opened_ActivatesTheAccount()
    {
        var request = await RegisterAsync();

        var response = await client.GetAsync(new Uri(await app.VerificationLinkAsync(request.Email!), UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await AccountAsync(request.Email!);
        Assert.True(account.EmailConfirmed);
        Assert.True(account.IsActive);
        Assert.False(account.PhoneNumberConfirmed);
    }

    [Fact]
    public async Task EmailLink_UsedTwice_IsRefusedTheSecondTime()
    {
        var request = await RegisterAsync();
        var link = new Uri(await app.VerificationLinkAsync(request.Email!), UriKind.Relative);
        await client.GetAsync(link, Ct);

        var again = await client.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("not valid", (await again.ReadHtmlAsync()).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailLink_After24Hours_HasExpired()
    {
        var request = await RegisterAsync();
        var link = new Uri(await app.VerificationLinkAsync(request.Email!), UriKind.Relative);

        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var response = await client.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired", (await response.ReadHtmlAsync()).Body!.TextContent, StringComparison.Ordinal);
        Assert.False((await AccountAsync(request.Email!)).EmailConfirmed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task EmailLink_Tampered_IsRefusedWithoutA500(string token)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/confirm-email", new ConfirmEmailRequest(token), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["token"], problem.Errors.Keys);
    }

    [Fact]
    public async Task SmsCode_Correct_VerifiesThePhoneAndActivates()
    {
        var request = await RegisterAsync("+44 7400 123124");
        var code = await app.SmsCodeAsync("+447400123124");

        Assert.Equal(HttpStatusCode.NoContent, (await VerifyPhoneAsync(request.Email!, code)).StatusCode);

        var account = await AccountAsync(request.Email!);
        Assert.True(account.PhoneNumberConfirmed);
        Assert.True(account.IsActive);
        Assert.Equal(0, await app.WithDbAsync(db => db.PhoneVerifications.CountAsync(v => v.AccountId == account.Id, Ct)));
    }

    [Fact]
    public async Task SmsCode_ReusedAfterSuccess_IsRefused()
    {
        var request = await RegisterAsync("+44 7400 123125");
        var code = await app.SmsCodeAsync("+447400123125");
        await VerifyPhoneAsync(request.Email!, code);

        await (await VerifyPhoneAsync(request.Email!, code)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SmsCode_AfterTenMinutes_HasExpired()
    {
        var request = await RegisterAsync("+44 7400 123126");
        var code = await app.SmsCodeAsync("+447400123126");

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var problem = await (await VerifyPhoneAsync(request.Email!, code)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("expired", problem.Errors["code"][0], StringComparison.Ordinal);
        Assert.False((await AccountAsync(request.Email!)).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task SmsCode_SixthAttemptAfterFiveWrong_IsRefusedEvenWhenRight()
    {
        var request = await RegisterAsync("+44 7400 123127");
        var code = await app.SmsCodeAsync("+447400123127");
        for (var attempt = 1; attempt <= PhoneVerification.MaxAttempts; attempt++)
        {
            var wrong = await (await VerifyPhoneAsync(request.Email!, Wrong(code))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(attempt < 5 ? $"{5 - attempt} attempt" : "Too many", wrong.Errors["code"][0], StringComparison.Ordinal);
        }

        var sixth = await (await VerifyPhoneAsync(request.Email!, code)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("new code", sixth.Errors["code"][0], StringComparison.Ordinal);
        Assert.False((await AccountAsync(request.Email!)).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task SmsCode_NewCodeAfterLockout_Works()
    {
        var request = await RegisterAsync("+44 7400 123128");
        var first = await app.SmsCodeAsync("+447400123128");
        for (var attempt = 0; attempt < PhoneVerification.MaxAttempts; attempt++) await VerifyPhoneAsync(request.Email!, Wrong(first));

        app.Clock.Advance(TimeSpan.FromSeconds(1)); // the new SMS sorts after the first in the mailbox
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/auth/resend-phone-code", new ResendPhoneCodeRequest(request.Email), Ct)).StatusCode);
        var second = await app.SmsCodeAsync("+447400123128");

        Assert.Equal(HttpStatusCode.NoContent, (await VerifyPhoneAsync(request.Email!, second)).StatusCode);
    }

    [Fact]
    public async Task ResendCode_KnownAndUnknownAddress_GetTheSameAnswer()
    {
        var request = await RegisterAsync("+44 7400 123129");

        var known = await client.PostAsJsonAsync("/api/v1/auth/resend-phone-code", new ResendPhoneCodeRequest(request.Email), Ct);
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/resend-phone-code", new ResendPhoneCodeRequest("nobody@example.com"), Ct);

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task VerifyPhone_UnknownAddress_LooksLikeAWrongCode()
    {
        var problem = await (await VerifyPhoneAsync("nobody@example.com", "123456")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["code"], problem.Errors.Keys);
    }
}
