using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Messaging;

public sealed class MessagingAuthorizationTestsOnSqlite(SqliteApp app) : MessagingAuthorizationTests(app), IClassFixture<SqliteApp>;

public sealed class MessagingAuthorizationTestsOnPostgres(PostgresApp app) : MessagingAuthorizationTests(app), IClassFixture<PostgresApp>;

/// <summary>Who asks about one patient's conversation with their doctor.</summary>
public enum Asker
{
    /// <summary>The conversation's patient.</summary>
    Patient,
    OtherPatient,

    /// <summary>The conversation's doctor, while the patient has an upcoming visit with them; two-factor session.</summary>
    DoctorCaring,

    /// <summary>The conversation's doctor, the last visit long past; two-factor session.</summary>
    DoctorCareEnded,

    /// <summary>A doctor with no relationship to the patient; two-factor session.</summary>
    DoctorStranger,

    /// <summary>The conversation's doctor, signed in with a password only.</summary>
    DoctorWithoutTwoFactor,

    /// <summary>An administrator with a second factor, no break-glass access.</summary>
    Admin,

    /// <summary>An administrator with a second factor and break-glass access to this patient, open now.</summary>
    AdminWithBreakGlass,

    /// <summary>Support with a second factor.</summary>
    Support,
    Anonymous,
}

