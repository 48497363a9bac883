using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Admin;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Messaging;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Disputes;

public sealed class DisputesTestsOnSqlite(SqliteApp app) : DisputesTests(app), IClassFixture<SqliteApp>;

public sealed class DisputesTestsOnPostgres(PostgresApp app) : DisputesTests(app), IClassFixture<PostgresApp>;

/// <summary>Disputes through the API: opening and who may, statements and files, the administrators' steps, the no-show cleared, notices, audit, SLA.</summary>
public abstract class DisputesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, Guid appointmentId, string kind = "conduct", string statement = "The doctor was rude.") =>
        client.PostAsJsonAsync("/api/v1/disputes", new { appointmentId, kind, statement }, Ct);

    private static async Task<DisputeView> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<DisputeView>(Ct))!;
    }

    /// <summary>The care's visit took place and the doctor marked it a no-show.</summary>
    private async Task MarkNoShowAsync(Care care)
    {
        var url = $"/api/v1/appointments/{care.AppointmentId}/status";
        await care.DoctorUser.Client.PostAsJsonAsync(url, new ChangeStatusRequest("confirmed", null), Ct);
        app.Clock.Advance(TimeSpan.FromDays(3));
        (await care.DoctorUser.Client.PostAsJsonAsync(url, new ChangeStatusRequest("no-show", null), Ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Open_ByAPartyOnly_OthersGet404_ASecondWhileInProgressIs409()
    {
        var care = await app.CreateCareAsync();
        var stranger = (await app.CreatePatientsAsync(1))[0];

        await (await OpenAsync(stranger.Client, care.AppointmentId)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var opened = await OkAsync(await OpenAsync(care.Patient.Client, care.AppointmentId), HttpStatusCode.Created);
        Assert.Equal(("conduct", "open", "patient"), (opened.Kind, opened.State, opened.OpenerRole));
        Assert.Equal("The doctor was rude.", Assert.Single(opened.Steps).Text);
        await (await OpenAsync(care.DoctorUser.Client, care.AppointmentId)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await stranger.Client.GetAsync(new Uri($"/api/v1/disputes/{opened.Id}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsJsonAsync($"/api/v1/disputes/{opened.Id}/statements", new { statement = "Me too" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.DisputeOpened && e.Record == $"dispute {opened.Id}", Ct)));

        // Sealed at rest like a message body.
        var stored = await app.WithDbAsync(db => db.DisputeSteps.AsNoTracking().SingleAsync(s => s.DisputeId == opened.Id, Ct));
        Assert.DoesNotContain("rude", stored.SealedText!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"kind\":\"conduct\",\"statement\":\"x\"}", "appointmentId")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"kind\":\"bad\",\"statement\":\"x\"}", "kind")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"kind\":\"other\",\"statement\":\"  \"}", "statement")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"kind\":\"other\",\"statement\":\"a\\u0000b\"}", "statement")]
    public async Task Open_BadInput_Is400NamingTheField(string json, string field)
    {
        var patient = (await app.CreatePatientsAsync(1))[0];
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await patient.Client.PostAsync(new Uri("/api/v1/disputes", UriKind.Relative), content, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task ContestedNoShow_OnAVisitNotMarkedSo_Is400NamingTheKind()
    {
        var care = await app.CreateCareAsync();
        var problem = await (await OpenAsync(care.Patient.Client, care.AppointmentId, "contested-no-show")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("kind", problem.Errors.Keys);
    }

    [Fact]
    public async Task Statements_BothPartiesAddWordsAndFiles_FileCheckedByContent_DownloadedByTheOther()
    {
        var care = await app.CreateCareAsync();
        var opened = await OkAsync(await OpenAsync(care.Patient.Client, care.AppointmentId, "billing", "I was billed twice."), HttpStatusCode.Created);

        await OkAsync(await care.DoctorUser.Client.PostAsJsonAsync($"/api/v1/disputes/{opened.Id}/statements", new { statement = "One bill was a refund." }, Ct),
            HttpStatusCode.Created);
        var withFile = await OkAsync(await StatementWithFileAsync(care.Patient.Client, opened.Id, MessagingTestKit.Png, "receipt.pdf"), HttpStatusCode.Created);
        var refused = await StatementWithFileAsync(care.Patient.Client, opened.Id, MessagingTestKit.Exe, "receipt.png");

        Assert.Contains("file", (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(["opened", "statement", "statement"], withFile.Steps.Select(s => s.Kind));
        var file = Assert.Single(withFile.Steps[^1].Files);
        Assert.Equal(("image/png", "receipt.png"), (file.ContentType, file.FileName));
        var download = await care.DoctorUser.Client.GetAsync(new Uri($"/api/v1/disputes/{opened.Id}/files/{file.Id}", UriKind.Relative), Ct);
        Assert.Equal(MessagingTestKit.Png, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    private static async Task<HttpResponseMessage> StatementWithFileAsync(HttpClient client, Guid disputeId, byte[] content, string name)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("See the receipt."), "statement");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        form.Add(file, "file", name);
        return await client.PostAsync(new Uri($"/api/v1/disputes/{disputeId}/statements/with-file", UriKind.Relative), form, Ct);
    }

    [Fact]
    public async Task ContestedNoShow_AssignedAskedAnsweredAndUpheld_ClearsTheNoShow_NotifiesEveryone_AuditsEachStep()
    {
        var care = await app.CreateCareAsync();
        await MarkNoShowAsync(care);
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var adminId = await admin.IdAsync();
        var opened = await OkAsync(await OpenAsync(care.Patient.Client, care.AppointmentId, "contested-no-show", "I was there at 10:00 sharp."),
            HttpStatusCode.Created);
        var url = $"/api/v1/admin/disputes/{opened.Id}";

        await (await admin.Bearer.PostAsJsonAsync($"{url}/resolve", new { outcome = "upheld", explanation = "x" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("under-review", (await OkAsync(await admin.Bearer.PostAsJsonAsync($"{url}/assign", new { }, Ct))).State);
        Assert.Equal("awaiting-party", (await OkAsync(await admin.Bearer.PostAsJsonAsync($"{url}/questions",
            new { audience = "doctor", question = "Who was at the desk?" }, Ct))).State);
        await OkAsync(await care.DoctorUser.Client.PostAsJsonAsync($"/api/v1/disputes/{opened.Id}/statements", new { statement = "Our receptionist." }, Ct),
            HttpStatusCode.Created);
        Assert.Equal("under-review", (await OkAsync(await admin.Bearer.GetAsync(new Uri(url, UriKind.Relative), Ct))).State);
        var resolved = await OkAsync(await admin.Bearer.PostAsJsonAsync($"{url}/resolve", new { outcome = "upheld", explanation = "The desk log shows the arrival." }, Ct));

        Assert.Equal(("resolved", "upheld"), (resolved.State, resolved.Outcome));
        Assert.Equal(["opened", "assigned", "question", "statement", "resolved"], resolved.Steps.Select(s => s.Kind));
        var patientSees = await OkAsync(await care.Patient.Client.GetAsync(new Uri($"/api/v1/disputes/{opened.Id}", UriKind.Relative), Ct));
        Assert.Equal("The desk log shows the arrival.", patientSees.Steps[^1].Text);
        await (await care.Patient.Client.PostAsJsonAsync($"/api/v1/disputes/{opened.Id}/statements", new { statement = "Thanks" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var appointment = await app.WithDbAsync(db => db.Appointments.AsNoTracking().Include(a => a.History).SingleAsync(a => a.Id == care.AppointmentId, Ct));
        Assert.Equal(AppointmentStatus.Completed, appointment.Status);
        var last = appointment.History.OrderBy(h => h.Id).Last();
        Assert.Equal((AppointmentStatus.NoShow, AppointmentStatus.Completed, Actor.Admin, adminId), (last.FromStatus, last.ToStatus, last.Actor, last.ByAccountId!.Value));

        var actions = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Record!.StartsWith($"dispute {opened.Id}")).Select(e => e.Action).ToListAsync(Ct));
        Assert.Superset(new HashSet<string> { AuditActions.DisputeOpened, AuditActions.DisputeAssigned, AuditActions.DisputeQuestionAsked,
            AuditActions.DisputeStatementAdded, AuditActions.DisputeResolved, AuditActions.DisputeRead }, actions.ToHashSet());
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Record == $"dispute {opened.Id} no-show cleared" && e.ActorId == adminId, Ct)));

        var notices = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Template == NotificationTemplate.DisputeUpdate
            && m.Key.StartsWith("dispute:")).ToListAsync(Ct));
        var resolutionStep = resolved.Steps[^1].Id;
        Assert.Equal(2, notices.Count(n => n.Key.StartsWith($"dispute:{resolutionStep:N}", StringComparison.Ordinal)));
        Assert.All(notices, n => Assert.DoesNotContain("desk", QueuedText.Of(app, n), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Withdraw_OnlyByTheOpener_AndNonAdminsGet404FromTheAdminApi()
    {
        var care = await app.CreateCareAsync();
        var opened = await OkAsync(await OpenAsync(care.DoctorUser.Client, care.AppointmentId, "late-cancellation", "Cancelled an hour before."), HttpStatusCode.Created);

        await (await care.Patient.Client.PostAsync(new Uri($"/api/v1/disputes/{opened.Id}/withdraw", UriKind.Relative), null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("withdrawn", (await OkAsync(await care.DoctorUser.Client.PostAsync(new Uri($"/api/v1/disputes/{opened.Id}/withdraw", UriKind.Relative), null, Ct))).State);
        Assert.Equal(HttpStatusCode.NotFound, (await care.Patient.Client.GetAsync(new Uri($"/api/v1/admin/disputes/{opened.Id}", UriKind.Relative), Ct)).StatusCode);
        // Withdrawn: a new dispute about the same appointment may be opened.
        await OkAsync(await OpenAsync(care.Patient.Client, care.AppointmentId), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Queue_SlaClock_CountsHoursInTheStateAgainstItsTarget_AndOpenDisputeCountsAgree()
    {
        var first = await app.CreateCareAsync();
        var firstDispute = await OkAsync(await OpenAsync(first.Patient.Client, first.AppointmentId, "other"), HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromHours(47));
        var second = await app.CreateCareAsync();
        var secondDispute = await OkAsync(await OpenAsync(second.Patient.Client, second.AppointmentId, "other"), HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromHours(2));
        // Signed in only now: a bearer token from before the clock moved two days would have expired.
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var queue = await (await admin.Bearer.GetAsync(new Uri("/api/v1/admin/disputes?state=open&kind=other", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<List<DisputeQueueRow>>();
        var rows = queue.Where(r => r.Id == firstDispute.Id || r.Id == secondDispute.Id).ToList();
        Assert.Equal([firstDispute.Id, secondDispute.Id], rows.Select(r => r.Id));
        Assert.Equal([(49, 48, true), (2, 48, false)], rows.Select(r => (r.HoursInState, r.TargetHours!.Value, r.Overdue)));
        Assert.Contains("state", (await (await admin.Bearer.GetAsync(new Uri("/api/v1/admin/disputes?state=nope", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);

        await using var scope = app.Services.CreateAsyncScope();
        var counts = await scope.ServiceProvider.GetRequiredService<OpenDisputeCounts>().GetAsync(Ct);
        var overdueInDb = await app.WithDbAsync(db => db.Disputes.CountAsync(d => d.State == DisputeState.Open, Ct));
        Assert.Equal(overdueInDb, counts.ByState[DisputeState.Open]);
        Assert.True(counts.Overdue >= 1);
    }
}
