using System.Net.Http.Json;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>Accounts to administer and administrators to do it, for the account administration tests.</summary>
public static class AccountsAdminKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The signed-in caller's account id, as GET /api/v1/me tells it.</summary>
    public static async Task<Guid> IdAsync(this CallerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var me = await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);
        return JsonDocument.Parse(me).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>An account made directly, with a password, in <paramref name="role"/>; verified unless said otherwise.</summary>
    public static async Task<Account> CreateAccountAsync(this CareSlotApp app, string name, string? phone = null, string role = Roles.Patient,
        bool verified = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var email = $"admin-test-{Guid.NewGuid():N}@example.com";
        var account = new Account
        {
            UserName = email, Email = email, EmailConfirmed = verified, FullName = name, DateOfBirth = new(1980, 1, 1), PhoneNumber = phone,
            CreatedAt = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()),
        };
        var created = await users.CreateAsync(account, AccountsTestKit.Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, role);
        return account;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Ct);

    public static Task<bool> HasAuditRowAsync(this CareSlotApp app, string action, Guid accountId) =>
        app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == action && e.Record == $"account {accountId:D}", Ct));

    /// <summary>The page a cookie session lands on for a signed-in page: the page (200), or a redirect to sign in when the session ended.</summary>
    public static async Task<bool> IsSignedInAsync(this HttpClient browser)
    {
        using var response = await browser.GetAsync(new Uri("/account", UriKind.Relative), Ct);
        return response.StatusCode == System.Net.HttpStatusCode.OK;
    }

    public static async Task<System.Net.HttpStatusCode> MeAsync(this HttpClient bearer)
    {
        using var response = await bearer.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);
        return response.StatusCode;
    }
}
