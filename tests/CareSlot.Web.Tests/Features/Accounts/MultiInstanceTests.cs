using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class MultiInstanceTestsOnSqlite(SqliteApp app) : MultiInstanceTests(app), IClassFixture<SqliteApp>;

public sealed class MultiInstanceTestsOnPostgres(PostgresApp app) : MultiInstanceTests(app), IClassFixture<PostgresApp>;

/// <summary>Data Protection keys live in the database, so links and cookies from one instance work on every other.</summary>
public abstract class MultiInstanceTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LinkAndCookie_IssuedByOneInstance_AreAcceptedByAnother()
    {
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        var request = AccountsTestKit.ValidRegistration();
        await app.CreateBrowserClient().RegisterAsync(request);
        var link = await app.VerificationLinkAsync(request.Email!);

        Assert.Equal(HttpStatusCode.OK, (await second.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative), Ct)).StatusCode);

        var onFirst = app.CreateBrowserClient();
        await onFirst.SignInAsync(request.Email!, AccountsTestKit.Password);
        var cookie = string.Join("; ", (await onFirst.GetAsync(new Uri("/account", UriKind.Relative), Ct)).RequestMessage!.Headers.GetValues("Cookie"));
        var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var visit = new HttpRequestMessage(HttpMethod.Get, new Uri("/account", UriKind.Relative));
        visit.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.SendAsync(visit, Ct)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.DataProtectionKeys.AnyAsync(Ct)));
    }

    [Fact]
    public async Task AccessToken_SignedOutEverywhereOnAnotherInstance_IsRefusedWithinAMinute()
    {
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        second.Clock.AdjustTime(app.Clock.GetUtcNow());
        var email = await app.RegisterVerifiedPatientAsync();
        var api = second.CreateClient();
        var login = await api.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(email, AccountsTestKit.Password, null), Ct);
        var accessToken = (await login.ShouldBeOkJsonAsync<System.Text.Json.Nodes.JsonObject>())["accessToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(api, accessToken)).StatusCode);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);

        await browser.SubmitFormAsync("/account", new Dictionary<string, string>(), "/account/sign-out?handler=Everywhere");
        second.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(api, accessToken)).StatusCode);
    }

    private static async Task<HttpResponseMessage> MeAsync(HttpClient client, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/me", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request, Ct);
    }
}
