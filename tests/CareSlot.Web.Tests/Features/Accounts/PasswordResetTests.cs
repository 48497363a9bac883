using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class PasswordResetTestsOnSqlite(SqliteApp app) : PasswordResetTests(app), IClassFixture<SqliteApp>;

public sealed class PasswordResetTestsOnPostgres(PostgresApp app) : PasswordResetTests(app), IClassFixture<PostgresApp>;

public abstract partial class PasswordResetTests(CareSlotApp app)
{
    private const string NewPassword = "a brand new passphrase";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly HttpClient client = app.CreateBrowserClient();

    private Task<HttpResponseMessage> ForgotAsync(string email) =>
        client.PostAsJsonAsync("/api/v1/auth/forgot-password", new ForgotPasswordRequest(email), Ct);

    private async Task<(string Email, string Token)> RequestResetAsync()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // the reset mail sorts after the verification mail
        await ForgotAsync(email);
        var message = await app.LastMessageToAsync(email, MailboxMessageKind.Email);
        Assert.Contains("Reset your CareSlot password", message.Entry.Summary, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(TokenPattern().Match(message.Body).Groups[1].Value);
        return (email, token);
    }

    [Fact]
    public async Task Forgot_KnownAndUnknownAddress_GetTheSameAnswer()
    {
        var email = await app.RegisterVerifiedPatientAsync();

        var known = await ForgotAsync(email);
        var unknown = await ForgotAsync("nobody-" + email);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
        await app.DispatchAsync();
        var mailbox = app.Services.GetRequiredService<DevelopmentMailbox>();
        Assert.DoesNotContain(await mailbox.ListAsync(Ct), m => m.To.StartsWith("nobody-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forgot_ForeignHostHeader_IsRefusedAndMailsNoLink()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        await app.DispatchAsync();
        var mailbox = app.Services.GetRequiredService<DevelopmentMailbox>();
        var before = (await mailbox.ListAsync(Ct)).Count(m => m.To == email);

        // What an attacker sends to have the victim's reset link built on their host: the request line's host becomes the Host header.
        var response = await client.PostAsJsonAsync(new Uri("http://evil.example/api/v1/auth/forgot-password"), new ForgotPasswordRequest(email), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await app.DispatchAsync();
        Assert.Equal(before, (await mailbox.ListAsync(Ct)).Count(m => m.To == email));
    }

    [Fact]
    public async Task Forgot_ForwardedHostFromAnUntrustedSender_MailsTheLinkOnThePublicOrigin()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // the reset mail sorts after the verification mail
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/forgot-password", UriKind.Relative))
        {
            Content = JsonContent.Create(new ForgotPasswordRequest(email)),
        };
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request, Ct)).StatusCode);

        var message = await app.LastMessageToAsync(email, MailboxMessageKind.Email);
        Assert.Contains("Reset your CareSlot password", message.Entry.Summary, StringComparison.Ordinal);
        Assert.Contains($"{CareSlotApp.PublicOrigin}/account/reset-password?email=", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgotPage_KnownAndUnknownAddress_ShowTheSamePage()
    {
        var email = await app.RegisterVerifiedPatientAsync();

        var known = await (await client.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email })).ReadHtmlAsync();
        var unknown = await (await client.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = "nobody-" + email })).ReadHtmlAsync();

        Assert.Equal(known.QuerySelector("main")!.TextContent, unknown.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Reset_WithTheLink_ChangesThePasswordOnce()
    {
        var (email, token) = await RequestResetAsync();

        var reset = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, NewPassword), Ct);
        var again = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, "yet another passphrase"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(["token"], (await again.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserClient().SignInAsync(email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Reset_CommonPassword_IsRefusedAndTheLinkStaysUsable()
    {
        var (email, token) = await RequestResetAsync();

        var weak = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, "password123"), Ct);
        var strong = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, NewPassword), Ct);

        Assert.Equal(["newPassword"], (await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(HttpStatusCode.NoContent, strong.StatusCode);
    }

    [Fact]
    public async Task Forgot_ActiveAccountWithUnverifiedEmail_SendsNothingThere()
    {
        var request = AccountsTestKit.ValidRegistration() with { Phone = "+44 7400 123177" };
        await client.RegisterAsync(request);
        await client.PostAsJsonAsync("/api/v1/auth/verify-phone", new VerifyPhoneRequest(request.Email, await app.SmsCodeAsync("+447400123177")), Ct);
        await app.DispatchAsync();
        var mailbox = app.Services.GetRequiredService<DevelopmentMailbox>();
        var before = (await mailbox.ListAsync(Ct)).Count(m => m.To == request.Email);

        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(request.Email!)).StatusCode);

        Assert.Equal(before, (await mailbox.ListAsync(Ct)).Count(m => m.To == request.Email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task Reset_BadToken_Returns400NamingToken(string token)
    {
        var email = await app.RegisterVerifiedPatientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new ResetPasswordRequest(email, token, NewPassword), Ct);

        Assert.Equal(["token"], (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [GeneratedRegex(@"reset-password\?email=[^&\s]+&token=([^\s""<>]+)")]
    private static partial Regex TokenPattern();
}
