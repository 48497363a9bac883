using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Platform.Security;

/// <summary>Who calls: one person per role and strength of session, as the authorization policies tell them apart.</summary>
public enum Caller
{
    Anonymous,
    Patient,
    Doctor,
    DoctorWithSecondFactor,
    Admin,
    AdminWithSecondFactor,

    /// <summary>A support agent signed in with a second factor: the strongest session that role can have.</summary>
    Support,
}

/// <summary>One caller's two ways in: a bearer token, as an API client signs in, and a cookie session, as a browser does.</summary>
public sealed record CallerSession(Caller Caller, HttpClient Bearer, HttpClient Browser);

public static class SecurityTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Tokens(string AccessToken);

    /// <summary>
    /// A new account for <paramref name="caller"/>, signed in both ways through the real sign-in: the page
    /// (password, then the authenticator code) and POST /api/v1/auth/login. Doctors get a directory entry of
    /// their own, since a doctor acts through it.
    /// </summary>
    public static async Task<CallerSession> SignInAsync(this CareSlotApp app, Caller caller)
    {
        if (caller == Caller.Anonymous) return new CallerSession(caller, app.CreateClient(), app.CreateBrowserClient());

        var (role, secondFactor) = caller switch
        {
            Caller.Patient => (Roles.Patient, false),
            Caller.Doctor => (Roles.Doctor, false),
            Caller.DoctorWithSecondFactor => (Roles.Doctor, true),
            Caller.Admin => (Roles.Admin, false),
            Caller.AdminWithSecondFactor => (Roles.Admin, true),
            Caller.Support => (Roles.Support, true),
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
        };
        var email = await app.CreateAccountAsync(role, secondFactor);
        if (role == Roles.Doctor) await app.LinkDoctorAsync(email, (await app.CreateBookableDoctorAsync()).DoctorId);

        var browser = app.CreateBrowserClient();
        if (secondFactor)
        {
            await browser.SignInWithTwoFactorAsync(app, email);
        }
        else
        {
            Assert.Equal("/account", (await browser.SignInAsync(email, AccountsTestKit.Password)).Headers.Location?.OriginalString);
        }

        var code = secondFactor ? await app.AuthenticatorCodeAsync(email) : null;
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(email, AccountsTestKit.Password, code), Ct);
        var tokens = await login.ShouldBeOkJsonAsync<Tokens>();
        var bearer = app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new CallerSession(caller, bearer, browser);
    }

    /// <summary>Makes the account the one that acts for the directory entry <paramref name="doctorId"/>.</summary>
    public static Task LinkDoctorAsync(this CareSlotApp app, string email, int doctorId) =>
        app.WithDbAsync(async db =>
        {
            var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
            return await db.Doctors.Where(d => d.Id == doctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, accountId), Ct);
        });

    /// <summary>
    /// The browser's antiforgery token for its current session, from a form any caller may open. The token
    /// is bound to the signed-in user, so it is fetched again whenever the session may have changed.
    /// </summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient browser)
    {
        var page = await (await browser.GetAsync(new Uri("/account/forgot-password", UriKind.Relative), Ct)).ReadHtmlAsync();
        var input = (IHtmlInputElement?)page.QuerySelector("input[name=__RequestVerificationToken]")
            ?? throw new InvalidOperationException("The forgot-password page has no antiforgery token.");
        return input.Value;
    }

    /// <summary>Posts to a page as its own form would, with a valid antiforgery token, whether or not the page can be opened.</summary>
    public static async Task<HttpResponseMessage> PostPageAsync(this HttpClient browser, string url, IReadOnlyDictionary<string, string>? fields = null)
    {
        var values = new Dictionary<string, string> { ["__RequestVerificationToken"] = await browser.AntiforgeryTokenAsync() };
        foreach (var (key, value) in fields ?? new Dictionary<string, string>()) values[key] = value;
        using var content = new FormUrlEncodedContent(values);
        return await browser.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
    }

    /// <summary>Whether the API answered with RFC 9457 problem details.</summary>
    public static bool IsProblem(this HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json";
}
