using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using OtpNet;
using static CareSlot.Bench.Sql;

namespace CareSlot.Bench.Accounts;

/// <summary>
/// Staff accounts with two-factor on, written by SQL as Identity's UserManager leaves them, and the API sign-in with a
/// TOTP code that gives their sessions the second factor (amr=mfa) the doctors' and administrators' policies ask for.
/// </summary>
public static class TwoFactorAccounts
{
    /// <summary>
    /// The account as UserManager leaves it after CreateAsync, AddToRoleAsync, ResetAuthenticatorKeyAsync and
    /// SetTwoFactorEnabledAsync: the app's password hash settings, e-mail confirmed, a Base32 security stamp, the role, and
    /// a fresh authenticator key (Base32) in AspNetUserTokens. Returns the account's id and that key.
    /// </summary>
    public static async Task<(Guid AccountId, string AuthenticatorKey)> CreateAsync(NpgsqlConnection connection, string email, string password,
        string fullName, string role, Random random, Instant now)
    {
        var hasher = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = AccountsRegistration.PasswordHashIterations,
        }));
        var accountId = Guid.CreateVersion7();
        var authenticatorKey = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
        var created = now - Duration.FromDays(400);
        await ExecuteAsync(connection, """
            INSERT INTO "AspNetUsers" ("Id", "FullName", "DateOfBirth", "CreatedAt", "TermsAcceptedAt", "TermsVersion", "UserName", "NormalizedUserName",
                "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed",
                "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount", "Address", "EmailReminders", "EmergencyContactName",
                "EmergencyContactPhone", "PreferredLanguage", "SmsUpdates")
            VALUES (@id, @name, @born, @created, @created, @terms, @email, @normalized, @email, @normalized, true, @hash, @stamp, @concurrency, NULL, false,
                true, NULL, true, 0, NULL, true, NULL, NULL, 'en', false)
            """,
            ("id", accountId), ("name", fullName), ("born", new DateOnly(1975, 3, 14).AddDays(random.Next(3650))),
            ("created", created.ToDateTimeUtc()), ("terms", new AccountOptions().TermsVersion), ("email", email), ("normalized", email.ToUpperInvariant()),
            ("hash", hasher.HashPassword(new Account(), password)),
            ("stamp", Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20))), ("concurrency", Guid.NewGuid().ToString()));
        var roles = await ExecuteAsync(connection, """
            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") SELECT @id, "Id" FROM "AspNetRoles" WHERE "NormalizedName" = @role
            """, ("id", accountId), ("role", role.ToUpperInvariant()));
        if (roles != 1) throw new InvalidOperationException($"The database has no role {role}: run the app's migrations first.");
        await ExecuteAsync(connection, """
            INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES (@id, '[AspNetUserStore]', 'AuthenticatorKey', @key)
            """, ("id", accountId), ("key", authenticatorKey));
        return (accountId, authenticatorKey);
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string email) =>
        await ScalarAsync(connection, """SELECT count(*) FROM "AspNetUsers" WHERE "NormalizedEmail" = @email""", ("email", email.ToUpperInvariant())) is > 0L;

    /// <summary>
    /// POST /api/v1/auth/login with the password and a TOTP code from the stored authenticator key, in one request, as the
    /// API takes them; the bearer token, or null (the refusal written to stderr).
    /// </summary>
    public static async Task<string?> SignInAsync(HttpClient http, string email, string password, string authenticatorKey, string who)
    {
        var totp = new Totp(Base32Encoding.ToBytes(authenticatorKey));
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/auth/login",
                new { email, password, twoFactorCode = totp.ComputeTotp(TimeProvider.System.GetUtcNow().UtcDateTime) });
            if (response.IsSuccessStatusCode)
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                return json.RootElement.GetProperty("accessToken").GetString();
            }
            // A code computed at the very end of its 30-second step may reach the app in the next one: one more try.
            if (attempt == 2)
            {
                await Console.Error.WriteLineAsync($"The {who} could not sign in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return null;
            }
            await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds() + 1));
        }
    }
}
