using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>
/// Two instances on one PostgreSQL database: a suspension made through one ends the sessions held on the other as soon as its
/// notice arrives (ADR 0016), without the minute the security stamp check would take. SQLite runs one instance only.
/// </summary>
public sealed class SuspensionAcrossInstancesTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Suspension_OnOneInstance_EndsTheSessionsHeldOnTheOther_WithoutTheClockMoving()
    {
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        await second.Services.GetRequiredService<SessionRevocationListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var email = await app.RegisterVerifiedPatientAsync();
        var browser = second.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);
        Assert.True(await browser.IsSignedInAsync());
        var login = await second.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(email, AccountsTestKit.Password, null), Ct);
        var bearer = second.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.ShouldBeOkJsonAsync<JsonObject>())["accessToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await bearer.MeAsync());
        var id = await AccountIdAsync(bearer);

        (await admin.Bearer.PostJsonAsync($"/api/v1/admin/accounts/{id}/suspend", new { reason = "Suspended from the other instance." }))
            .EnsureSuccessStatusCode();

        // The notice arrives on its own connection a moment after the commit: this waits for it, not for time.
        var revocations = second.Services.GetRequiredService<SessionRevocations>();
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            while (!revocations.IsSuspended(id)) await Task.Delay(10, deadline.Token);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await bearer.MeAsync());
        Assert.False(await browser.IsSignedInAsync());
    }

    private static async Task<Guid> AccountIdAsync(HttpClient bearer) =>
        (await (await bearer.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<JsonObject>())["id"]!.GetValue<Guid>();
}
