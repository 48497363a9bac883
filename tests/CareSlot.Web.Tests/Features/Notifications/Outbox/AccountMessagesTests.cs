using AngleSharp.Html.Parser;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Notifications.Messages;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

public sealed class AccountMessagesTestsOnSqlite(SqliteApp app) : AccountMessagesTests(app), IClassFixture<SqliteApp>;

public sealed class AccountMessagesTestsOnPostgres(PostgresApp app) : AccountMessagesTests(app), IClassFixture<PostgresApp>;

/// <summary>Verification links and codes and password resets, written in the recipient's language when queued.</summary>
public abstract class AccountMessagesTests(CareSlotApp app)
{
    private static readonly Uri Link = new("https://book.careslot.test/account/verify-email?token=a%2Bb");

    [Fact]
    public void EmailVerification_English_KeepsItsWordingWithTheLinkOnALineOfItsOwn()
    {
        var email = AccountMessages.EmailVerification(new("Ada Lovelace", "ada@example.org", "en"), Link);

        Assert.Equal("ada@example.org", email.To);
        Assert.Equal("Verify your email address for CareSlot", email.Subject);
        Assert.Equal(
            "Hello Ada Lovelace,\n\nPlease verify your email address by opening this link within 24 hours:\n\n" +
            $"{Link}\n\nIf you did not create a CareSlot account, ignore this message.\n",
            email.TextBody);
        Assert.Contains("<html lang=\"en\">", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("de-DE")]
    [InlineData("de-AT")]
    public void EmailVerification_German_IsGermanWithTheLinkInTextAndHtml(string culture)
    {
        var email = AccountMessages.EmailVerification(new("Jürgen Weiß", "juergen@example.org", culture), Link);
        var document = new HtmlParser().ParseDocument(email.HtmlBody!);

        Assert.Equal("Bestätigen Sie Ihre E-Mail-Adresse für CareSlot", email.Subject);
        Assert.StartsWith("Guten Tag Jürgen Weiß,\n\nbitte bestätigen Sie Ihre E-Mail-Adresse, indem Sie innerhalb von 24 Stunden diesen Link öffnen:", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"\n{Link}\n", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("de", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(email.Subject, document.Title);
        var link = Assert.Single(document.QuerySelectorAll("a[href]"));
        Assert.Equal(Link.ToString(), link.GetAttribute("href"));
        Assert.Equal("Meine E-Mail-Adresse bestätigen", link.TextContent);
    }

    [Theory]
    [InlineData("en", "Reset your CareSlot password", "To choose a new password, open this link within 24 hours:", "your password stays as it is.")]
    [InlineData("de", "Ihr CareSlot-Passwort zurücksetzen", "um ein neues Passwort festzulegen, öffnen Sie innerhalb von 24 Stunden diesen Link:",
        "Ihr Passwort bleibt unverändert.")]
    [InlineData("fr", "Reset your CareSlot password", "To choose a new password, open this link within 24 hours:", "your password stays as it is.")]
    public void PasswordReset_RecipientsLanguage_WritesSubjectLeadAndClosing(string culture, string subject, string lead, string closing)
    {
        var reset = new Uri("https://book.careslot.test/account/reset-password?email=a%40b.org&token=xyz");

        var email = AccountMessages.PasswordReset(new("Ada Lovelace", "ada@example.org", culture), reset);

        Assert.Equal(subject, email.Subject);
        Assert.Contains($"\n\n{lead}\n\n{reset}\n\n", email.TextBody, StringComparison.Ordinal);
        Assert.EndsWith($"{closing}\n", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountEmail_HostileName_IsTextInTheHtml()
    {
        var email = AccountMessages.EmailVerification(new("<script>alert(1)</script>", "ada@example.org", "de"), Link);

        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Guten Tag <script>alert(1)</script>,", new HtmlParser().ParseDocument(email.HtmlBody!).Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "482913 is your CareSlot verification code. It expires in 10 minutes.")]
    [InlineData("de", "482913 ist Ihr CareSlot-Bestätigungscode. Er ist 10 Minuten gültig.")]
    public void PhoneCode_RecipientsLanguage_OneGsm7BasicMessage(string culture, string expected)
    {
        var sms = AccountMessages.PhoneCode(new("Ada Lovelace", "+4915112345678", culture), "482913");

        Assert.Equal(("+4915112345678", expected), (sms.To, sms.Body));
        Assert.All(sms.Body, c => Assert.True(Gsm7.IsBasic(c), $"U+{(int)c:X4} is not in the GSM-7 basic set"));
        Assert.InRange(Gsm7.Length(sms.Body), 1, 160);
    }

    [Fact]
    public async Task Queue_GermanRecipient_SendsTheGermanMessagesThroughTheOutbox()
    {
        var address = $"jw-{Guid.NewGuid():N}@example.org";
        var number = $"+49151{Random.Shared.Next(10_000_000, 99_999_999)}";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var messages = scope.ServiceProvider.GetRequiredService<AccountMessages>();
            await messages.QueueEmailVerificationAsync(new("Jürgen Weiß", address, "de"), Link, TestContext.Current.CancellationToken);
            await messages.QueuePhoneCodeAsync(new("Jürgen Weiß", number, "de"), "123456", TestContext.Current.CancellationToken);
        }

        await app.DispatchAsync();

        var email = Assert.Single(await app.EmailsToAsync(address));
        Assert.Equal("Bestätigen Sie Ihre E-Mail-Adresse für CareSlot", email.Subject);
        Assert.Contains(Link.ToString(), email.TextBody, StringComparison.Ordinal);
        Assert.Equal("123456 ist Ihr CareSlot-Bestätigungscode. Er ist 10 Minuten gültig.", Assert.Single(await app.SmsToAsync(number)).Body);
    }
}
