using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Surveys;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Records;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Surveys;

public sealed class SurveyTestsOnSqlite(SqliteApp app) : SurveyTests(app), IClassFixture<SqliteApp>;

public sealed class SurveyTestsOnPostgres(PostgresApp app) : SurveyTests(app), IClassFixture<PostgresApp>;

public static partial class SurveysTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The four kinds of question: a required rating, an optional single and multiple choice, a required free text.</summary>
    public static readonly IReadOnlyList<SurveyQuestionRequest> FourQuestions =
    [
        new("How was your visit?", "rating", true, null),
        new("How did you book?", "single-choice", false, "Online\nBy phone\nAt the desk"),
        new("What helped?", "multiple-choice", false, "Reminders\nDirections\nShort wait"),
        new("Anything else?", "free-text", true, null),
    ];

    /// <summary>An open survey made through the use cases, as an administrator's pages would.</summary>
    public static async Task<Survey> CreateOpenSurveyAsync(this CareSlotApp app, bool afterVisits = false, string audience = "patients",
        IReadOnlyList<SurveyQuestionRequest>? questions = null)
    {
        var admin = await app.CreateApiUserAsync(CareSlot.Web.Features.Accounts.Roles.Admin, multiFactor: true);
        await using var scope = app.Services.CreateAsyncScope();
        var save = scope.ServiceProvider.GetRequiredService<SaveSurvey>();
        var created = await save.CreateAsync(admin.Id, new SurveyRequest($"Survey {Guid.NewGuid():N}", "A few questions.", audience, afterVisits,
            questions ?? FourQuestions), Ct);
        Assert.Null(created.Problem);
        var opened = await save.OpenAsync(created.Value!.Id, Ct);
        Assert.Null(opened.Problem);
        return opened.Value!;
    }

    /// <summary>An invitation for <paramref name="accountId"/> made directly; its token, as the e-mail's link carries it.</summary>
    public static async Task<string> InviteAsync(this CareSlotApp app, Survey survey, Guid accountId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var (_, token) = scope.ServiceProvider.GetRequiredService<SurveyInvitations>()
            .Add(db, survey, accountId, null, new SurveyRecipient("Greta Garbo", $"{accountId:N}@example.com", "en"), app.Now());
        await db.SaveChangesAsync(Ct);
        return token;
    }

    /// <summary>The token of the link in the survey e-mail queued for <paramref name="email"/>.</summary>
    public static async Task<string> TokenFromEmailAsync(this CareSlotApp app, string email, int surveyId)
    {
        var messages = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Template == NotificationTemplate.SurveyInvitation && m.Address == email).ToListAsync(Ct));
        var invitations = await app.WithDbAsync(db => db.SurveyInvitations.AsNoTracking().Where(i => i.SurveyId == surveyId).Select(i => i.Id).ToListAsync(Ct));
        var message = Assert.Single(messages, m => invitations.Any(i => m.Key == SurveyNotices.KeyFor(i)));
        return LinkToken().Match(QueuedText.Of(app, message)).Groups["token"].Value;
    }

    public static Task<HttpResponseMessage> AnswerAsync(this HttpClient browser, string token, IReadOnlyDictionary<string, string> values) =>
        browser.SubmitFormAsync($"/surveys/{token}", values);

    /// <summary>Answers to <see cref="FourQuestions"/>, by the page's field names.</summary>
    public static Dictionary<string, string> Answers(Survey survey, string rating = "4", string? choice = "1", string? text = "Friendly staff.")
    {
        var questions = survey.Questions.OrderBy(q => q.Position).ToList();
        var values = new Dictionary<string, string> { [AnswerSurvey.Field(questions[0])] = rating };
        if (choice is not null) values[AnswerSurvey.Field(questions[1])] = choice;
        if (text is not null) values[AnswerSurvey.Field(questions[3])] = text;
        return values;
    }

    [GeneratedRegex(@"/surveys/(?<token>[A-Za-z0-9_-]{43})")]
    private static partial Regex LinkToken();
}

