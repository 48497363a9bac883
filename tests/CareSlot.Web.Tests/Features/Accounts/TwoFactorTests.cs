using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class TwoFactorTestsOnSqlite(SqliteApp app) : TwoFactorTests(app), IClassFixture<SqliteApp>;

public sealed class TwoFactorTestsOnPostgres(PostgresApp app) : TwoFactorTests(app), IClassFixture<PostgresApp>;

public abstract class TwoFactorTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, string Email, IReadOnlyList<string> RecoveryCodes)> EnableAsync()
    {
        var email = await app.CreateAccountAsync(Roles.Doctor);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email, AccountsTestKit.Password);
        var setup = await (await client.GetAsync(new Uri("/account/two-factor", UriKind.Relative), Ct)).ReadHtmlAsync();
        var key = setup.QuerySelector("#shared-key")!.TextContent;

        var enabled = await client.SubmitFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = AccountsTestKit.TotpCode(key) });

        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = (await enabled.ReadHtmlAsync()).QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        return (client, email, codes);
    }

    [Fact]
    public async Task Setup_CodeFromTheAppKey_TurnsOnTwoFactorWithTenRecoveryCodes()
    {
        var (_, email, codes) = await EnableAsync();

        Assert.Equal(10, codes.Count);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Setup_WrongCode_IsRefusedAndLeavesItOff()
    {
        var email = await app.CreateAccountAsync(Roles.Doctor);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email, AccountsTestKit.Password);

        var response = await client.SubmitFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = "000000x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadHtmlAsync()).QuerySelector("#Code-error"));
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync(Ct)));
    }

    [Fact]
    public async Task SignIn_WithTwoFactor_NeedsTheAuthenticatorCodeAfterThePassword()
    {
        var (_, email, _) = await EnableAsync();
        var client = app.CreateBrowserClient();

        var afterPassword = await client.SignInAsync(email, AccountsTestKit.Password);
        Assert.StartsWith("/account/sign-in/two-factor", afterPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        var wrong = await client.SubmitFormAsync(afterPassword.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = "123456" == await app.AuthenticatorCodeAsync(email) ? "654321" : "123456" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        await client.SignInWithTwoFactorAsync(app, email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task SignIn_TwoFactorStepWithoutACode_AsksForIt_NotAFault()
    {
        // Found by HostileInputTests: Identity throws on an empty recovery code, which was a 500.
        var (_, email, _) = await EnableAsync();
        var client = app.CreateBrowserClient();
        var afterPassword = await client.SignInAsync(email, AccountsTestKit.Password);

        var empty = await client.SubmitFormAsync(afterPassword.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Enter the code", (await empty.ReadHtmlAsync()).QuerySelector("#Code-error")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RecoveryCode_WorksOnce()
    {
        var (_, email, codes) = await EnableAsync();

        async Task<HttpResponseMessage> SignInWithRecoveryAsync()
        {
            var client = app.CreateBrowserClient();
            var afterPassword = await client.SignInAsync(email, AccountsTestKit.Password);
            return await client.SubmitFormAsync(afterPassword.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = codes[0] });
        }

        Assert.Equal("/account", (await SignInWithRecoveryAsync()).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInWithRecoveryAsync()).StatusCode);
    }
}
