using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using CareSlot.Web.Tests.Infrastructure;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// What the app e-mailed someone, read from the SMTP server it sends to (<see cref="BrowserApp.Smtp"/>): the one
/// place the browser tests look for an e-mail.
/// </summary>
public static partial class SentEmail
{
    // A verification e-mail is sent before its page answers; an appointment's leaves with the dispatcher's next round.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits for the e-mail to <paramref name="address"/> whose subject starts with <paramref name="subjectStart"/>;
    /// a second one fails the test, since nothing in the app should send the same news twice.
    /// </summary>
    public static Task<MimeMessage> WaitForEmailAsync(this BrowserApp app, string address, string subjectStart) =>
        app.Smtp.WaitForEmailAsync(address, subjectStart);

    /// <summary>The same for the SMTP server of another app than <see cref="BrowserApp"/> (<see cref="EmptyInstallationApp"/>).</summary>
    public static async Task<MimeMessage> WaitForEmailAsync(this SmtpSink smtp, string address, string subjectStart)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var toAddress = (await smtp.MessagesAsync())
                .Where(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            var matches = toAddress.Where(m => m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true).ToList();
            if (matches.Count > 1) throw new InvalidOperationException($"{matches.Count} e-mails to {address} start '{subjectStart}'.");
            if (matches.Count == 1) return matches[0];
            if (waited.Elapsed > Timeout)
            {
                throw new TimeoutException($"No e-mail to {address} with a subject starting '{subjectStart}' reached the SMTP server " +
                    $"within {Timeout.TotalSeconds} s. It holds {toAddress.Count} to that address: {string.Join(" | ", toAddress.Select(m => m.Subject))}");
            }
            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Opens the link of the verification e-mail sent to <paramref name="address"/>, as its owner would, and checks it
    /// worked; the subject and the page's heading are the account's language's.
    /// </summary>
    public static Task VerifyEmailAsync(this BrowserApp app, IPage view, string address,
        string subject = "Verify your email address for CareSlot", string verifiedHeading = "Email address verified") =>
        app.Smtp.VerifyEmailAsync(view, address, subject, verifiedHeading);

    public static async Task VerifyEmailAsync(this SmtpSink smtp, IPage view, string address,
        string subject = "Verify your email address for CareSlot", string verifiedHeading = "Email address verified")
    {
        var message = await smtp.WaitForEmailAsync(address, subject);
        Assert.NotNull(message.TextBody);
        var link = VerificationLink().Match(message.TextBody);
        Assert.True(link.Success, $"No verification link in the e-mail to {address}: {message.TextBody}");

        var verified = await view.GotoAsync(link.Value);
        Assert.Equal(200, verified?.Status);
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(verifiedHeading);
    }

    [GeneratedRegex(@"https?://\S+/account/verify-email\?token=\S+")]
    private static partial Regex VerificationLink();
}
