using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class SignInTestsOnSqlite(SqliteApp app) : SignInTests(app), IClassFixture<SqliteApp>;

public sealed class SignInTestsOnPostgres(PostgresApp app) : SignInTests(app), IClassFixture<PostgresApp>;

public abstract class SignInTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/account", UriKind.Relative), Ct);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task AssertSignedInAsync(HttpResponseMessage signIn)
    {
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"{(int)signIn.StatusCode}: {(await signIn.ReadHtmlAsync()).QuerySelector(".error-summary")?.TextContent}");
    }

    [Fact]
    public async Task SignIn_VerifiedPatient_ReachesTheAccountPage()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();

        var response = await client.SignInAsync(email, AccountsTestKit.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
        var page = await (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains(email, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_HashWithFewerIterations_IsRehashedAt210000()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var legacy = new Microsoft.AspNetCore.Identity.PasswordHasher<Account>(Microsoft.Extensions.Options.Options.Create(
            new Microsoft.AspNetCore.Identity.PasswordHasherOptions { IterationCount = 100_000 }));
        await app.WithDbAsync(async db =>
        {
            var account = await db.Users.SingleAsync(u => u.Email == email, Ct);
            account.PasswordHash = legacy.HashPassword(account, AccountsTestKit.Password);
            return await db.SaveChangesAsync(Ct);
        });

        await AssertSignedInAsync(await app.CreateBrowserClient().SignInAsync(email, AccountsTestKit.Password));

        var hash = Convert.FromBase64String(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash!).SingleAsync(Ct)));
        Assert.Equal(210_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
    }

    [Fact]
    public async Task SignIn_Unverified_IsToldToVerifyFirst()
    {
        var request = AccountsTestKit.ValidRegistration();
        var client = app.CreateBrowserClient();
        await client.RegisterAsync(request);

        var response = await client.SignInAsync(request.Email!, AccountsTestKit.Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Verify your email address or phone number first", (await response.ReadHtmlAsync()).Body!.TextContent, StringComparison.Ordinal);
        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task SignIn_WrongPasswordAndUnknownEmail_GetTheSameAnswer()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();

        var wrong = await (await client.SignInAsync(email, "not the password at all")).ReadHtmlAsync();
        var unknown = await (await client.SignInAsync("nobody-" + email, "not the password at all")).ReadHtmlAsync();

        Assert.Equal(wrong.QuerySelector(".error-summary")!.TextContent, unknown.QuerySelector(".error-summary")!.TextContent);
    }

    [Fact]
    public async Task SignIn_LockedAndUnknownAddress_GetTheSameAnswer()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var known = await client.SignInAsync(email, "wrong password " + attempt);
            var unknown = await client.SignInAsync("nobody-" + email, "wrong password " + attempt);
            Assert.Equal(await AnswerAsync(unknown), await AnswerAsync(known));
        }
        var lockedRightPassword = await client.SignInAsync(email, AccountsTestKit.Password);
        var unknownAgain = await AnswerAsync(await client.SignInAsync("nobody-" + email, AccountsTestKit.Password));

        Assert.Equal(unknownAgain, await AnswerAsync(lockedRightPassword));
        Assert.Contains("locked for 15 minutes", unknownAgain.Error, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string? Error)> AnswerAsync(HttpResponseMessage response) =>
        (response.StatusCode, (await response.ReadHtmlAsync()).QuerySelector(".error-summary")?.TextContent);

    [Fact]
    public async Task SignIn_UnknownOrLockedAddress_StillChecksAPassword()
    {
        var verifications = new StrongBox<int>();
        await using var counted = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IPasswordHasher<Account>>(provider =>
                new CountingPasswordHasher(ActivatorUtilities.CreateInstance<PasswordHasher<Account>>(provider), verifications))));
        var client = counted.CreateDefaultClient(new AppClockCookieJar(app.Clock));
        var email = await app.RegisterVerifiedPatientAsync();

        await client.SignInAsync("nobody-" + email, "a guess at a password");
        Assert.Equal(1, verifications.Value);
        await client.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest("nobody-" + email, "a guess at a password", null), Ct);
        Assert.Equal(2, verifications.Value);

        for (var attempt = 1; attempt <= 5; attempt++) await client.SignInAsync(email, "wrong password " + attempt);
        Assert.Equal(7, verifications.Value);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SignInAsync(email, AccountsTestKit.Password)).StatusCode);
        Assert.Equal(8, verifications.Value);
    }

    /// <summary>Counts password checks, to show one happens whether or not the account exists (time is not measured: it depends on the machine).</summary>
    private sealed class CountingPasswordHasher(IPasswordHasher<Account> inner, StrongBox<int> verifications) : IPasswordHasher<Account>
    {
        public string HashPassword(Account user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications.Value);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task SignIn_UnverifiedAccountWithAWrongPassword_AnswersAsAnUnknownAddress()
    {
        var request = AccountsTestKit.ValidRegistration();
        var client = app.CreateBrowserClient();
        await client.RegisterAsync(request);

        var known = await client.SignInAsync(request.Email!, "not the password at all");
        var unknown = await client.SignInAsync("nobody-" + request.Email, "not the password at all");

        Assert.Equal(await AnswerAsync(unknown), await AnswerAsync(known));
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockForFifteenMinutesThenFree()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();
        for (var i = 0; i < 5; i++) await client.SignInAsync(email, "wrong password " + i);

        var locked = await client.SignInAsync(email, AccountsTestKit.Password);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("locked for 15 minutes", (await locked.ReadHtmlAsync()).Body!.TextContent, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SignInAsync(email, AccountsTestKit.Password)).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await AssertSignedInAsync(await client.SignInAsync(email, AccountsTestKit.Password));
    }

    [Fact]
    public async Task Session_PatientIdleThirtyMinutes_Ends()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();
        await AssertSignedInAsync(await client.SignInAsync(email, AccountsTestKit.Password));

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await IsSignedInAsync(client));
        app.Clock.Advance(TimeSpan.FromMinutes(29)); // the visit above slid the window
        Assert.True(await IsSignedInAsync(client));
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.False(await IsSignedInAsync(client));
    }

    [Theory]
    [InlineData(Roles.Doctor)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Support)]
    public async Task Session_StaffIdleFifteenMinutes_Ends(string role)
    {
        var email = await app.CreateAccountAsync(role);
        var client = app.CreateBrowserClient();
        await AssertSignedInAsync(await client.SignInAsync(email, AccountsTestKit.Password));

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(await IsSignedInAsync(client));
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task Session_ActiveForTwelveHours_EndsAnyway()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();
        await AssertSignedInAsync(await client.SignInAsync(email, AccountsTestKit.Password, rememberMe: true));

        for (var minutes = 0; minutes < 12 * 60 - 20; minutes += 20)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await IsSignedInAsync(client), $"signed out after {minutes + 20} active minutes");
        }
        app.Clock.Advance(TimeSpan.FromMinutes(21));

        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task SignOutEverywhere_EndsOtherSessionsWithinAMinute()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var laptop = app.CreateBrowserClient();
        var phone = app.CreateBrowserClient();
        await AssertSignedInAsync(await laptop.SignInAsync(email, AccountsTestKit.Password));
        await AssertSignedInAsync(await phone.SignInAsync(email, AccountsTestKit.Password));

        var signOut = await laptop.SubmitFormAsync("/account", new Dictionary<string, string>(), "/account/sign-out?handler=Everywhere");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        Assert.False(await IsSignedInAsync(laptop));
        Assert.False(await IsSignedInAsync(phone));
    }

    [Fact]
    public async Task Me_WithoutSession_Is401NotARedirect()
    {
        var response = await app.CreateBrowserClient().GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AccountPage_WithoutSession_RedirectsToSignIn()
    {
        var response = await app.CreateBrowserClient().GetAsync(new Uri("/account", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ForeignReturnUrl_IsIgnored()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();

        var response = await client.SubmitFormAsync("/account/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountsTestKit.Password,
        });

        Assert.Equal("/account", response.Headers.Location!.OriginalString);
    }
}

/// <summary>Rate limits switched on with a small budget, so a burst is refused quickly.</summary>
public sealed class RateLimitedSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => new()
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:AccountPermitLimit"] = "3",
        ["RateLimiting:AccountWindowSeconds"] = "600",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
    };
}

public sealed class RateLimitTests(RateLimitedSqliteApp app) : IClassFixture<RateLimitedSqliteApp>
{
    [Fact]
    public async Task Accounts_Burst_Answers429WithRetryAfterAndProblemDetails()
    {
        var client = app.CreateBrowserClient();
        var ct = TestContext.Current.CancellationToken;
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await client.PostAsync(new Uri("/api/v1/auth/resend-phone-code", UriKind.Relative),
                JsonContent.Create(new ResendPhoneCodeRequest("nobody@example.com")), ct));
        }

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        var refused = answers.Last();
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("wait", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative), ct)).StatusCode);
    }

    [Fact]
    public async Task Directory_IsNotLimitedByTheAccountsPolicy()
    {
        var client = app.CreateBrowserClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/specialties", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }
    }
}
