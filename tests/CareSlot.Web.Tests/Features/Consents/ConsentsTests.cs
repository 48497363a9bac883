using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Consents;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Surveys;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.LiveChat;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Surveys;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Consents;

public sealed class ConsentsTestsOnSqlite(SqliteApp app) : ConsentsTests(app), IClassFixture<SqliteApp>;

public sealed class ConsentsTestsOnPostgres(PostgresApp app) : ConsentsTests(app), IClassFixture<PostgresApp>;

/// <summary>Consent records per purpose: the API and the page, withdrawal and its effects (SMS reminders, surveys, chat transcripts), re-consent, audit.</summary>
public abstract class ConsentsTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ConsentsView> ConsentsAsync(HttpClient client) =>
        client.GetAsync(new Uri("/api/v1/account/consents", UriKind.Relative), Ct).ContinueWith(t => t.Result.ShouldBeOkJsonAsync<ConsentsView>(), Ct).Unwrap();

    private static Task<HttpResponseMessage> WithdrawAsync(HttpClient client, string purpose) =>
        client.DeleteAsync(new Uri($"/api/v1/account/consents/{purpose}", UriKind.Relative), Ct);

    private static Task<HttpResponseMessage> GiveAsync(HttpClient client, string purpose) =>
        client.PutAsync(new Uri($"/api/v1/account/consents/{purpose}", UriKind.Relative), null, Ct);

    private static async Task<Guid> MeAsync(CallerSession session) =>
        JsonDocument.Parse(await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();

    /// <summary>A patient signed in on the pages, whose account accepted notice 2026-11 at registration (as RegisterPatient records it).</summary>
    private async Task<(CallerSession Session, Guid Id)> RegisteredPatientAsync()
    {
        var session = await app.SignInAsync(Caller.Patient);
        var id = await MeAsync(session);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.TermsVersion, "2026-11"), Ct));
        return (session, id);
    }

    [Fact]
    public async Task NewAccount_TermsFromRegistration_OtherPurposesGivenUntilWithdrawn()
    {
        var (session, _) = await RegisteredPatientAsync();

        var consents = await ConsentsAsync(session.Bearer);

        Assert.Equal(("2026-11", false), (consents.NoticeVersion, consents.ReconsentRequired));
        Assert.Equal(["terms-and-privacy-notice", "sms-reminders", "surveys", "chat-transcripts"], consents.Consents.Select(c => c.Purpose));
        Assert.All(consents.Consents, c => Assert.True(c.Given));
        var terms = consents.Consents[0];
        Assert.Equal(("2026-11", "registration"), (terms.NoticeVersion, terms.Source));
        Assert.NotNull(terms.At);
        Assert.Null(consents.Consents[1].At); // no record yet: the starting state
        Assert.Equal("terms-and-privacy-notice", Assert.Single(consents.History).Purpose);
    }

    [Fact]
    public async Task WithdrawAndGive_AppendRecords_AuditEach_RepeatWritesNothing()
    {
        var (session, id) = await RegisteredPatientAsync();

        var withdrawn = await (await WithdrawAsync(session.Bearer, "sms-reminders")).ShouldBeOkJsonAsync<ConsentView>();
        Assert.Equal(("sms-reminders", false, "api", "2026-11"), (withdrawn.Purpose, withdrawn.Given, withdrawn.Source, withdrawn.NoticeVersion));
        await (await WithdrawAsync(session.Bearer, "sms-reminders")).ShouldBeOkJsonAsync<ConsentView>(); // idempotent
        var given = await (await GiveAsync(session.Bearer, "sms-reminders")).ShouldBeOkJsonAsync<ConsentView>();
        Assert.True(given.Given);

        var records = await app.WithDbAsync(db => db.ConsentRecords.AsNoTracking().Where(r => r.AccountId == id).OrderBy(r => r.Id).ToListAsync(Ct));
        Assert.Equal([false, true], records.Select(r => r.Given));
        Assert.All(records, r => Assert.Equal((ConsentPurpose.SmsReminders, ConsentSource.Api), (r.Purpose, r.Source)));
        var audit = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Record != null && e.Record.StartsWith($"account {id} consent"))
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.ActorId, e.PatientId }).ToListAsync(Ct));
        Assert.Equal([AuditActions.ConsentWithdrawn, AuditActions.ConsentGiven], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((id, (Guid?)null), (a.ActorId!.Value, a.PatientId)));

        var consents = await ConsentsAsync(session.Bearer);
        Assert.Equal(3, consents.History.Count); // give, withdraw, and registration's terms
        Assert.Equal("sms-reminders", consents.History[0].Purpose);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("SmsReminders")]
    [InlineData("sms%0Areminders")]
    public async Task UnknownPurpose_Is400NamingPurpose(string purpose)
    {
        var (session, id) = await RegisteredPatientAsync();

        (await (await WithdrawAsync(session.Bearer, purpose)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.ContainsKey("purpose");
        Assert.Contains("purpose", (await (await GiveAsync(session.Bearer, purpose)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("purpose", (await (await GiveAsync(session.Bearer, new string('a', 5000))).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.False(await app.WithDbAsync(db => db.ConsentRecords.AnyAsync(r => r.AccountId == id, Ct)));
    }

    [Fact]
    public async Task Api_Anonymous_Is401()
    {
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/account/consents", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithdrawAsync(anonymous, "surveys")).StatusCode);
    }

    [Fact]
    public async Task Page_ListsEachPurpose_WithdrawIsOneClick_AndHostilePurposesAre400()
    {
        var (session, id) = await RegisteredPatientAsync();
        var browser = session.Browser;

        var page = await (await browser.GetAsync(new Uri("/account/privacy", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal(4, page.QuerySelectorAll("main .consent-list > li").Length);
        Assert.Contains("/account/privacy", (await (await browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).ReadHtmlAsync())
            .QuerySelectorAll("main a").Select(a => a.GetAttribute("href")));

        var withdrawn = await browser.SubmitFormAsync("/account/privacy", new Dictionary<string, string>(), formSelector: "form:has(input[value=surveys])");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var after = await (await browser.GetAsync(new Uri("/account/privacy", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("Give consent", after.QuerySelector("form:has(input[value=surveys]) button")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, after.QuerySelectorAll("main table tbody tr").Length);
        var record = await app.WithDbAsync(db => db.ConsentRecords.AsNoTracking().SingleAsync(r => r.AccountId == id, Ct));
        Assert.Equal((ConsentPurpose.Surveys, false, ConsentSource.AccountPage), (record.Purpose, record.Given, record.Source));

        // A NUL in a form is refused before any page sees it (the site's "request not understood" page, also a 400).
        var nul = await browser.SubmitFormAsync("/account/privacy", new Dictionary<string, string> { ["purpose"] = "surveys\u0000" },
            formSelector: "form:has(input[value=sms-reminders])");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        foreach (var hostile in new[] { "nothing", "surveys\u0007", new string('x', 10_000), "" })
        {
            var response = await browser.SubmitFormAsync("/account/privacy", new Dictionary<string, string> { ["purpose"] = hostile },
                formSelector: "form:has(input[value=sms-reminders])");
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest && body.Contains("role=\"alert\"", StringComparison.Ordinal),
                $"{hostile.Length} {(int)response.StatusCode}: {body[..Math.Min(body.Length, 3000)]}");
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.ConsentRecords.CountAsync(r => r.AccountId == id, Ct)));
    }

    [Fact]
    public async Task ProfileCheckbox_ShowsAndWritesTheSmsReminderConsent()
    {
        var (session, _) = await RegisteredPatientAsync();
        (await WithdrawAsync(session.Bearer, "sms-reminders")).EnsureSuccessStatusCode();

        var profile = await (await session.Browser.GetAsync(new Uri("/account/profile", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.False(profile.QuerySelector("#Input_SmsReminders")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task NewNoticeVersion_PagesAskForItFirst_PrivacyPagesAndApiDoNot_AcceptingReturnsToThePage()
    {
        var (session, id) = await RegisteredPatientAsync();
        var options = app.Services.GetRequiredService<IOptions<AccountOptions>>().Value;
        var before = options.TermsVersion;
        options.TermsVersion = "2027-01";
        try
        {
            var asked = await session.Browser.GetAsync(new Uri("/appointments?x=1", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
            Assert.Equal("/account/privacy/review?returnUrl=%2Fappointments%3Fx%3D1", asked.Headers.Location!.OriginalString);
            foreach (var open in new[] { "/account/privacy", "/account/privacy/review", "/privacy" })
            {
                Assert.Equal(HttpStatusCode.OK, (await session.Browser.GetAsync(new Uri(open, UriKind.Relative), Ct)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.OK, (await session.Browser.GetAsync(new Uri("/css/site.css", UriKind.Relative), Ct)).StatusCode);
            var consents = await ConsentsAsync(session.Bearer);
            Assert.True(consents.ReconsentRequired);
            Assert.Equal("2027-01", consents.NoticeVersion);

            var review = await (await session.Browser.GetAsync(asked.Headers.Location, Ct)).ReadHtmlAsync();
            Assert.Contains("2026-11", review.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            var accepted = await session.Browser.SubmitFormAsync(asked.Headers.Location.OriginalString, new Dictionary<string, string>());
            Assert.Equal("/appointments?x=1", accepted.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await session.Browser.GetAsync(new Uri("/appointments", UriKind.Relative), Ct)).StatusCode);

            var record = await app.WithDbAsync(db => db.ConsentRecords.AsNoTracking().SingleAsync(r => r.AccountId == id, Ct));
            Assert.Equal((ConsentPurpose.TermsAndPrivacyNotice, true, "2027-01", ConsentSource.Reconsent), (record.Purpose, record.Given, record.NoticeVersion, record.Source));
            Assert.False((await ConsentsAsync(session.Bearer)).ReconsentRequired);

            // A return address elsewhere is not followed.
            var (other, _) = await RegisteredPatientAsync();
            var elsewhere = await other.Browser.SubmitFormAsync("/account/privacy/review?returnUrl=https%3A%2F%2Fevil.example%2F", new Dictionary<string, string>());
            Assert.Equal("/account", elsewhere.Headers.Location?.OriginalString);
        }
        finally
        {
            options.TermsVersion = before;
        }
    }

    [Fact]
    public async Task WithdrawingTheTerms_AsksForThemAgain()
    {
        var (session, _) = await RegisteredPatientAsync();
        (await WithdrawAsync(session.Bearer, "terms-and-privacy-notice")).EnsureSuccessStatusCode();

        Assert.True((await ConsentsAsync(session.Bearer)).ReconsentRequired);
        var asked = await session.Browser.GetAsync(new Uri("/account", UriKind.Relative), Ct);
        Assert.StartsWith("/account/privacy/review", asked.Headers.Location?.OriginalString, StringComparison.Ordinal);
        (await GiveAsync(session.Bearer, "terms-and-privacy-notice")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await session.Browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task SmsRemindersWithdrawn_TheReminderIsNotSent_ConfirmationsStillAre()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        const string Phone = "+4915112349901";
        await app.VerifyPhoneAsync(patient.Id, Phone);
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        (await WithdrawAsync(patient.Client, "sms-reminders")).EnsureSuccessStatusCode();
        await app.DispatchAsync();
        var confirmations = (await app.SmsToAsync(Phone)).Count;

        var start = await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.Start).SingleAsync(Ct));
        app.Clock.SetUtcNow((start - Duration.FromHours(1)).ToDateTimeOffset());
        await app.DispatchAsync();

        Assert.Equal(confirmations, (await app.SmsToAsync(Phone)).Count);
        var reminder = (await app.OutboxAsync(booked.Id)).Single(m => m.IsReminder && m.Channel == NotificationChannel.Sms);
        Assert.Equal(OutboxState.Skipped, reminder.State);
    }

    [Fact]
    public async Task SurveysWithdrawn_TheGroupSendingLeavesThePersonOut_AndCountsThem()
    {
        var patients = await app.CreatePatientsAsync(2);
        (await WithdrawAsync(patients[0].Client, "surveys")).EnsureSuccessStatusCode();
        var survey = await app.CreateOpenSurveyAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<SendSurvey>().HandleAsync(survey.Id, Ct);

        Assert.Null(sent.Problem);
        Assert.True(sent.Value!.Objected >= 1);
        var invited = await app.WithDbAsync(db => db.SurveyInvitations.Where(i => i.SurveyId == survey.Id).Select(i => i.AccountId).ToListAsync(Ct));
        Assert.DoesNotContain(patients[0].Id, invited);
        Assert.Contains(patients[1].Id, invited);
    }

    [Fact]
    public async Task ChatTranscriptsWithdrawn_TheLinesAreErasedWhenTheChatEnds_OthersKeepTheirs()
    {
        await app.ResetChatsAsync();
        var patients = await app.CreatePatientsAsync(2);
        (await WithdrawAsync(patients[0].Client, "chat-transcripts")).EnsureSuccessStatusCode();
        var agent = await app.CreateApiUserAsync(Roles.Support, multiFactor: true);

        async Task<long> ChatAndEndAsync(Guid patientId) => await app.WithChatAsync(async (desk, _, _) =>
        {
            var customer = new ChatCustomer(patientId, null);
            await desk.SetAvailabilityAsync(agent.Id, available: true, Ct);
            var started = await desk.StartAsync(customer, null, null, Ct);
            Assert.Null((await desk.SendAsCustomerAsync(customer, "My question", Ct)).Error);
            Assert.Null((await desk.SendAsAgentAsync(agent.Id, started.Chat!.Id, "Hello, how can I help?", Ct)).Error);
            Assert.Null((await desk.EndAsAgentAsync(agent.Id, started.Chat.Id, Ct)).Error);
            await desk.SetAvailabilityAsync(agent.Id, available: false, Ct);
            return started.Chat.Id;
        });
        var objected = await ChatAndEndAsync(patients[0].Id);
        var kept = await ChatAndEndAsync(patients[1].Id);

        Assert.Equal(0, await app.WithDbAsync(db => db.ChatMessages.CountAsync(m => m.ConversationId == objected, Ct)));
        Assert.Equal(2, await app.WithDbAsync(db => db.ChatMessages.CountAsync(m => m.ConversationId == kept, Ct)));
        Assert.True(await app.WithDbAsync(db => db.ChatConversations.AnyAsync(c => c.Id == objected && c.Status == ChatStatus.Closed, Ct)));
    }
}
