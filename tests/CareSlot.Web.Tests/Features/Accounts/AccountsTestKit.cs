using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Accounts;

/// <summary>Registers people and reads what the app sent them, as a person with a mailbox and a phone would.</summary>
public static partial class AccountsTestKit
{
    public const string Password = "correct horse battery staple";

    private static int counter;

    /// <summary>A registration that passes every rule, unique per call.</summary>
    public static RegisterPatientRequest ValidRegistration(string? email = null) =>
        new("Ada Testperson", "1985-06-15", email ?? $"patient{Interlocked.Increment(ref counter)}-{Guid.NewGuid():N}@example.com",
            "+44 7400 123123", Password, AcceptTerms: true);

    /// <summary>A client that keeps cookies (by the app's clock) and shows redirects instead of following them.</summary>
    public static HttpClient CreateBrowserClient(this CareSlotApp app) => app.CreateDefaultClient(new AppClockCookieJar(app.Clock));

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, RegisterPatientRequest request) =>
        client.PostAsJsonAsync("/api/v1/auth/register", request, TestContext.Current.CancellationToken);

    /// <summary>The newest message to <paramref name="to"/>, once the outbox has sent what is due, as the dispatcher would by now.</summary>
    public static async Task<MailboxMessage> LastMessageToAsync(this CareSlotApp app, string to, MailboxMessageKind kind)
    {
        await app.DispatchAsync();
        var mailbox = app.Services.GetRequiredService<DevelopmentMailbox>();
        var entry = (await mailbox.ListAsync(TestContext.Current.CancellationToken))
            .First(e => e.Kind == kind && string.Equals(e.To, to, StringComparison.OrdinalIgnoreCase));
        return (await mailbox.ReadAsync(entry.FileName, TestContext.Current.CancellationToken))!;
    }

    /// <summary>The link of the newest verification e-mail, whole.</summary>
    public static async Task<Uri> VerificationUriAsync(this CareSlotApp app, string email)
    {
        var message = await app.LastMessageToAsync(email, MailboxMessageKind.Email);
        return new Uri(LinkPattern().Match(message.Body).Value);
    }

    /// <summary>The same link's path and query, for a test client of this app to follow.</summary>
    public static async Task<string> VerificationLinkAsync(this CareSlotApp app, string email) =>
        (await app.VerificationUriAsync(email)).PathAndQuery;

    public static async Task<string> SmsCodeAsync(this CareSlotApp app, string e164) =>
        CodePattern().Match((await app.LastMessageToAsync(e164, MailboxMessageKind.Sms)).Body).Value;

    /// <summary>A registered patient whose email is verified, ready to sign in.</summary>
    public static async Task<string> RegisterVerifiedPatientAsync(this CareSlotApp app)
    {
        var request = ValidRegistration();
        var client = app.CreateBrowserClient();
        (await client.RegisterAsync(request)).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri(await app.VerificationLinkAsync(request.Email!), UriKind.Relative), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return request.Email!;
    }

    /// <summary>A verified account in the given role, made directly (staff accounts have no public registration).</summary>
    public static async Task<string> CreateAccountAsync(this CareSlotApp app, string role, bool twoFactor = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var account = new Account { UserName = email, Email = email, EmailConfirmed = true, FullName = role + " Person", DateOfBirth = new(1975, 1, 1) };
        var created = await users.CreateAsync(account, Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, role);
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
        }
        return email;
    }

    /// <summary>The code an authenticator app would show now for the account's key.</summary>
    public static async Task<string> AuthenticatorCodeAsync(this CareSlotApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var key = await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!);
        return TotpCode(key!);
    }

    /// <summary>Identity checks TOTP against the wall clock, so the code is computed on it too (Otp.NET).</summary>
    public static string TotpCode(string base32Key) =>
        new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp();

    /// <summary>Password, then the authenticator code: a session that counts as multi-factor.</summary>
    public static async Task SignInWithTwoFactorAsync(this HttpClient client, CareSlotApp app, string email)
    {
        var first = await client.SignInAsync(email, Password);
        Assert.StartsWith("/account/sign-in/two-factor", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var second = await client.SubmitFormAsync(first.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Code"] = await app.AuthenticatorCodeAsync(email) });
        Assert.Equal("/account", second.Headers.Location?.OriginalString);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, bool rememberMe = false) =>
        client.SubmitFormAsync("/account/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = rememberMe ? "true" : "false",
        });

    [GeneratedRegex(@"https?://\S+/account/verify-email\?token=[^\s""<>]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex CodePattern();
}