/// <summary>
/// Every messaging route and endpoint (API by token and by cookie, pages by cookie, the hub's Join) × ten askers, against
/// one real conversation with an attachment, on both databases: the whole of <see cref="ConversationAuthorizationHandler"/>
/// and the route policy in one table. Someone else's conversation is 404 (never 403); 403 and the access-denied page are
/// only for whom the route's policy refuses outright (a doctor without a second factor, support).
/// </summary>
public abstract class MessagingAuthorizationTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Outcome { Ok, NotFound, Conflict, Invalid, Refused, SignIn, Joined, NotJoined }

    private sealed record World(Asker Asker, CallerSession Session, Guid ConversationId, Guid AttachmentId, Guid PatientId, int DoctorId);

    public static TheoryData<Asker> Askers => [.. Enum.GetValues<Asker>()];

    /// <summary>What each asker gets; the route's policy answers for the last three before any conversation is looked at.</summary>
    private static Outcome Expected(string route, Asker asker)
    {
        switch (asker)
        {
            case Asker.DoctorWithoutTwoFactor or Asker.Support: return Outcome.Refused;
            case Asker.Anonymous: return Outcome.SignIn;
        }
        var canRead = asker is Asker.Patient or Asker.DoctorCaring or Asker.DoctorCareEnded or Asker.AdminWithBreakGlass;
        var read = canRead ? Outcome.Ok : Outcome.NotFound;
        var send = asker switch
        {
            Asker.Patient or Asker.DoctorCaring => Outcome.Ok,
            Asker.DoctorCareEnded => Outcome.Conflict,
            _ => Outcome.NotFound,
        };
        var start = asker switch
        {
            Asker.Patient or Asker.DoctorCaring => Outcome.Ok,
            Asker.OtherPatient or Asker.DoctorCareEnded or Asker.DoctorStranger => Outcome.Invalid,
            _ => Outcome.NotFound,
        };
        return route switch
        {
            "GET /api/v1/conversations" or "GET /messages" => Outcome.Ok,
            "GET /api/v1/conversations/{id}" or "GET /api/v1/conversations/{id}/attachments/{a}" or "GET /messages/{id}" or "GET /messages/{id}?handler=Messages"
                or "GET /messages/{id}/attachments/{a}" => read,
            "POST /api/v1/conversations" or "POST /messages/new" => start,
            "GET /messages/new" => asker is Asker.Admin or Asker.AdminWithBreakGlass ? Outcome.NotFound : Outcome.Ok,
            "POST /api/v1/conversations/{id}/messages" or "POST /api/v1/conversations/{id}/messages/with-attachment" or "POST /messages/{id}?handler=Send" => send,
            "POST /api/v1/conversations/{id}/close" or "POST /messages/{id}?handler=Close" =>
                asker is Asker.DoctorCaring or Asker.DoctorCareEnded ? Outcome.Ok : Outcome.NotFound,
            "hub join" => canRead ? Outcome.Joined : Outcome.NotJoined,
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, "No expectation for this route."),
        };
    }

    [Theory]
    [MemberData(nameof(Askers))]
    public async Task EveryMessagingRoute_AnswersTheAsker_AsTheTableSays(Asker asker)
    {
        var world = await ArrangeAsync(asker);
        var wrong = new List<string>();
        async Task Check(string route, string how, Func<Task<Outcome>> call)
        {
            var expected = Expected(route, asker);
            var got = await call();
            if (got != expected) wrong.Add($"{route} ({how}): expected {expected}, got {got}");
        }

        var id = world.ConversationId;
        var a = world.AttachmentId;
        var api = world.Session.Bearer;
        var browser = world.Session.Browser;
        var clients = asker == Asker.Anonymous ? new[] { ("token", api) } : [("token", api), ("cookie", browser)];
        foreach (var (how, client) in clients)
        {
            await Check("GET /api/v1/conversations", how, () => ApiAsync(client, HttpMethod.Get, "/api/v1/conversations"));
            await Check("GET /api/v1/conversations/{id}", how, () => ApiAsync(client, HttpMethod.Get, $"/api/v1/conversations/{id}"));
            await Check("GET /api/v1/conversations/{id}/attachments/{a}", how, () => ApiAsync(client, HttpMethod.Get, $"/api/v1/conversations/{id}/attachments/{a}"));
            await Check("POST /api/v1/conversations", how, () => ApiAsync(client, HttpMethod.Post, "/api/v1/conversations", StartBody(world)));
            await Check("POST /api/v1/conversations/{id}/messages", how, () => ApiAsync(client, HttpMethod.Post, $"/api/v1/conversations/{id}/messages",
                new { body = "A question" }));
            await Check("POST /api/v1/conversations/{id}/messages/with-attachment", how, () => UploadAsync(client, how == "cookie", id));
        }
        await Check("hub join", "token", () => JoinAsync(world));
        await Check("GET /messages", "cookie", () => PageAsync(browser, HttpMethod.Get, "/messages"));
        await Check("GET /messages/new", "cookie", () => PageAsync(browser, HttpMethod.Get, "/messages/new"));
        await Check("POST /messages/new", "cookie", () => PageAsync(browser, HttpMethod.Post, "/messages/new", new Dictionary<string, string>
        {
            ["Input.To"] = IsDoctor(asker) ? world.PatientId.ToString() : world.DoctorId.ToString(CultureInfo.InvariantCulture),
            ["Input.Subject"] = "From the page", ["Input.Body"] = "Hello",
        }));
        await Check("GET /messages/{id}", "cookie", () => PageAsync(browser, HttpMethod.Get, $"/messages/{id}"));
        await Check("GET /messages/{id}?handler=Messages", "cookie", () => PageAsync(browser, HttpMethod.Get, $"/messages/{id}?handler=Messages"));
        await Check("GET /messages/{id}/attachments/{a}", "cookie", () => PageAsync(browser, HttpMethod.Get, $"/messages/{id}/attachments/{a}"));
        await Check("POST /messages/{id}?handler=Send", "cookie", () => PageAsync(browser, HttpMethod.Post, $"/messages/{id}?handler=Send",
            new Dictionary<string, string> { ["Input.Body"] = "From the page" }, multipart: true));
        await Check("POST /messages/{id}?handler=Close", "cookie", () => PageAsync(browser, HttpMethod.Post, $"/messages/{id}?handler=Close"));
        // Last: closing ends writing for everyone after.
        foreach (var (how, client) in clients)
        {
            await Check("POST /api/v1/conversations/{id}/close", how, () => ApiAsync(client, HttpMethod.Post, $"/api/v1/conversations/{id}/close"));
        }

        Assert.True(wrong.Count == 0, $"{asker}:{Environment.NewLine}{string.Join(Environment.NewLine, wrong)}");
    }

    private static bool IsDoctor(Asker asker) => asker is Asker.DoctorCaring or Asker.DoctorCareEnded or Asker.DoctorStranger or Asker.DoctorWithoutTwoFactor;

    private static object StartBody(World world) => IsDoctor(world.Asker)
        ? new { patientId = world.PatientId.ToString(), subject = "Follow-up", body = "Hello" }
        : new { doctorId = world.DoctorId, subject = "Follow-up", body = "Hello" };

    private async Task<World> ArrangeAsync(Asker asker)
    {
        var caller = asker switch
        {
            Asker.Patient or Asker.OtherPatient => Caller.Patient,
            Asker.DoctorCaring or Asker.DoctorCareEnded or Asker.DoctorStranger => Caller.DoctorWithSecondFactor,
            Asker.DoctorWithoutTwoFactor => Caller.Doctor,
            Asker.Admin or Asker.AdminWithBreakGlass => Caller.AdminWithSecondFactor,
            Asker.Support => Caller.Support,
            _ => Caller.Anonymous,
        };
        var session = await app.SignInAsync(caller);
        var callerId = caller == Caller.Anonymous ? Guid.Empty
            : JsonDocument.Parse(await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();

        // The conversation's doctor is the asker when the asker is that doctor; else a doctor of its own.
        var doctor = asker is Asker.DoctorCaring or Asker.DoctorCareEnded or Asker.DoctorWithoutTwoFactor
            ? await TestDoctorOfAsync(callerId)
            : await app.CreateBookableDoctorAsync();
        var patient = asker == Asker.Patient
            ? new ApiUser(callerId, "", session.Bearer)
            : (await app.CreatePatientsAsync(1))[0];
        var appointment = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 9, daysAhead: 3));
        var care = new Care(doctor, patient, patient, appointment.Id);
        var conversation = await care.StartOkAsync("Side effects", "I feel dizzy since the new tablets.");
        var sent = await patient.Client.SendFileAsync(conversation.Id, MessagingTestKit.Pdf, "diary.pdf");
        var attachmentId = Assert.Single((await sent.Content.ReadFromJsonAsync<MessageView>(Ct))!.Attachments).Id;
        if (asker == Asker.DoctorCareEnded) await app.EndCareAsync(appointment.Id);
        if (asker == Asker.AdminWithBreakGlass)
        {
            var now = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
            await app.WithDbAsync(async db =>
            {
                db.BreakGlassAccesses.Add(new BreakGlassAccess(callerId, patient.Id, "Patient unconscious in A&E", now, now + Duration.FromHours(1)));
                return await db.SaveChangesAsync(Ct);
            });
        }
        if (asker == Asker.Admin)
        {
            // Break-glass to someone else, and an expired one to this patient: neither opens this conversation.
            var now = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
            await app.WithDbAsync(async db =>
            {
                db.BreakGlassAccesses.Add(new BreakGlassAccess(callerId, Guid.NewGuid(), "Another patient", now, now + Duration.FromHours(1)));
                db.BreakGlassAccesses.Add(new BreakGlassAccess(callerId, patient.Id, "Last week", now - Duration.FromDays(7), now - Duration.FromDays(7) + Duration.FromHours(1)));
                return await db.SaveChangesAsync(Ct);
            });
        }
        return new World(asker, session, conversation.Id, attachmentId, patient.Id, doctor.DoctorId);
    }

    private Task<TestDoctor> TestDoctorOfAsync(Guid accountId) => app.WithDbAsync(async db =>
    {
        var doctor = await db.Doctors.Where(d => d.AccountId == accountId).Select(d => d.Id).SingleAsync(Ct);
        var typeId = await db.AppointmentTypes.Where(t => t.DoctorId == doctor).Select(t => t.Id).FirstAsync(Ct);
        var clinic = await db.Clinics.Where(c => c.Doctors.Any(d => d.Id == doctor)).Select(c => new { c.Id, c.TimeZoneId, c.Phone }).FirstAsync(Ct);
        return new TestDoctor(doctor, clinic.Id, typeId, DateTimeZoneProviders.Tzdb[clinic.TimeZoneId], clinic.Phone);
    });

    private static async Task<Outcome> ApiAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body);
        else if (method == HttpMethod.Post) request.Content = new StringContent("", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, Ct);
        return Classify(response, api: true);
    }

    private static async Task<Outcome> UploadAsync(HttpClient client, bool cookie, Guid id)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("With a file"), "body");
        form.Add(new ByteArrayContent(MessagingTestKit.Png), "attachment", "x.png");
        if (cookie) form.Add(new StringContent(await client.AntiforgeryTokenAsync()), "__RequestVerificationToken");
        using var response = await client.PostAsync(new Uri($"/api/v1/conversations/{id}/messages/with-attachment", UriKind.Relative), form, Ct);
        return Classify(response, api: true);
    }

    private static async Task<Outcome> PageAsync(HttpClient browser, HttpMethod method, string url, IReadOnlyDictionary<string, string>? fields = null,
        bool multipart = false)
    {
        if (method == HttpMethod.Get)
        {
            using var page = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
            return Classify(page, api: false);
        }
        if (!multipart)
        {
            using var posted = await browser.PostPageAsync(url, fields);
            return Classify(posted, api: false);
        }
        using var form = new MultipartFormDataContent { { new StringContent(await browser.AntiforgeryTokenAsync()), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(value), name);
        using var response = await browser.PostAsync(new Uri(url, UriKind.Relative), form, Ct);
        return Classify(response, api: false);
    }

    private async Task<Outcome> JoinAsync(World world)
    {
        var token = world.Session.Bearer.DefaultRequestHeaders.Authorization?.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/messages"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await using (connection)
        {
            try
            {
                await connection.StartAsync(Ct);
            }
            catch (HttpRequestException refused)
            {
                return refused.StatusCode == HttpStatusCode.Unauthorized || (world.Asker == Asker.Anonymous && refused.StatusCode is null or HttpStatusCode.Redirect)
                    ? Outcome.SignIn
                    : Outcome.Refused;
            }
            return await connection.InvokeAsync<bool>("Join", world.ConversationId, Ct) ? Outcome.Joined : Outcome.NotJoined;
        }
    }

    private static Outcome Classify(HttpResponseMessage response, bool api)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var to = new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath;
            return to switch { "/account/sign-in" => Outcome.SignIn, "/account/access-denied" => Outcome.Refused, _ => Outcome.Ok };
        }
        if (api && status >= 400 && !response.IsProblem()) return (Outcome)(-1);
        return status switch
        {
            >= 200 and < 300 => Outcome.Ok,
            404 => Outcome.NotFound,
            409 => Outcome.Conflict,
            400 => Outcome.Invalid,
            403 => Outcome.Refused,
            401 => Outcome.SignIn,
            _ => (Outcome)(-status),
        };
    }
}
