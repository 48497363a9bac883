using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Messaging;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.HelpDesk;

public sealed class HelpDeskTestsOnSqlite(SqliteApp app) : HelpDeskTests(app), IClassFixture<SqliteApp>;

public sealed class HelpDeskTestsOnPostgres(PostgresApp app) : HelpDeskTests(app), IClassFixture<PostgresApp>;

/// <summary>The help desk through the API: visitors and account holders ask, agents answer, the SLA clock, e-mails, who sees what.</summary>
public abstract class HelpDeskTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> CreatedAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, object request) => client.PostAsJsonAsync("/api/v1/tickets", request, Ct);

    private async Task<OpenedTicketView> VisitorOpensAsync(string email, string subject = "Cannot find my booking", string message = "I booked yesterday and it is gone.") =>
        await CreatedAsync<OpenedTicketView>(await OpenAsync(app.CreateClient(), new { category = "booking", subject, message, email, name = "Vera Visitor" }));

    private Task<List<OutboxMessage>> TicketMailsAsync(string address) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Template == NotificationTemplate.SupportTicketUpdate && m.Address == address).OrderBy(m => m.Id).ToListAsync(Ct));

    private static string LinkKey(string mail)
    {
        var start = mail.IndexOf("?key=", StringComparison.Ordinal) + "?key=".Length;
        var end = mail.IndexOfAny(['\n', '"', ' ', '\r'], start);
        return Uri.UnescapeDataString(mail[start..end]);
    }

    [Fact]
    public async Task Visitor_AsksByEmail_ReadsWithTheKeyOnly_AndTheAgentsAnswerArrivesWithItsOwnKey()
    {
        var email = $"visitor-{Guid.NewGuid():N}@example.org";
        var opened = await VisitorOpensAsync(email);
        var ticket = opened.Ticket;
        Assert.NotNull(opened.VisitorKey);
        Assert.Equal(("new", "booking", true), (ticket.Status, ticket.Category, ticket.Visitor));
        Assert.Equal($"#{ticket.Id}", ticket.Reference);

        var mails = await TicketMailsAsync(email);
        var received = QueuedText.Of(app, Assert.Single(mails));
        Assert.Contains($"[CareSlot #{ticket.Id}] Cannot find my booking", received, StringComparison.Ordinal);
        Assert.Equal(opened.VisitorKey, LinkKey(received));

        var visitor = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(new Uri($"/api/v1/tickets/{ticket.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(new Uri($"/api/v1/tickets/{ticket.Id}?key=not-the-key", UriKind.Relative), Ct)).StatusCode);
        var seen = await (await visitor.GetAsync(new Uri($"/api/v1/tickets/{ticket.Id}?key={Uri.EscapeDataString(opened.VisitorKey!)}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<TicketView>();
        Assert.Equal("I booked yesterday and it is gone.", Assert.Single(seen.Posts).Message);

        var agent = await app.SignInAsync(Caller.Support);
        var queue = await (await agent.Bearer.GetAsync(new Uri("/api/v1/support/tickets", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<QueueRow>>();
        Assert.Contains(queue, row => row.Id == ticket.Id && row.Subject == "Cannot find my booking" && row.Visitor);
        await CreatedAsync<TicketView>(await agent.Bearer.PostAsJsonAsync($"/api/v1/support/tickets/{ticket.Id}/answers",
            new { kind = "internal-note", message = "Probably the 9 o'clock slot." }, Ct));
        var answered = await CreatedAsync<TicketView>(await agent.Bearer.PostAsJsonAsync($"/api/v1/support/tickets/{ticket.Id}/answers",
            new { kind = "reply", message = "Your booking is under Appointments, 9:00 tomorrow." }, Ct));
        Assert.Equal("waiting-for-requester", answered.Status);
        Assert.NotNull(answered.FirstRepliedAt);
        Assert.Equal(["requester", "internal-note", "reply"], answered.Posts.Select(p => p.Kind));

        var answerMail = QueuedText.Of(app, (await TicketMailsAsync(email))[^1]);
        Assert.Contains($"[CareSlot #{ticket.Id}] Re: Cannot find my booking", answerMail, StringComparison.Ordinal);
        Assert.Contains("Your booking is under Appointments, 9:00 tomorrow.", answerMail, StringComparison.Ordinal);
        Assert.DoesNotContain("9 o'clock", answerMail, StringComparison.Ordinal);
        var secondKey = LinkKey(answerMail);
        Assert.NotEqual(opened.VisitorKey, secondKey);

        // The requester never sees the agents' note; either key opens the request, and a reply opens it again.
        var withSecondKey = $"/api/v1/tickets/{ticket.Id}?key={Uri.EscapeDataString(secondKey)}";
        var requesterView = await (await visitor.GetAsync(new Uri(withSecondKey, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<TicketView>();
        Assert.Equal(["requester", "reply"], requesterView.Posts.Select(p => p.Kind));
        Assert.Equal("Support", requesterView.Posts[1].Author);
        Assert.Null(requesterView.AssigneeId);
        var replied = await CreatedAsync<TicketView>(await visitor.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/replies?key={Uri.EscapeDataString(opened.VisitorKey!)}",
            new { message = "Found it, thank you." }, Ct));
        Assert.Equal("open", replied.Status);

        // Every step of the agent's is in the audit trail, under the request's number.
        var actions = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Record == $"ticket {ticket.Id}").Select(e => e.Action).ToListAsync(Ct));
        Assert.Superset(new HashSet<string> { AuditActions.TicketRead, AuditActions.TicketNoted, AuditActions.TicketAnswered }, actions.ToHashSet());
    }

    [Fact]
    public async Task AccountHolder_SeesOnlyTheirOwn_AndEveryoneElseGets404_TheQueueOnlyForAgents()
    {
        var care = await app.CreateCareAsync();
        var ticket = (await CreatedAsync<OpenedTicketView>(await OpenAsync(care.Patient.Client,
            new { category = "booking", subject = "Move my visit", message = "Can you move it to Friday?", appointmentId = care.AppointmentId }))).Ticket;
        Assert.Equal(care.AppointmentId, ticket.AppointmentId);
        Assert.False(ticket.Visitor);
        var mine = await (await care.Patient.Client.GetAsync(new Uri("/api/v1/tickets", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<TicketSummary>>();
        Assert.Equal(ticket.Id, Assert.Single(mine).Id);

        var other = (await app.CreatePatientsAsync(1))[0];
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/api/v1/tickets/{ticket.Id}", UriKind.Relative), Ct)).StatusCode);
        await (await other.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/replies", new { message = "Me too" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await care.DoctorUser.Client.GetAsync(new Uri($"/api/v1/tickets/{ticket.Id}", UriKind.Relative), Ct)).StatusCode);
        // Someone else's appointment cannot be named in a request.
        Assert.Contains("appointmentId", (await (await OpenAsync(other.Client,
            new { category = "booking", subject = "Hi", message = "Whose is this?", appointmentId = care.AppointmentId })).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);

        // An administrator without a second factor is told why (403), as in the admin area; nobody else learns the queue exists.
        var adminWithoutSecondFactor = await app.SignInAsync(Caller.Admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminWithoutSecondFactor.Bearer.GetAsync(new Uri("/api/v1/support/tickets", UriKind.Relative), Ct)).StatusCode);
        foreach (var caller in new[] { Caller.Patient, Caller.DoctorWithSecondFactor })
        {
            var session = await app.SignInAsync(caller);
            Assert.Equal(HttpStatusCode.NotFound, (await session.Bearer.GetAsync(new Uri("/api/v1/support/tickets", UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await session.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}", UriKind.Relative), Ct)).StatusCode);
        }
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var work = await (await admin.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<TicketView>();
        Assert.Equal("Move my visit", work.Subject);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task SlaClock_FirstAnswerDueByPriority_OverdueInTheQueue_StoppedByTheAnswer()
    {
        var opened = await VisitorOpensAsync($"sla-{Guid.NewGuid():N}@example.org", "Slow site");
        var id = opened.Ticket.Id;
        app.Clock.Advance(TimeSpan.FromHours(2));
        // Signed in only now: a bearer token from before the clock moved would have expired.
        var agent = await app.SignInAsync(Caller.Support);

        async Task<QueueRow> RowAsync() => (await (await agent.Bearer.GetAsync(new Uri("/api/v1/support/tickets?status=all", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<List<QueueRow>>()).Single(r => r.Id == id);
        Assert.False((await RowAsync()).FirstReplyOverdue); // normal: 8 hours
        var urgent = await (await agent.Bearer.PatchAsJsonAsync($"/api/v1/support/tickets/{id}", new { priority = "urgent", assignee = "me" }, Ct))
            .ShouldBeOkJsonAsync<TicketView>();
        Assert.Equal(("urgent", "open"), (urgent.Priority, urgent.Status));
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Record == $"ticket {id}" && e.Action == AuditActions.TicketUpdated, Ct)));
        Assert.NotNull(urgent.AssigneeName);
        Assert.True((await RowAsync()).FirstReplyOverdue); // urgent: 1 hour, two have passed
        var mine = await (await agent.Bearer.GetAsync(new Uri("/api/v1/support/tickets?assigned=mine", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<QueueRow>>();
        Assert.Contains(mine, r => r.Id == id);

        await CreatedAsync<TicketView>(await agent.Bearer.PostAsJsonAsync($"/api/v1/support/tickets/{id}/answers",
            new { kind = "reply", message = "Looking into it.", status = "open" }, Ct));
        var row = await RowAsync();
        Assert.False(row.FirstReplyOverdue);
        Assert.Equal("open", row.Status);
        Assert.NotNull(row.FirstRepliedAt);
    }

    [Fact]
    public async Task BadInput_Is400NamingTheField_AClosedRequest409_AndWordsAreSealedAtRest()
    {
        var anonymous = app.CreateClient();
        var missing = await (await OpenAsync(anonymous, new { category = "nope", subject = "", message = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Superset(new HashSet<string> { "category", "subject", "message", "email", "name" }, missing.Errors.Keys.ToHashSet());
        var control = await (await OpenAsync(anonymous, new { category = "other", subject = "Bell\u0007", message = "Hi", email = "a@example.org", name = "A" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("subject", control.Errors.Keys);
        Assert.Contains("message", (await (await OpenAsync(anonymous, new { category = "other", subject = "Long", message = new string('x', 5001), email = "a@example.org", name = "A" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);

        var opened = await VisitorOpensAsync($"closed-{Guid.NewGuid():N}@example.org", "Secret subject 7f3a", "Secret words 7f3a");
        var agent = await app.SignInAsync(Caller.Support);
        var id = opened.Ticket.Id;
        Assert.Contains("status", (await (await agent.Bearer.GetAsync(new Uri("/api/v1/support/tickets?status=sideways", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        var patient = (await app.CreatePatientsAsync(1))[0];
        Assert.Contains("assignee", (await (await agent.Bearer.PatchAsJsonAsync($"/api/v1/support/tickets/{id}", new { assignee = patient.Id.ToString() }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("kind", (await (await agent.Bearer.PostAsJsonAsync($"/api/v1/support/tickets/{id}/answers", new { kind = "requester", message = "x" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        await (await agent.Bearer.PatchAsJsonAsync($"/api/v1/support/tickets/{id}", new { status = "closed" }, Ct)).ShouldBeOkJsonAsync<TicketView>();
        await (await anonymous.PostAsJsonAsync($"/api/v1/tickets/{id}/replies?key={Uri.EscapeDataString(opened.VisitorKey!)}", new { message = "Hello?" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Bearer.PostAsJsonAsync($"/api/v1/support/tickets/{id}/answers", new { kind = "reply", message = "x" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var stored = await app.WithDbAsync(db => db.TicketPosts.AsNoTracking().Where(p => p.TicketId == id).ToListAsync(Ct));
        var opening = Assert.Single(stored);
        Assert.StartsWith("phi1:", opening.SealedBody, StringComparison.Ordinal);
        Assert.StartsWith("phi1:", opening.SealedSubject, StringComparison.Ordinal);
        Assert.DoesNotContain("7f3a", opening.SealedBody + opening.SealedSubject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_AVisitorSendsFeedbackFromTheFooter_WithoutJavaScript_AndReadsItWithTheKeyInTheLink()
    {
        var visitor = app.CreateBrowserClient();
        var home = await (await visitor.GetAsync(new Uri("/", UriKind.Relative), Ct)).ReadHtmlAsync();
        var link = home.QuerySelector("footer a[href*='category=feedback']")?.GetAttribute("href") ?? "";
        Assert.Equal("/help/tickets/new?category=feedback", link);
        var form = await (await visitor.GetAsync(new Uri(link, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("feedback", form.QuerySelector("#Input_Category option[selected]")?.GetAttribute("value"));

        var empty = await visitor.SubmitFormAsync(link, new Dictionary<string, string> { ["Input.Category"] = "feedback" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = await empty.ReadHtmlAsync();
        foreach (var id in (string[])["Input_Name-error", "Input_Email-error", "Input_Subject-error", "Input_Message-error"]) Assert.NotNull(errors.GetElementById(id));

        var sent = await visitor.SubmitFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Name"] = "Fritz Feedback", ["Input.Email"] = $"fritz-{Guid.NewGuid():N}@example.org", ["Input.Category"] = "feedback",
            ["Input.Subject"] = "Dark mode, please", ["Input.Message"] = "The site is bright at night.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var location = sent.Headers.Location!.OriginalString;
        Assert.Matches(@"^/help/tickets/\d+\?key=[A-Za-z0-9_-]+&opened=true$", location);
        var page = await (await visitor.GetAsync(new Uri(location, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("Dark mode, please", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The site is bright at night.", page.GetElementById("ticket-posts")!.TextContent, StringComparison.Ordinal);
        var withoutKey = location[..location.IndexOf('?', StringComparison.Ordinal)];
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserClient().GetAsync(new Uri(withoutKey, UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task SavedAnswers_UniqueByTitle_StartAnAgentsReply_AndAreTheAgentsAlone()
    {
        var agent = await app.SignInAsync(Caller.Support);
        var title = $"Spam folder {Guid.NewGuid():N}";
        var saved = await (await agent.Bearer.PostAsJsonAsync("/api/v1/support/answers", new { title, body = "Please look in your spam folder." }, Ct))
            .ShouldBeOkJsonAsync<CannedAnswerView>();
        Assert.Contains("title", (await (await agent.Bearer.PostAsJsonAsync("/api/v1/support/answers", new { title, body = "Again" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict)).Errors.Keys);
        Assert.Superset(new HashSet<string> { "title", "body" }, (await (await agent.Bearer.PostAsJsonAsync("/api/v1/support/answers", new { title = " ", body = "" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys.ToHashSet());
        var changed = await (await agent.Bearer.PutAsJsonAsync($"/api/v1/support/answers/{saved.Id}", new { title, body = "Please look in your spam folder, then write again." }, Ct))
            .ShouldBeOkJsonAsync<CannedAnswerView>();
        Assert.Equal("Please look in your spam folder, then write again.", changed.Body);

        var ticket = (await VisitorOpensAsync($"saved-{Guid.NewGuid():N}@example.org")).Ticket;
        var page = await (await agent.Browser.GetAsync(new Uri($"/support/tickets/{ticket.Id}?answer={saved.Id}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("Please look in your spam folder, then write again.", page.GetElementById("Input_Message")?.TextContent);

        var patient = (await app.CreatePatientsAsync(1))[0];
        Assert.Equal(HttpStatusCode.NotFound, (await patient.Client.GetAsync(new Uri("/api/v1/support/answers", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Bearer.DeleteAsync(new Uri($"/api/v1/support/answers/{saved.Id}", UriKind.Relative), Ct)).StatusCode);
        await (await agent.Bearer.DeleteAsync(new Uri($"/api/v1/support/answers/{saved.Id}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Files_CheckedByContent_ReadOnlyByThoseWhoMayReadTheirPost_AndSealedAtRest()
    {
        var visitor = app.CreateBrowserClient();
        var form = new Dictionary<string, string>
        {
            ["Input.Category"] = "billing", ["Input.Subject"] = "Invoice", ["Input.Message"] = "The invoice is attached.",
            ["Input.Name"] = "Vera Visitor", ["Input.Email"] = $"visitor-{Guid.NewGuid():N}@example.org",
        };
        var refused = await visitor.SubmitMultipartAsync("/help/tickets/new", "main form[method=post]", form,
            ("Input.File", "invoice.pdf", MessagingTestKit.Exe));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadHtmlAsync()).QuerySelector("#Input_File-error"));

        var sent = await visitor.SubmitMultipartAsync("/help/tickets/new", "main form[method=post]", form, ("Input.File", "invoice.pdf", MessagingTestKit.Pdf));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var requesterPage = sent.Headers.Location!.OriginalString;
        var ticketId = long.Parse(requesterPage.Split('/', '?')[3], System.Globalization.CultureInfo.InvariantCulture);
        var key = Uri.UnescapeDataString(requesterPage.Split("key=")[1].Split('&')[0]);
        var page = await (await visitor.GetAsync(new Uri(requesterPage, UriKind.Relative), Ct)).ReadHtmlAsync();
        var fileLink = page.QuerySelector("#ticket-posts a[download]")?.GetAttribute("href");
        Assert.NotNull(fileLink);

        var download = await visitor.GetAsync(new Uri(fileLink, UriKind.Relative), Ct);
        Assert.Equal(MessagingTestKit.Pdf, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        // Without the key, or as someone else, the file is not there.
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserClient().GetAsync(new Uri(fileLink.Split('?')[0], UriKind.Relative), Ct)).StatusCode);
        var stranger = (await app.CreatePatientsAsync(1))[0];
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(new Uri($"/api/v1/tickets/{ticketId}/files/{fileLink.Split('/')[5].Split('?')[0]}",
            UriKind.Relative), Ct)).StatusCode);

        // An agent's note with a file: theirs to read (audited), never the requester's.
        var agent = await app.SignInAsync(Caller.Support);
        var noted = await agent.Browser.SubmitMultipartAsync($"/support/tickets/{ticketId}", "form[action*='handler=Answer']",
            new Dictionary<string, string> { ["Input.Kind"] = "internal-note", ["Input.Message"] = "Scan of the ledger." }, ("Input.File", "ledger.png", MessagingTestKit.Png));
        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);
        var work = await (await agent.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticketId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<TicketView>();
        var noteFile = Assert.Single(work.Posts.Single(p => p.Kind == "internal-note").Files);
        Assert.Equal(("ledger.png", "image/png"), (noteFile.FileName, noteFile.ContentType));
        Assert.Equal(HttpStatusCode.OK, (await agent.Browser.GetAsync(new Uri($"/support/tickets/{ticketId}/files/{noteFile.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(
            new Uri($"/help/tickets/{ticketId}/files/{noteFile.Id}?key={Uri.EscapeDataString(key)}", UriKind.Relative), Ct)).StatusCode);
        Assert.Contains(AuditActions.TicketFileRead, await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Record == $"ticket {ticketId}")
            .Select(e => e.Action).ToListAsync(Ct)));

        var stored = await app.WithDbAsync(db => db.TicketFiles.AsNoTracking().Where(f => f.Id == noteFile.Id).Select(f => new { f.SealedFileName, f.SealedContent }).SingleAsync(Ct));
        Assert.DoesNotContain("ledger", stored.SealedFileName, StringComparison.Ordinal);
        Assert.NotEqual(MessagingTestKit.Png, stored.SealedContent);
    }

    [Fact]
    public async Task Api_FilesGoUpAsMultipart_AndComeDownToWhoeverMayReadTheirPost()
    {
        var care = await app.CreateCareAsync();
        var ticket = (await CreatedAsync<OpenedTicketView>(await OpenAsync(care.Patient.Client,
            new { category = "billing", subject = "Receipt", message = "Where is my receipt?" }))).Ticket;

        static MultipartFormDataContent Form(byte[] file, params (string Name, string Value)[] fields)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
            form.Add(new ByteArrayContent(file), "file", "scan.pdf");
            return form;
        }
        var url = $"/api/v1/tickets/{ticket.Id}/replies/with-file";
        using (var program = Form(MessagingTestKit.Exe, ("message", "Here it is.")))
        {
            Assert.Equal(["file"], (await (await care.Patient.Client.PostAsync(new Uri(url, UriKind.Relative), program, Ct))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        }
        using (var json = JsonContent.Create(new { message = "No file" }))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await care.Patient.Client.PostAsync(new Uri(url, UriKind.Relative), json, Ct)).StatusCode);
        }
        using (var pdf = Form(MessagingTestKit.Pdf, ("message", "Here it is.")))
        {
            var replied = await CreatedAsync<TicketView>(await care.Patient.Client.PostAsync(new Uri(url, UriKind.Relative), pdf, Ct));
            Assert.Equal("scan.pdf", Assert.Single(replied.Posts[^1].Files).FileName);
        }
        var other = (await app.CreatePatientsAsync(1))[0];
        using (var pdf = Form(MessagingTestKit.Pdf, ("message", "Me too.")))
        {
            await (await other.Client.PostAsync(new Uri(url, UriKind.Relative), pdf, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        var agent = await app.SignInAsync(Caller.Support);
        using (var note = Form(MessagingTestKit.Png, ("kind", "internal-note"), ("message", "Ledger scan.")))
        {
            var noted = await CreatedAsync<TicketView>(await agent.Bearer.PostAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}/answers/with-file", UriKind.Relative),
                note, Ct));
            var file = Assert.Single(noted.Posts[^1].Files);
            Assert.Equal("image/png", file.ContentType);
            Assert.Equal(HttpStatusCode.NotFound, (await care.Patient.Client.GetAsync(new Uri($"/api/v1/tickets/{ticket.Id}/files/{file.Id}", UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(MessagingTestKit.Png, await (await agent.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}/files/{file.Id}", UriKind.Relative), Ct))
                .Content.ReadAsByteArrayAsync(Ct));
        }
    }
}
