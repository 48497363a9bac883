using System.Net;
using System.Text.RegularExpressions;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class StaffInvitationTestsOnSqlite(SqliteAppWithSmtp app) : StaffInvitationTests(app, app.Smtp), IClassFixture<SqliteAppWithSmtp>;

public sealed class StaffInvitationTestsOnPostgres(PostgresAppWithSmtp app) : StaffInvitationTests(app, app.Smtp), IClassFixture<PostgresAppWithSmtp>;

/// <summary>An administrator invites a support agent: a real e-mail with a link that sets the first password, once.</summary>
public abstract partial class StaffInvitationTests(CareSlotApp app, SmtpSink smtp)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invitation_EmailsALinkThatSetsThePassword_ThenTheStaffMemberSignsInToTwoFactor()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var email = $"new-agent-{Guid.NewGuid():N}@example.com";

        var invited = await admin.Browser.SubmitFormAsync("/admin/accounts/invite", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Name"] = "Nora Newcomer", ["Input.Role"] = "Support",
        });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        await app.DispatchAsync();
        var message = await MessageToAsync(email);
        Assert.Equal("You are invited to CareSlot", message.Subject);
        var link = LinkPattern().Match(message.TextBody ?? "").Value;
        Assert.StartsWith(CareSlotApp.PublicOrigin + "/account/accept-invitation?token=", link, StringComparison.Ordinal);
        var path = new Uri(link).PathAndQuery;

        var visitor = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(new Uri(path, UriKind.Relative), Ct)).StatusCode);
        var tooShort = await visitor.SubmitFormAsync(path, new Dictionary<string, string> { ["NewPassword"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.NotNull((await tooShort.ReadHtmlAsync()).QuerySelector("#NewPassword-error"));
        var accepted = await visitor.SubmitFormAsync(path, new Dictionary<string, string> { ["NewPassword"] = AccountsTestKit.Password });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("/account/sign-in", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var signedIn = await app.CreateBrowserClient().SubmitFormAsync("/account/sign-in?returnUrl=%2Faccount%2Ftwo-factor", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = AccountsTestKit.Password,
        });
        Assert.Equal("/account/two-factor", signedIn.Headers.Location?.OriginalString);
        // The link worked once.
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateBrowserClient().GetAsync(new Uri(path, UriKind.Relative), Ct)).StatusCode);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        Assert.True(await app.HasAuditRowAsync(AuditActions.StaffInvited, id));
        Assert.True(await app.HasAuditRowAsync(AuditActions.StaffInvitationAccepted, id));
    }

    [Fact]
    public async Task Invitation_ToAnAddressWithAnAccount_Is409NamingTheEmail_AndBadFieldsAre400()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var existing = (await app.CreateAccountAsync("Already Registered")).Email;

        var again = await (await admin.Bearer.PostJsonAsync("/api/v1/admin/accounts/invitations", new { email = existing, name = "Someone", role = "Admin" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("exists already", again.Errors["email"][0], StringComparison.Ordinal);

        var bad = await (await admin.Bearer.PostJsonAsync("/api/v1/admin/accounts/invitations", new { email = "not-an-address", name = "", role = "Doctor" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["email", "name", "role"], bad.Errors.Keys.Order());

        var created = await admin.Bearer.PostJsonAsync("/api/v1/admin/accounts/invitations",
            new { email = $"admin-{Guid.NewGuid():N}@example.com", name = "Ida Admin", role = "admin" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("/api/v1/admin/accounts/", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The sink's message to <paramref name="address"/>, once the SMTP server has written it.</summary>
    private async Task<MimeKit.MimeMessage> MessageToAsync(string address)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            if ((await smtp.MessagesAsync()).FirstOrDefault(m => m.To.Mailboxes.Any(to => to.Address == address)) is { } message) return message;
            await Task.Delay(20, deadline.Token);
        }
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[^\s""<>]+")]
    private static partial Regex LinkPattern();
}
