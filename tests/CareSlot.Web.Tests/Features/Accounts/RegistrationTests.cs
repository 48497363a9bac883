using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class RegistrationTestsOnSqlite(SqliteApp app) : RegistrationTests(app), IClassFixture<SqliteApp>;

public sealed class RegistrationTestsOnPostgres(PostgresApp app) : RegistrationTests(app), IClassFixture<PostgresApp>;

public abstract class RegistrationTests(CareSlotApp app)
{
    private readonly HttpClient client = app.CreateBrowserClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> AccountCountAsync() => app.WithDbAsync(db => db.Users.CountAsync(Ct));

    [Fact]
    public async Task Register_Valid_CreatesAnInactivePatientWithTermsRecordedAndPhoneInE164()
    {
        var request = AccountsTestKit.ValidRegistration();

        var response = await client.RegisterAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var account = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == request.Email, Ct));
        Assert.Equal("+447400123123", account.PhoneNumber);
        Assert.False(account.IsActive);
        Assert.Equal(Instant.FromDateTimeOffset(app.Clock.GetUtcNow()), account.TermsAcceptedAt);
        Assert.Equal("2026-11", account.TermsVersion);
        Assert.Equal(new DateOnly(1985, 6, 15), account.DateOfBirth);
        var roles = await app.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == account.Id select r.Name).ToListAsync(Ct));
        Assert.Equal([Roles.Patient], roles);
    }

    [Fact]
    public async Task Register_Valid_SendsAVerificationLinkAndASixDigitCode()
    {
        var request = AccountsTestKit.ValidRegistration();

        await client.RegisterAsync(request);

        Assert.StartsWith("/account/verify-email?token=", await app.VerificationLinkAsync(request.Email!), StringComparison.Ordinal);
        Assert.Matches("^[0-9]{6}$", await app.SmsCodeAsync("+447400123123"));
    }

    [Fact]
    public async Task Register_ForeignHostHeader_IsRefusedAndSendsNoLink()
    {
        var request = AccountsTestKit.ValidRegistration();

        // What an attacker sends to have a link built on their host: the request line's host becomes the Host header.
        var response = await client.PostAsJsonAsync(new Uri("http://evil.example/api/v1/auth/register"), request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await app.DispatchAsync();
        Assert.DoesNotContain(await app.Services.GetRequiredService<DevelopmentMailbox>().ListAsync(Ct), m => m.To == request.Email);
    }

    [Fact]
    public async Task Register_ForwardedHostFromAnUntrustedSender_MailsTheLinkOnThePublicOrigin()
    {
        var request = AccountsTestKit.ValidRegistration();
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/register", UriKind.Relative))
        {
            Content = JsonContent.Create(request),
        };
        message.Headers.Add("X-Forwarded-Host", "evil.example");
        message.Headers.Add("X-Forwarded-Proto", "http");

        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(message, Ct)).StatusCode);

        var link = await app.VerificationUriAsync(request.Email!);
        Assert.Equal(new Uri(CareSlotApp.PublicOrigin), new Uri(link.GetLeftPart(UriPartial.Authority)));
    }

    [Fact]
    public async Task Register_StoredHash_IsPbkdf2Sha512With210000Iterations()
    {
        var request = AccountsTestKit.ValidRegistration();
        await client.RegisterAsync(request);

        var hash = Convert.FromBase64String(await app.WithDbAsync(db => db.Users.Where(u => u.Email == request.Email).Select(u => u.PasswordHash!).SingleAsync(Ct)));

        Assert.Equal(0x01, hash[0]); // Identity v3 format
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))); // KeyDerivationPrf.HMACSHA512
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("same")]
    public async Task Register_DuplicateEmail_Returns400NamingEmailAndCreatesNothing(string variant)
    {
        var first = AccountsTestKit.ValidRegistration();
        await client.RegisterAsync(first);
        var before = await AccountCountAsync();
        var again = first with { Email = variant == "UPPER" ? first.Email!.ToUpperInvariant() : first.Email };

        var problem = await (await client.RegisterAsync(again)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["email"], problem.Errors.Keys);
        Assert.Contains("already exists", problem.Errors["email"][0], StringComparison.Ordinal);
        Assert.Equal(before, await AccountCountAsync());
    }

    [Fact]
    public async Task Register_TwentyAtOnceWithOneAddress_CreatesExactlyOneAndNeverA500()
    {
        var request = AccountsTestKit.ValidRegistration();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.CreateClient().RegisterAsync(request)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == request.Email, Ct)));
    }

    [Theory]
    [InlineData("fullName", "", "Enter your full name.")]
    [InlineData("dateOfBirth", "15/06/1985", "year-month-day")]
    [InlineData("dateOfBirth", "2026-11-26", "cannot be in the future")]
    [InlineData("email", "not-an-email", "name@example.com")]
    [InlineData("phone", "+44 20 7946 0000", "mobile")]
    [InlineData("phone", "12345", "")]
    [InlineData("phone", "call me maybe", "")]
    [InlineData("password", "short1", "10")]
    [InlineData("password", "password123", "common")]
    [InlineData("password", "1234567890", "common")]
    [InlineData("acceptTerms", "false", "Accept the terms")]
    public async Task Register_InvalidField_Returns400NamingItAndCreatesNothing(string field, string value, string messagePart)
    {
        var valid = AccountsTestKit.ValidRegistration();
        var request = field switch
        {
            "fullName" => valid with { FullName = value },
            "dateOfBirth" => valid with { DateOfBirth = value },
            "email" => valid with { Email = value },
            "phone" => valid with { Phone = value },
            "password" => valid with { Password = value },
            _ => valid with { AcceptTerms = false },
        };
        var before = await AccountCountAsync();

        var problem = await (await client.RegisterAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors.Keys);
        Assert.Contains(messagePart, string.Join(" ", problem.Errors[field]), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await AccountCountAsync());
    }

    [Fact]
    public async Task Register_HostileText_IsStoredAsTextAndShownEncoded()
    {
        var request = AccountsTestKit.ValidRegistration() with { FullName = "<script>alert(1)</script>'; DROP TABLE \"AspNetUsers\"; --" };

        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(request)).StatusCode);

        var stored = await app.WithDbAsync(db => db.Users.Where(u => u.Email == request.Email).Select(u => u.FullName).SingleAsync(Ct));
        Assert.Equal(request.FullName, stored);
    }

    [Fact]
    public async Task Register_EmptyBody_Returns400NotA500()
    {
        using var content = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/v1/auth/register", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RegisterPage_InvalidInput_ShowsMessagesNextToFieldsAndKeepsValues()
    {
        var response = await client.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Grace Example",
            ["Input.DateOfBirth"] = "1990-02-03",
            ["Input.Email"] = "grace@",
            ["Input.Phone"] = "+44 7400 123123",
            ["Input.Password"] = "password",
        });
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Grace Example", page.QuerySelector("#Input_FullName")!.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("#Input_Email")!.GetAttribute("aria-invalid"));
        Assert.Contains("Input_Email-error", page.QuerySelector("#Input_Email")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#Input_Password-error"));
        Assert.NotNull(page.QuerySelector("#Input_AcceptTerms-error"));
        Assert.Null(page.QuerySelector("#Input_Password")!.GetAttribute("value"));
    }

    [Fact]
    public async Task RegisterPage_WithoutAntiforgeryToken_IsRefused()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.com" });
        var response = await client.PostAsync(new Uri("/account/register", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "x@example.com", Ct)));
    }
}
