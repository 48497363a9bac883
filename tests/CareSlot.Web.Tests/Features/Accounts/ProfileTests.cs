using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class ProfileTestsOnSqlite(SqliteApp app) : ProfileTests(app), IClassFixture<SqliteApp>;

public sealed class ProfileTestsOnPostgres(PostgresApp app) : ProfileTests(app), IClassFixture<PostgresApp>;

public abstract class ProfileTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, string Email)> SignedInPatientAsync()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email, AccountsTestKit.Password);
        return (client, email);
    }

    private static Dictionary<string, string> Form(string email, string phone = "+44 7400 123123") => new()
    {
        ["Input.FullName"] = "Ada Renamed",
        ["Input.Email"] = email,
        ["Input.Phone"] = phone,
        ["Input.Address"] = "1 Example Road, London",
        ["Input.EmergencyContactName"] = "Bob Example",
        ["Input.EmergencyContactPhone"] = "+44 20 7946 0000",
        ["Input.PreferredLanguage"] = "de",
        ["Input.EmailReminders"] = "true",
    };

    private Task<Account> AccountAsync(Guid id) => app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id, Ct));

    private Task<Guid> IdAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));

    [Fact]
    public async Task Save_PlainFields_AreStored()
    {
        var (client, email) = await SignedInPatientAsync();

        var response = await client.SubmitFormAsync("/account/profile", Form(email));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var account = await AccountAsync(await IdAsync(email));
        Assert.Equal("Ada Renamed", account.FullName);
        Assert.Equal("1 Example Road, London", account.Address);
        Assert.Equal("+442079460000", account.EmergencyContactPhone); // a landline is fine for an emergency contact
        Assert.Equal("de", account.PreferredLanguage);
        Assert.True(account.EmailReminders);
        // The SMS reminder box is a consent record now (Features/Consents), written from the profile.
        var sms = await app.WithDbAsync(db => db.ConsentRecords.AsNoTracking()
            .Where(r => r.AccountId == account.Id && r.Purpose == CareSlot.Web.Features.Consents.ConsentPurpose.SmsReminders).ToListAsync(Ct));
        Assert.Equal((false, CareSlot.Web.Features.Consents.ConsentSource.ProfilePage), (Assert.Single(sms).Given, sms[0].Source));
    }

    [Fact]
    public async Task ChangeEmail_KeepsTheOldAddressUntilTheNewOneIsVerified()
    {
        var (client, email) = await SignedInPatientAsync();
        var id = await IdAsync(email);
        var newEmail = "new-" + email;

        await client.SubmitFormAsync("/account/profile", Form(newEmail));
        Assert.Equal(email, (await AccountAsync(id)).Email);

        var link = await app.VerificationLinkAsync(newEmail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(link, UriKind.Relative), Ct)).StatusCode);
        var account = await AccountAsync(id);
        Assert.Equal(newEmail, account.Email);
        Assert.True(account.EmailConfirmed);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserClient().SignInAsync(newEmail, AccountsTestKit.Password)).StatusCode);
    }

    [Fact]
    public async Task ChangePhone_KeepsTheOldNumberUntilTheCodeIsEntered()
    {
        var (client, email) = await SignedInPatientAsync();
        var id = await IdAsync(email);

        var response = await client.SubmitFormAsync("/account/profile", Form(email, phone: "+44 7400 123199"));

        Assert.StartsWith("/account/verify-phone", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("+447400123123", (await AccountAsync(id)).PhoneNumber);
        var code = await app.SmsCodeAsync("+447400123199");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/auth/verify-phone", new VerifyPhoneRequest(email, code), Ct)).StatusCode);
        var account = await AccountAsync(id);
        Assert.Equal("+447400123199", account.PhoneNumber);
        Assert.True(account.PhoneNumberConfirmed);
    }

    [Theory]
    [InlineData("Input.Email", "not-an-email")]
    [InlineData("Input.Phone", "+44 20 7946 0000")]
    [InlineData("Input.EmergencyContactPhone", "12")]
    [InlineData("Input.PreferredLanguage", "xx")]
    [InlineData("Input.FullName", "")]
    public async Task Save_InvalidField_Returns400WithTheMessageAndChangesNothing(string field, string value)
    {
        var (client, email) = await SignedInPatientAsync();
        var form = Form(email);
        form[field] = value;

        var response = await client.SubmitFormAsync("/account/profile", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadHtmlAsync()).QuerySelector($"#{field.Replace('.', '_')}-error, .error-summary a[href='#{field.Replace('.', '_')}']"));
        Assert.Equal("Ada Testperson", (await AccountAsync(await IdAsync(email))).FullName);
    }

    [Fact]
    public async Task ChangeEmail_ToAnAddressInUse_IsRefused()
    {
        var (client, email) = await SignedInPatientAsync();
        var other = await app.RegisterVerifiedPatientAsync();

        var response = await client.SubmitFormAsync("/account/profile", Form(other));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already exists", (await response.ReadHtmlAsync()).QuerySelector("#Input_Email-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilePage_Anonymous_IsSentToSignIn()
    {
        var response = await app.CreateBrowserClient().GetAsync(new Uri("/account/profile", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