/// <summary>
/// Surveys: built and sent by administrators, after visits, answered through the signed link without signing in, results and CSV.
/// The fixture's database is shared by the class, so group counts are asserted for this test's own people.
/// </summary>
public abstract class SurveyTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminBuildsOpensAndSends_EachPatientOneInvitationAndEmail_SendingAgainAddsNone()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var built = await admin.Browser.SubmitFormAsync("/admin/surveys/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "How was your visit?",
            ["Input.Intro"] = "Two minutes, no sign-in.",
            ["Input.Audience"] = "patients",
            ["Input.Questions[0].Prompt"] = "Overall",
            ["Input.Questions[0].Kind"] = "rating",
            ["Input.Questions[0].Required"] = "true",
            ["Input.Questions[1].Prompt"] = "How did you book?",
            ["Input.Questions[1].Kind"] = "single-choice",
            ["Input.Questions[1].Choices"] = "Online\r\nBy phone",
            ["Input.Questions[2].Prompt"] = "",
            ["Input.Questions[2].Kind"] = "rating",
        });
        Assert.True(built.StatusCode == HttpStatusCode.Redirect, (await built.ReadHtmlAsync()).QuerySelector(".error-summary")?.TextContent);
        var url = built.Headers.Location!.OriginalString;
        var surveyId = int.Parse(url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().Include(s => s.Questions).SingleAsync(s => s.Id == surveyId, Ct));
        Assert.Equal((SurveyState.Draft, 2), (survey.State, survey.Questions.Count));
        Assert.Equal(["Online", "By phone"], survey.Questions.Single(q => q.Kind == SurveyQuestionKind.SingleChoice).ChoiceList);

        // Not sent while a draft.
        var early = await admin.Browser.SubmitFormAsync(url, new Dictionary<string, string>(), formSelector: "form[action*='handler=Open']");
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        var patients = await app.CreatePatientsAsync(2);
        var sent = await admin.Browser.SubmitFormAsync(url, new Dictionary<string, string>(), formSelector: "form[action*='handler=Send']");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var again = await admin.Browser.SubmitFormAsync(url, new Dictionary<string, string>(), formSelector: "form[action*='handler=Send']");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);

        var invited = await app.WithDbAsync(db => db.SurveyInvitations.AsNoTracking().Where(i => i.SurveyId == surveyId).ToListAsync(Ct));
        foreach (var patient in patients)
        {
            var mine = Assert.Single(invited, i => i.AccountId == patient.Id);
            Assert.Null(mine.AppointmentId);
            Assert.Equal(64, mine.TokenHash.Length);
            var token = await app.TokenFromEmailAsync(patient.Email, surveyId);
            Assert.Equal(SurveyInvitations.Hash(token), mine.TokenHash);
        }
        var activePatients = await app.WithDbAsync(db => db.Users.CountAsync(u => u.EmailConfirmed && u.SuspendedAt == null
            && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == CareSlot.Web.Features.Accounts.Roles.Patient)), Ct));
        Assert.Equal(activePatients, invited.Count);
        var audit = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(a => a.Record != null && a.Record.StartsWith($"survey {surveyId}"))
            .Select(a => a.Action).ToListAsync(Ct));
        Assert.Contains(AuditActions.SurveyCreated, audit);
        Assert.Contains(AuditActions.SurveyOpened, audit);
        Assert.Equal(2, audit.Count(a => a == AuditActions.SurveySent));

        // A doctors' survey goes to doctors only.
        var doctors = await app.CreateOpenSurveyAsync(audience: "doctors");
        var doctor = await app.CreateApiUserAsync(CareSlot.Web.Features.Accounts.Roles.Doctor);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null((await scope.ServiceProvider.GetRequiredService<SendSurvey>().HandleAsync(doctors.Id, Ct)).Problem);
        }
        var doctorInvitations = await app.WithDbAsync(db => db.SurveyInvitations.Where(i => i.SurveyId == doctors.Id).Select(i => i.AccountId).ToListAsync(Ct));
        Assert.Contains(doctor.Id, doctorInvitations);
        Assert.DoesNotContain(patients[0].Id, doctorInvitations);
    }

    [Fact]
    public async Task CompletingAVisit_InvitesItsPatientOnce_RetryingAddsNone()
    {
        var survey = await app.CreateOpenSurveyAsync(afterVisits: true);
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var visit = await app.AddVisitAsync(doctor, patient.Id, Duration.FromHours(-1));
        Assert.Equal(0, await app.WithDbAsync(db => db.SurveyInvitations.CountAsync(i => i.AppointmentId == visit, Ct)));

        var completed = await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{visit}/status", new { status = "completed" }, Ct);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var retried = await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{visit}/status", new { status = "completed" }, Ct);
        Assert.True((int)retried.StatusCode is 409 or 200, $"{(int)retried.StatusCode}");

        var invitation = Assert.Single(await app.WithDbAsync(db => db.SurveyInvitations.Where(i => i.SurveyId == survey.Id && i.AppointmentId == visit).ToListAsync(Ct)));
        Assert.Equal(patient.Id, invitation.AccountId);
        var token = await app.TokenFromEmailAsync(patient.Email, survey.Id);
        // Answered through the link by anyone holding it, without signing in.
        var answered = await app.CreateBrowserClient().AnswerAsync(token, SurveysTestKit.Answers(survey));
        Assert.Equal("/surveys/thanks", answered.Headers.Location?.OriginalString);

        // A cancelled or no-show visit invites nobody; a survey without after-visits neither.
        var missed = await app.AddVisitAsync(doctor, patient.Id, Duration.FromHours(-3));
        Assert.Equal(HttpStatusCode.OK, (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{missed}/status", new { status = "no-show" }, Ct)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.SurveyInvitations.CountAsync(i => i.AppointmentId == missed, Ct)));
    }

    [Fact]
    public async Task Answer_WithoutSigningIn_OncePerLink_ThenThanks_ResultsCount()
    {
        var survey = await app.CreateOpenSurveyAsync();
        var patients = await app.CreatePatientsAsync(3);
        var tokens = new List<string>();
        foreach (var patient in patients) tokens.Add(await app.InviteAsync(survey, patient.Id));
        var visitor = app.CreateBrowserClient();

        var page = await (await visitor.GetAsync(new Uri($"/surveys/{tokens[0]}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal(survey.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal(5, page.QuerySelectorAll("input[type=radio][name='" + AnswerSurvey.Field(survey.Questions.OrderBy(q => q.Position).First()) + "']").Length);

        var first = await visitor.AnswerAsync(tokens[0], SurveysTestKit.Answers(survey, rating: "5", choice: "0"));
        Assert.Equal("/surveys/thanks", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(new Uri("/surveys/thanks", UriKind.Relative), Ct)).StatusCode);
        var multiple = AnswerSurvey.Field(survey.Questions.OrderBy(q => q.Position).ElementAt(2));
        {
            var form = await (await visitor.GetAsync(new Uri($"/surveys/{tokens[1]}", UriKind.Relative), Ct)).ReadHtmlAsync();
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var withToken = new FormUrlEncodedContent([.. SurveysTestKit.Answers(survey, rating: "3", choice: "0"), new(multiple, "0"), new(multiple, "2"),
                new("__RequestVerificationToken", token)]);
            Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostAsync(new Uri($"/surveys/{tokens[1]}", UriKind.Relative), withToken, Ct)).StatusCode);
        }

        // The same link again: already answered, on the page and on a second submission (never a 500).
        var reopened = await visitor.GetAsync(new Uri($"/surveys/{tokens[0]}", UriKind.Relative), Ct);
        Assert.Contains("already answered", (await reopened.ReadHtmlAsync()).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var firstPage = await (await visitor.GetAsync(new Uri($"/surveys/{tokens[2]}", UriKind.Relative), Ct)).ReadHtmlAsync();
        var antiforgery = firstPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using (var twice = new FormUrlEncodedContent([.. SurveysTestKit.Answers(survey), new("__RequestVerificationToken", antiforgery)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostAsync(new Uri($"/surveys/{tokens[2]}", UriKind.Relative), twice, Ct)).StatusCode);
        }
        using (var twice = new FormUrlEncodedContent([.. SurveysTestKit.Answers(survey), new("__RequestVerificationToken", antiforgery)]))
        {
            var second = await visitor.PostAsync(new Uri($"/surveys/{tokens[2]}", UriKind.Relative), twice, Ct);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Contains("already answered", (await second.ReadHtmlAsync()).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        }
        Assert.Equal(3, await app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == survey.Id, Ct)));

        // Two submissions at once: one response, the other told it is answered; never a 500.
        var raced = await app.InviteAsync(survey, (await app.CreatePatientsAsync(1))[0].Id);
        var racePage = await (await visitor.GetAsync(new Uri($"/surveys/{raced}", UriKind.Relative), Ct)).ReadHtmlAsync();
        var raceToken = racePage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var race = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var body = new FormUrlEncodedContent([.. SurveysTestKit.Answers(survey), new("__RequestVerificationToken", raceToken)]);
            return (await visitor.PostAsync(new Uri($"/surveys/{raced}", UriKind.Relative), body, Ct)).StatusCode;
        }));
        Assert.All(race, status => Assert.True(status is HttpStatusCode.Redirect or HttpStatusCode.Conflict, $"{status}"));
        Assert.Contains(HttpStatusCode.Redirect, race);
        Assert.Equal(4, await app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == survey.Id, Ct)));

        // Results: 4 answered of 4 invited; ratings 5, 3, 4, 4; choice "Online" twice, "By phone" twice.
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var resultsResponse = await admin.Browser.GetAsync(new Uri($"/admin/surveys/{survey.Id}/results", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, resultsResponse.StatusCode);
        var results = await resultsResponse.ReadHtmlAsync();
        Assert.Contains("4 answered of 4 invited", results.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        var svg = results.QuerySelector("svg[role=img]")!;
        Assert.NotNull(svg.QuerySelector("title"));
        var ratings = results.QuerySelector("#chart-1-caption")!.ParentElement!.QuerySelectorAll("tbody td").Select(c => c.TextContent).ToList();
        Assert.Equal(["0", "0", "1", "2", "1"], ratings);
        Assert.Contains("average 4.0 of 5", results.QuerySelector("#question-1")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var choices = results.QuerySelector("#chart-2-caption")!.ParentElement!.QuerySelectorAll("tbody td").Select(c => c.TextContent).ToList();
        Assert.Equal(["2", "2", "0"], choices);
        var multiples = results.QuerySelector("#chart-3-caption")!.ParentElement!.QuerySelectorAll("tbody td").Select(c => c.TextContent).ToList();
        Assert.Equal(["1", "0", "1"], multiples);
        Assert.Equal(4, results.QuerySelectorAll(".survey-texts li").Length);

        // The same through the API, as JSON; an unknown survey is a 404 problem.
        var json = JsonDocument.Parse(await admin.Bearer.GetStringAsync(new Uri($"/api/v1/admin/surveys/{survey.Id}/results", UriKind.Relative), Ct)).RootElement;
        Assert.Equal((4, 4), (json.GetProperty("invited").GetInt32(), json.GetProperty("responses").GetInt32()));
        var ratingResults = json.GetProperty("questions")[0];
        Assert.Equal(("rating", 4.0), (ratingResults.GetProperty("kind").GetString(), ratingResults.GetProperty("average").GetDouble()));
        Assert.Equal([0, 0, 1, 2, 1], ratingResults.GetProperty("counts").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()));
        Assert.Equal(4, json.GetProperty("questions")[3].GetProperty("texts").GetArrayLength());
        var listed = JsonDocument.Parse(await admin.Bearer.GetStringAsync(new Uri("/api/v1/admin/surveys", UriKind.Relative), Ct)).RootElement;
        Assert.Contains(listed.EnumerateArray(), s => s.GetProperty("id").GetInt32() == survey.Id && s.GetProperty("state").GetString() == "open");
        await (await admin.Bearer.GetAsync(new Uri("/api/v1/admin/surveys/999999/results", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Links_UnknownIs404_ExpiredAndClosedAre410_NoForm()
    {
        var survey = await app.CreateOpenSurveyAsync();
        var visitor = app.CreateBrowserClient();
        foreach (var wrong in new[] { "nope", new string('a', 43), "%20", "a%2Fb", new string('x', 5000) })
        {
            var response = await visitor.GetAsync(new Uri($"/surveys/{wrong}", UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{wrong[..Math.Min(10, wrong.Length)]}: {(int)response.StatusCode}");
        }
        var unknown = await (await visitor.GetAsync(new Uri($"/surveys/{new string('a', 43)}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("This survey link is not valid.", unknown.QuerySelector("h1")!.TextContent);
        Assert.Null(unknown.QuerySelector("main form"));

        var patient = (await app.CreatePatientsAsync(1))[0];
        var expired = await app.InviteAsync(survey, patient.Id);
        var answeredLater = await app.InviteAsync(survey, (await app.CreatePatientsAsync(1))[0].Id);
        var beforeExpiry = await (await visitor.GetAsync(new Uri($"/surveys/{expired}", UriKind.Relative), Ct)).ReadHtmlAsync();
        var antiforgery = beforeExpiry.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await app.WithDbAsync(db => db.SurveyInvitations.Where(i => i.TokenHash == SurveyInvitations.Hash(expired))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.ExpiresAt, app.Now() - Duration.FromMinutes(1)), Ct));
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(new Uri($"/surveys/{expired}", UriKind.Relative), Ct)).StatusCode);
        using (var late = new FormUrlEncodedContent([.. SurveysTestKit.Answers(survey), new("__RequestVerificationToken", antiforgery)]))
        {
            var refused = await visitor.PostAsync(new Uri($"/surveys/{expired}", UriKind.Relative), late, Ct);
            Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
            Assert.Equal("This survey link has expired.", (await refused.ReadHtmlAsync()).QuerySelector("h1")!.TextContent);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null((await scope.ServiceProvider.GetRequiredService<SaveSurvey>().CloseAsync(survey.Id, Ct)).Problem);
        }
        var closed = await visitor.GetAsync(new Uri($"/surveys/{answeredLater}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Gone, closed.StatusCode);
        Assert.Equal("This survey is closed.", (await closed.ReadHtmlAsync()).QuerySelector("h1")!.TextContent);
        Assert.Equal(0, await app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == survey.Id, Ct)));
    }

    [Fact]
    public async Task Answer_BadInput_IsA400WithTheErrorNextToItsQuestion_NeverA500()
    {
        var survey = await app.CreateOpenSurveyAsync();
        var token = await app.InviteAsync(survey, (await app.CreatePatientsAsync(1))[0].Id);
        var visitor = app.CreateBrowserClient();
        var questions = survey.Questions.OrderBy(q => q.Position).ToList();
        var rating = AnswerSurvey.Field(questions[0]);
        var single = AnswerSurvey.Field(questions[1]);
        var text = AnswerSurvey.Field(questions[3]);
        var cases = new (string Field, Dictionary<string, string> Values)[]
        {
            (rating, SurveysTestKit.Answers(survey, rating: "")),
            (rating, SurveysTestKit.Answers(survey, rating: "6")),
            (rating, SurveysTestKit.Answers(survey, rating: "0")),
            (rating, SurveysTestKit.Answers(survey, rating: "-1")),
            (rating, SurveysTestKit.Answers(survey, rating: "99999999999999999999")),
            (single, SurveysTestKit.Answers(survey, choice: "99")),
            (single, SurveysTestKit.Answers(survey, choice: "Online")),
            (text, SurveysTestKit.Answers(survey, text: null)),
            (text, SurveysTestKit.Answers(survey, text: "   ")),
            (text, SurveysTestKit.Answers(survey, text: "bell\u0007")),
            (text, SurveysTestKit.Answers(survey, text: new string('x', SurveyAnswer.TextMaxLength + 1))),
            (text, SurveysTestKit.Answers(survey, text: new string('x', 10_000))),
            (text, SurveysTestKit.Answers(survey, text: new string('x', 10_001))),
        };
        foreach (var (field, values) in cases)
        {
            var response = await visitor.AnswerAsync(token, values);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode}");
            var page = await response.ReadHtmlAsync();
            Assert.True(page.QuerySelector($"#{field}-error.field-error") is not null, $"{field}: {page.QuerySelector("h1")?.TextContent}");
            Assert.NotNull(page.QuerySelector(".error-summary a[href='#" + field + "']"));
        }
        // A NUL the framework's form reader refuses itself: a 400 all the same, never a 500.
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.AnswerAsync(token, SurveysTestKit.Answers(survey, text: "nul\0"))).StatusCode);
        // What was typed stays in the form beside its error.
        var kept = await (await visitor.AnswerAsync(token, SurveysTestKit.Answers(survey, rating: "", text: "Still here"))).ReadHtmlAsync();
        Assert.Equal("Still here", kept.QuerySelector($"textarea[name={text}]")!.TextContent);
        Assert.Equal(0, await app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == survey.Id, Ct)));
        // Optional questions may be left out.
        var optional = await visitor.AnswerAsync(token, SurveysTestKit.Answers(survey, choice: null));
        Assert.Equal("/surveys/thanks", optional.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task FreeText_IsSealedAtRest_AndTheCsvQuotesAndDefusesFormulas()
    {
        var survey = await app.CreateOpenSurveyAsync();
        var visitor = app.CreateBrowserClient();
        var written = new[] { "=HYPERLINK(\"http://evil.example\",\"click\")", "My knee hurts, \"a lot\"\nsince Monday", "@SUM(A1)", "+1", "-2", "plain" };
        foreach (var text in written)
        {
            var token = await app.InviteAsync(survey, (await app.CreatePatientsAsync(1))[0].Id);
            Assert.Equal(HttpStatusCode.Redirect, (await visitor.AnswerAsync(token, SurveysTestKit.Answers(survey, text: text))).StatusCode);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var stored = await app.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == survey.Id && a.SealedText != null)
            .Select(a => a.SealedText!).ToListAsync(Ct));
        Assert.Equal(written.Length, stored.Count);
        Assert.All(stored, value => Assert.StartsWith("phi1:", value, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, value => value.Contains("knee", StringComparison.Ordinal) || value.Contains("plain", StringComparison.Ordinal));

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var response = await admin.Browser.GetAsync(new Uri($"/admin/surveys/{survey.Id}/results.csv", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync(Ct);
        var lines = csv.Split("\r\n");
        Assert.Equal("submitted,How was your visit?,How did you book?,What helped?,Anything else?", lines[0]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains(",\"My knee hurts, \"\"a lot\"\"\nsince Monday\"", csv, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1)", csv, StringComparison.Ordinal);
        Assert.Contains(",'+1", csv, StringComparison.Ordinal);
        Assert.Contains(",'-2", csv, StringComparison.Ordinal);
        Assert.Contains(",4,By phone,,plain", csv, StringComparison.Ordinal);
        Assert.Equal(written.Length + 2, lines.Length); // header, one per response, and the last line's ending

        // The results page shows the words (opened), newest first.
        var results = await (await admin.Browser.GetAsync(new Uri($"/admin/surveys/{survey.Id}/results", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("plain", results.QuerySelector(".survey-texts li p")!.TextContent);
    }

    [Fact]
    public async Task EditingQuestions_OfASurveyWithAnswers_IsRefused_ClosingIsNot()
    {
        var survey = await app.CreateOpenSurveyAsync();
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var url = $"/admin/surveys/{survey.Id}";
        // Before anyone answers, questions may still change.
        var changed = await admin.Browser.SubmitFormAsync(url, Fields(await OpenFormAsync(admin.Browser, url), "Input.Questions[0].Prompt", "Overall, how was it?"), action: url);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().Include(s => s.Questions).SingleAsync(s => s.Id == survey.Id, Ct));

        var token = await app.InviteAsync(survey, (await app.CreatePatientsAsync(1))[0].Id);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserClient().AnswerAsync(token, SurveysTestKit.Answers(survey))).StatusCode);

        var form = await OpenFormAsync(admin.Browser, url);
        Assert.NotNull((await (await admin.Browser.GetAsync(new Uri(url, UriKind.Relative), Ct)).ReadHtmlAsync()).QuerySelector("main .notice"));
        var refused = await admin.Browser.SubmitFormAsync(url, Fields(form, "Input.Questions[0].Prompt", "Something else"), action: url);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Contains("can no longer change", page.QuerySelector("#Input_Questions-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Overall, how was it?", await app.WithDbAsync(db => db.SurveyQuestions.Where(q => q.SurveyId == survey.Id && q.Position == 1).Select(q => q.Prompt).SingleAsync(Ct)));

        // The title may still change; closing works.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Browser.SubmitFormAsync(url, Fields(form, "Input.Title", "Renamed"), action: url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Browser.SubmitFormAsync(url, new Dictionary<string, string>(), formSelector: "form[action*='handler=Close']")).StatusCode);
        Assert.Equal(SurveyState.Closed, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == survey.Id).Select(s => s.State).SingleAsync(Ct)));
        var audit = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(a => a.Record == $"survey {survey.Id}").Select(a => a.Action).ToListAsync(Ct));
        Assert.Contains(AuditActions.SurveyClosed, audit);
    }

    [Fact]
    public async Task AdminForm_BadInput_ShowsErrorsNextToEachQuestion()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var response = await admin.Browser.SubmitFormAsync("/admin/surveys/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "",
            ["Input.Audience"] = "martians",
            ["Input.Questions[0].Prompt"] = "Pick one",
            ["Input.Questions[0].Kind"] = "single-choice",
            ["Input.Questions[0].Choices"] = "Only one",
            ["Input.Questions[1].Prompt"] = "Rate",
            ["Input.Questions[1].Kind"] = "stars",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.True(page.QuerySelector("#Input_Title-error") is not null, page.QuerySelector(".error-summary")?.OuterHtml);
        Assert.NotNull(page.QuerySelector("#Input_Audience-error"));
        Assert.NotNull(page.QuerySelector("[id='Input_Questions[0]_Choices-error']"));
        Assert.NotNull(page.QuerySelector("[id='Input_Questions[1]_Kind-error']"));
        var hostile = await admin.Browser.SubmitFormAsync("/admin/surveys/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "Fine",
            ["Input.Questions[0].Prompt"] = "bell\u0007",
            ["Input.Questions[1].Choices"] = new string('x', 10_001),
        });
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        var refused = await hostile.ReadHtmlAsync();
        Assert.NotNull(refused.QuerySelector("[id='Input_Questions[0]_Prompt-error']"));
        Assert.NotNull(refused.QuerySelector("[id='Input_Questions[1]_Choices-error']"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync(new Uri("/admin/surveys/999999", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync(new Uri("/admin/surveys/999999/results", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync(new Uri("/admin/surveys/999999/results.csv", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task SendingInSmallBatches_InvitesEveryoneOnce_AndTwoSendersAtOnceAddNoDuplicates()
    {
        var survey = await app.CreateOpenSurveyAsync();
        var patients = await app.CreatePatientsAsync(5);
        // Batches of two: the group is read and saved a few at a time, never all at once.
        async Task<int> SendAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var invitations = new SurveyInvitations(services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
                Microsoft.Extensions.Options.Options.Create(new SurveyOptions { SendBatchSize = 2 }),
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CareSlot.Web.Platform.Web.SiteOptions>>());
            var send = new SendSurvey(services.GetRequiredService<CareSlotDb>(), invitations, services.GetRequiredService<AuditTrail>(),
                services.GetRequiredService<IClock>(), services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SurveysText>>());
            var outcome = await send.HandleAsync(survey.Id, Ct);
            Assert.Null(outcome.Problem);
            return outcome.Value!.Invited;
        }
        var counts = await Task.WhenAll(SendAsync(), SendAsync());
        var invited = await app.WithDbAsync(db => db.SurveyInvitations.Where(i => i.SurveyId == survey.Id).Select(i => i.AccountId).ToListAsync(Ct));
        Assert.Equal(invited.Count, invited.Distinct().Count());
        Assert.Equal(invited.Count, counts.Sum());
        Assert.All(patients, p => Assert.Contains(p.Id, invited));
        var keys = (await app.WithDbAsync(db => db.SurveyInvitations.Where(i => i.SurveyId == survey.Id).Select(i => i.Id).ToListAsync(Ct)))
            .Select(SurveyNotices.KeyFor).ToList();
        Assert.Equal(keys.Count, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => keys.Contains(m.Key), Ct)));
        Assert.Equal(0, await SendAsync());
        Assert.Equal(invited.Count, await app.WithDbAsync(db => db.SurveyInvitations.CountAsync(i => i.SurveyId == survey.Id, Ct)));
    }

    [Fact]
    public void CsvCell_QuotesAndGuardsFormulaInjection()
    {
        Assert.Equal("plain", SurveyResults.Cell("plain"));
        Assert.Equal("\"a,b\"", SurveyResults.Cell("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", SurveyResults.Cell("say \"hi\""));
        Assert.Equal("\"line\nbreak\"", SurveyResults.Cell("line\nbreak"));
        Assert.Equal("'=1+1", SurveyResults.Cell("=1+1"));
        Assert.Equal("'+1", SurveyResults.Cell("+1"));
        Assert.Equal("'-1", SurveyResults.Cell("-1"));
        Assert.Equal("'@x", SurveyResults.Cell("@x"));
        Assert.Equal("\"'=A1,B1\"", SurveyResults.Cell("=A1,B1"));
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlFormElement> OpenFormAsync(HttpClient browser, string url) =>
        (AngleSharp.Html.Dom.IHtmlFormElement)(await (await browser.GetAsync(new Uri(url, UriKind.Relative), Ct)).ReadHtmlAsync())
            .QuerySelector($"main form[action='{url}']")!;

    /// <summary>The form's current values (as a browser would send them) with one changed.</summary>
    private static Dictionary<string, string> Fields(AngleSharp.Html.Dom.IHtmlFormElement form, string name, string value)
    {
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var key = element.GetAttribute("name")!;
            switch (element)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked) fields[key] = box.Value;
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input:
                    fields[key] = input.Value;
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement area:
                    fields[key] = area.Value;
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select:
                    fields[key] = select.Value ?? "";
                    break;
            }
        }
        fields[name] = value;
        return fields;
    }
}
