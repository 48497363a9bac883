using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Privacy;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Privacy;

public sealed class PrivacyTestsOnSqlite(SqliteApp app) : PrivacyTests(app), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Erase_TheOldNameAndAddressAreNowhereInTheSqliteFile()
    {
        var person = await ErasedPatientAsync();
        // Committed pages into the main file, and free pages (which may still hold the old row) dropped.
        await App.CountAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        await App.CountAsync("VACUUM; SELECT 0");
        var folder = Path.GetDirectoryName(App.DatabaseSettings["Database:SqlitePath"])!;
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var content = Read(path);
            Assert.Equal(0, Occurrences(content, person.Name));
            Assert.Equal(0, Occurrences(content, person.Address));
        }
    }

    private static byte[] Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    private static int Occurrences(byte[] content, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var count = 0;
        for (var at = content.AsSpan().IndexOf(needle); at >= 0; count++)
        {
            var next = content.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return count;
    }
}

public sealed class PrivacyTestsOnPostgres(PostgresApp app) : PrivacyTests(app), IClassFixture<PostgresApp>;

/// <summary>Export (Art. 15/20) and erasure with restriction (Art. 17/18), through the API and the pages, on both databases.</summary>
public abstract class PrivacyTests(CareSlotApp app)
{
    protected CareSlotApp App => app;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected sealed record Person(CallerSession Session, Guid Id, string Email, string Name, string Address, TestDoctor Doctor, Guid FutureAppointment);

    private static StringContent AsJson(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>A patient with a name and address of their own (markers), a visit booked, a history entry and a conversation.</summary>
    protected async Task<Person> PatientAsync(string marker)
    {
        var session = await app.SignInAsync(Caller.Patient);
        var me = JsonDocument.Parse(await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement;
        var id = me.GetProperty("id").GetGuid();
        var name = $"Name{marker}";
        var address = $"Street{marker} 1, Berlin";
        var email = await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.FullName, name).SetProperty(x => x.Address, address), Ct);
            return await db.Users.Where(u => u.Id == id).Select(u => u.Email!).SingleAsync(Ct);
        });
        var doctor = await app.CreateBookableDoctorAsync();
        var booked = await session.Bearer.PostAsync(new Uri("/api/v1/appointments", UriKind.Relative), AsJson(new
        {
            doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start = app.LocalTimeTomorrow(doctor, 10, daysAhead: 3), reason = $"Reason{marker}",
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointmentId = JsonDocument.Parse(await booked.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        // A past visit too, completed: the doctor's care relationship (and the record's retention) outlive the erasure.
        var past = await session.Bearer.PostAsync(new Uri("/api/v1/appointments", UriKind.Relative), AsJson(new
        {
            doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start = app.LocalTimeTomorrow(doctor, 11, daysAhead: 4), reason = "Check-up",
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, past.StatusCode);
        var pastId = JsonDocument.Parse(await past.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        var lastWeek = NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).Minus(NodaTime.Duration.FromDays(7));
        await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == pastId).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.Status, AppointmentStatus.Completed).SetProperty(x => x.Start, lastWeek)
            .SetProperty(x => x.End, lastWeek.Plus(NodaTime.Duration.FromMinutes(30))).SetProperty(x => x.BlockedUntil, lastWeek.Plus(NodaTime.Duration.FromMinutes(30))), Ct));
        var added = await session.Bearer.PostAsync(new Uri($"/api/v1/patients/{id}/history", UriKind.Relative),
            AsJson(new { kind = "patient-reported", title = $"History{marker}", details = "Every spring" }), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var started = await session.Bearer.PostAsync(new Uri("/api/v1/conversations", UriKind.Relative),
            AsJson(new { doctorId = doctor.DoctorId, subject = $"Subject{marker}", body = $"Body{marker}" }), Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return new Person(session, id, email, name, address, doctor, appointmentId);
    }

    /// <param name="beforeErasure">What else the patient's record holds when they erase their account.</param>
    protected async Task<Person> ErasedPatientAsync(Func<Person, Task>? beforeErasure = null)
    {
        var person = await PatientAsync(Guid.NewGuid().ToString("N")[..12]);
        if (beforeErasure is not null) await beforeErasure(person);
        var erased = await person.Session.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative),
            AsJson(new { password = AccountsTestKit.Password }), Ct);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal("completed", JsonDocument.Parse(await erased.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("state").GetString());
        return person;
    }

    [Fact]
    public async Task Export_HoldsEverythingOfTheCaller_AndNothingOfAnotherPatient()
    {
        var a = await PatientAsync("AAA" + Guid.NewGuid().ToString("N")[..8]);
        var b = await PatientAsync("BBB" + Guid.NewGuid().ToString("N")[..8]);

        var watch = Stopwatch.StartNew();
        var response = await a.Session.Bearer.GetAsync(new Uri("/api/v1/account/export", UriKind.Relative), Ct);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the export took {watch.Elapsed}");
        foreach (var mine in new[] { a.Name, a.Address, a.Email, "History", "Subject", "Body", "Reason" })
        {
            Assert.Contains(mine, json, StringComparison.Ordinal);
        }
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(a.Id, root.GetProperty("account").GetProperty("id").GetGuid());
        Assert.Equal(2, root.GetProperty("appointments").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("medicalHistory").ValueKind);
        // B's markers: name, address, e-mail, reason, history, subject, message.
        var bMarker = b.Name["Name".Length..];
        Assert.DoesNotContain(bMarker, json, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Email, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(b.Id.ToString(), json, StringComparison.OrdinalIgnoreCase);

        var audited = await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Action == AuditActions.PrivacyExport && e.PatientId == a.Id, Ct));
        Assert.Equal(1, audited);
    }

    /// <summary>A patient with a busy history (40 entries, 40 messages, visits): the export is produced in well under seconds.</summary>
    [Fact]
    public async Task Export_OfABusyPatient_TakesLessThanSeconds()
    {
        var person = await PatientAsync("T" + Guid.NewGuid().ToString("N")[..8]);
        var conversation = JsonDocument.Parse(await person.Session.Bearer.GetStringAsync(new Uri("/api/v1/conversations", UriKind.Relative), Ct))
            .RootElement.EnumerateArray().First().GetProperty("id").GetGuid();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await person.Session.Bearer.PostAsync(new Uri($"/api/v1/patients/{person.Id}/history", UriKind.Relative),
                AsJson(new { kind = "patient-reported", title = $"Entry {i}", details = new string('x', 500) }), Ct)).StatusCode);
            Assert.True((await person.Session.Bearer.PostAsync(new Uri($"/api/v1/conversations/{conversation}/messages", UriKind.Relative),
                AsJson(new { body = $"Message {i} " + new string('y', 500) }), Ct)).IsSuccessStatusCode);
        }
        var watch = Stopwatch.StartNew();
        var response = await person.Session.Bearer.GetAsync(new Uri("/api/v1/account/export", UriKind.Relative), Ct);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var size = (await response.Content.ReadAsByteArrayAsync(Ct)).Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"{app.Provider}: export of 41 entries, 41 messages, 2 visits: {size} bytes in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the export took {watch.Elapsed}");
    }

    [Fact]
    public async Task ExportPage_IsReadable_AndTheJsonDownloads()
    {
        var a = await PatientAsync("PG" + Guid.NewGuid().ToString("N")[..8]);
        var page = await a.Session.Browser.GetAsync(new Uri("/account/data", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await page.ReadHtmlAsync();
        foreach (var section in new[] { "account", "consents", "appointments", "messages", "history", "access-log", "disputes", "tickets", "chats", "surveys" })
        {
            Assert.NotNull(document.QuerySelector($"h2#{section}"));
        }
        Assert.Contains(a.Name, document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("a[href='/account/profile']"));
        Assert.NotNull(document.QuerySelector("a[href='/account/data/erase']"));

        var download = await a.Session.Browser.GetAsync(new Uri("/account/data/export.json", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(a.Id, JsonDocument.Parse(await download.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("account").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Export_OfADoctor_IsTheirAccountOnly()
    {
        var doctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var json = JsonDocument.Parse(await doctor.Bearer.GetStringAsync(new Uri("/api/v1/account/export", UriKind.Relative), Ct)).RootElement;
        Assert.Empty(json.GetProperty("appointments").EnumerateArray());
        Assert.Empty(json.GetProperty("conversations").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("medicalHistory").ValueKind);
        var erase = await doctor.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative), AsJson(new { password = AccountsTestKit.Password }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"password\":\"wrong password\"}")]
    [InlineData("{\"password\":\"\\u0000\\u0001\"}")]
    public async Task Erase_WithoutTheRightPassword_Is400NamingIt_AndChangesNothing(string body)
    {
        var person = await PatientAsync("W" + Guid.NewGuid().ToString("N")[..8]);
        var refused = await person.Session.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(refused.IsProblem());
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), problem.ToString());
        Assert.Equal(person.Name, await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.FullName).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Erase_MalformedJson_Is400()
    {
        var person = await PatientAsync("J" + Guid.NewGuid().ToString("N")[..8]);
        var refused = await person.Session.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative),
            new StringContent("{\"password\":", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Erase_AnonymisesEndsEverySessionCancelsTheFutureAndRestrictsTheRecord()
    {
        var person = await ErasedPatientAsync(DoctorRepliesAsync);

        // Sessions and tokens are dead, and the password no longer signs in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Session.Bearer.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).StatusCode);
        var account = await person.Session.Browser.GetAsync(new Uri("/account", UriKind.Relative), Ct);
        Assert.NotEqual(HttpStatusCode.OK, account.StatusCode);
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = AccountsTestKit.Password }, Ct);
        Assert.False(login.IsSuccessStatusCode);

        await app.WithDbAsync(async db =>
        {
            var erased = await db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id, Ct);
            Assert.Equal(CompleteErasure.FormerPatient, erased.FullName);
            Assert.EndsWith("@erased.invalid", erased.Email, StringComparison.Ordinal);
            Assert.Null(erased.PhoneNumber);
            Assert.Null(erased.Address);
            Assert.Null(erased.PasswordHash);
            Assert.False(erased.TwoFactorEnabled);
            Assert.NotNull(erased.SuspendedAt);
            Assert.Equal(0, await db.Users.CountAsync(u => u.Email == person.Email || u.FullName == person.Name, Ct));
            Assert.Equal(0, await db.RefreshTokens.CountAsync(t => t.AccountId == person.Id && t.RevokedAt == null, Ct));
            Assert.Equal(0, await db.UserTokens.CountAsync(t => t.UserId == person.Id, Ct));
            Assert.Equal(0, await db.SupportTickets.CountAsync(t => t.RequesterEmail == person.Email || t.RequesterName == person.Name, Ct));
            // The future visit is cancelled through the appointments' own use case (history written, doctor told).
            var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == person.FutureAppointment, Ct);
            Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
            // The record is kept, restricted, with its retention end.
            Assert.Equal(1, await db.RecordEntries.CountAsync(e => e.PatientId == person.Id, Ct));
            var request = await db.ErasureRequests.AsNoTracking().SingleAsync(e => e.AccountId == person.Id, Ct);
            Assert.Equal(ErasureState.Completed, request.State);
            Assert.True(request.RecordsRestricted);
            Assert.Equal(app.Clock.GetUtcNow().Year + 10, request.RetentionEndsOn!.Value.Year);
            Assert.Equal(1, await db.AuditTrail.CountAsync(e => e.Action == AuditActions.ErasureCompleted && e.Record == $"erasure {request.Id:D} records restricted", Ct));
            return 0;
        });

        // The doctor's chart shows "Former patient", the restriction and its reason.
        var doctor = app.CreateBrowserClient();
        var doctorEmail = await app.WithDbAsync(db => db.Users.Where(u => db.Doctors.Any(d => d.Id == person.Doctor.DoctorId && d.AccountId == u.Id))
            .Select(u => u.Email).FirstOrDefaultAsync(Ct));
        if (doctorEmail is null)
        {
            var session = await app.SignInAsync(Caller.DoctorWithSecondFactor);
            var doctorAccount = JsonDocument.Parse(await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
            // The session came with a directory entry of its own; it acts for the patient's doctor instead.
            await app.WithDbAsync(db => db.Doctors.Where(d => d.AccountId == doctorAccount).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, (Guid?)null), Ct));
            await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == person.Doctor.DoctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, doctorAccount), Ct));
            doctor = session.Browser;
        }
        var chart = await doctor.GetAsync(new Uri($"/patients/{person.Id}/chart", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        var page = await chart.ReadHtmlAsync();
        Assert.Contains(CompleteErasure.FormerPatient, page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("restricted", page.QuerySelector("#record-restriction")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Name, page.Body!.TextContent, StringComparison.Ordinal);

        // In German the app's own words are German too: the name it gave the account, the reason it cancelled with, the
        // notice that replaced the doctor's message to them.
        var german = await doctor.PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, german.StatusCode);
        var germanChart = await (await doctor.GetAsync(new Uri($"/patients/{person.Id}/chart", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("de", germanChart.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Ehemaliges Patientenkonto", germanChart.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var cancelled = await (await doctor.GetAsync(new Uri($"/appointments/{person.FutureAppointment}", UriKind.Relative), Ct)).ReadHtmlAsync();
        var cancelledText = cancelled.QuerySelector("main")!.TextContent;
        Assert.Contains("Ehemaliges Patientenkonto", cancelledText, StringComparison.Ordinal);
        Assert.Contains("Die Patientin oder der Patient hat das Konto gelöscht.", cancelledText, StringComparison.Ordinal);
        var conversationId = await app.WithDbAsync(db => db.Conversations.Where(c => c.PatientId == person.Id).Select(c => c.Id).SingleAsync(Ct));
        var conversation = await (await doctor.GetAsync(new Uri($"/messages/{conversationId}", UriKind.Relative), Ct)).ReadHtmlAsync();
        var conversationText = conversation.QuerySelector("main")!.TextContent;
        Assert.Contains("[Diese Nachricht wurde entfernt: Die Empfängerin oder der Empfänger hat das Konto gelöscht.]", conversationText, StringComparison.Ordinal);
        foreach (var english in new[] { CompleteErasure.FormerPatient, CompleteErasure.RemovedMessage, CompleteErasure.ClosedAccountReason })
        {
            Assert.DoesNotContain(english, germanChart.Body!.TextContent + cancelledText + conversationText, StringComparison.Ordinal);
        }
    }

    /// <summary>A message from the doctor in the patient's conversation, as SendMessage stores one (sealed with its id).</summary>
    private async Task DoctorRepliesAsync(Person person)
    {
        var protector = app.Services.GetRequiredService<FieldProtector>();
        await app.WithDbAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.PatientId == person.Id, Ct);
            var id = Guid.CreateVersion7();
            db.Messages.Add(new Message(id, conversation.Id, Guid.NewGuid(), SenderRole.Doctor, protector.Seal("Please bring your results.", id, nameof(Message.SealedBody)),
                NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow())));
            return await db.SaveChangesAsync(Ct);
        });
    }

    /// <summary>Nothing holds it any more, so it is carried out as if it had never been held: no administrator needed.</summary>
    [Fact]
    public async Task Erase_HeldByAnOpenTicket_CompletesByItselfOnceTheTicketIsClosed()
    {
        var (person, ticketId) = await HeldByATicketAsync("R");

        // While the ticket is open, a run changes nothing and records nothing.
        await ResumeAsync();
        Assert.Equal(person.Name, await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.FullName).SingleAsync(Ct)));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Action == AuditActions.ErasureHeld && e.Record!.Contains($"ticket {ticketId}"), Ct)));

        await SolveAsync(ticketId);
        Assert.True(await ResumeAsync() >= 1);

        var requestId = await app.WithDbAsync(async db =>
        {
            Assert.Equal(CompleteErasure.FormerPatient, await db.Users.Where(u => u.Id == person.Id).Select(u => u.FullName).SingleAsync(Ct));
            var request = await db.ErasureRequests.AsNoTracking().SingleAsync(e => e.AccountId == person.Id, Ct);
            Assert.Equal(ErasureState.Completed, request.State);
            Assert.Null(request.CompletedBy);
            Assert.Equal(1, await db.AuditTrail.CountAsync(e => e.Action == AuditActions.ErasureCompleted && e.Record!.StartsWith($"erasure {request.Id:D}"), Ct));
            // Told at the address they had, as when nothing held it.
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Template == CareSlot.Web.Features.Notifications.Messages.NotificationTemplate.AccountErasureConfirmation
                && m.Address == person.Email, Ct));
            return request.Id;
        });
        // Done once: a later run leaves it alone.
        await ResumeAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Action == AuditActions.ErasureCompleted && e.Record!.StartsWith($"erasure {requestId:D}"), Ct)));
    }

    /// <summary>One request that cannot be carried out stops neither the others nor the next run.</summary>
    [Fact]
    public async Task ResumeErasures_OneThatFails_StaysHeldForTheNextRun_AndTheOthersComplete()
    {
        var (failing, failingTicket) = await HeldByATicketAsync("F");
        var (other, otherTicket) = await HeldByATicketAsync("O");
        // Another account already holds the placeholder address the erasure gives the first one: its save breaks the unique index.
        var placeholder = $"erased-{failing.Id:N}@erased.invalid";
        var blocker = JsonDocument.Parse(await (await app.SignInAsync(Caller.Patient)).Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct))
            .RootElement.GetProperty("id").GetGuid();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == blocker).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Email, placeholder).SetProperty(x => x.NormalizedEmail, placeholder.ToUpperInvariant())
            .SetProperty(x => x.UserName, placeholder).SetProperty(x => x.NormalizedUserName, placeholder.ToUpperInvariant()), Ct));
        await SolveAsync(failingTicket);
        await SolveAsync(otherTicket);

        await Assert.ThrowsAsync<InvalidOperationException>(ResumeAsync);

        Assert.Equal(ErasureState.Held, await app.WithDbAsync(db => db.ErasureRequests.Where(e => e.AccountId == failing.Id).Select(e => e.State).SingleAsync(Ct)));
        Assert.Equal(failing.Name, await app.WithDbAsync(db => db.Users.Where(u => u.Id == failing.Id).Select(u => u.FullName).SingleAsync(Ct)));
        Assert.Equal(ErasureState.Completed, await app.WithDbAsync(db => db.ErasureRequests.Where(e => e.AccountId == other.Id).Select(e => e.State).SingleAsync(Ct)));

        // Once what broke it is mended, the next run carries it out.
        var elsewhere = $"moved-{blocker:N}@example.org";
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == blocker).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Email, elsewhere).SetProperty(x => x.NormalizedEmail, elsewhere.ToUpperInvariant())
            .SetProperty(x => x.UserName, elsewhere).SetProperty(x => x.NormalizedUserName, elsewhere.ToUpperInvariant()), Ct));
        Assert.Equal(1, await ResumeAsync());
        Assert.Equal(CompleteErasure.FormerPatient, await app.WithDbAsync(db => db.Users.Where(u => u.Id == failing.Id).Select(u => u.FullName).SingleAsync(Ct)));
    }

    /// <summary>An instance that stopped half-way leaves a request pending; one asked for a moment ago may still be running.</summary>
    [Fact]
    public async Task ResumeErasures_TakesUpARequestInterruptedHalfWay_ButNotOneThatMayStillBeRunning()
    {
        var interrupted = await PatientAsync("I" + Guid.NewGuid().ToString("N")[..8]);
        var running = await PatientAsync("N" + Guid.NewGuid().ToString("N")[..8]);
        var now = NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        var stillRunning = new ErasureRequest(running.Id, now - ResumeErasures.InterruptedAfter + NodaTime.Duration.FromMinutes(1));
        await app.WithDbAsync(db =>
        {
            db.ErasureRequests.Add(new ErasureRequest(interrupted.Id, now - ResumeErasures.InterruptedAfter - NodaTime.Duration.FromMinutes(1)));
            db.ErasureRequests.Add(stillRunning);
            return db.SaveChangesAsync(Ct);
        });

        Assert.Equal(1, await ResumeAsync());

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(ErasureState.Completed, await db.ErasureRequests.Where(e => e.AccountId == interrupted.Id).Select(e => e.State).SingleAsync(Ct));
            Assert.Equal(CompleteErasure.FormerPatient, await db.Users.Where(u => u.Id == interrupted.Id).Select(u => u.FullName).SingleAsync(Ct));
            Assert.Equal(AppointmentStatus.Cancelled, await db.Appointments.Where(a => a.Id == interrupted.FutureAppointment).Select(a => a.Status).SingleAsync(Ct));
            Assert.Equal(ErasureState.Pending, await db.ErasureRequests.Where(e => e.Id == stillRunning.Id).Select(e => e.State).SingleAsync(Ct));
            Assert.Equal(running.Name, await db.Users.Where(u => u.Id == running.Id).Select(u => u.FullName).SingleAsync(Ct));
            // Not left for the other tests' runs to find once their clock moves on.
            return await db.ErasureRequests.Where(e => e.Id == stillRunning.Id).ExecuteDeleteAsync(Ct);
        });
    }

    /// <summary>A patient whose erasure request waits for the help-desk ticket they opened first.</summary>
    private async Task<(Person Person, long TicketId)> HeldByATicketAsync(string marker)
    {
        var person = await PatientAsync(marker + Guid.NewGuid().ToString("N")[..8]);
        var asked = await person.Session.Bearer.PostAsync(new Uri("/api/v1/tickets", UriKind.Relative),
            AsJson(new { category = "technical", subject = "Where is my invoice?", message = "From last month." }), Ct);
        var ticketId = JsonDocument.Parse(await asked.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ticket").GetProperty("id").GetInt64();
        var held = await person.Session.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative), AsJson(new { password = AccountsTestKit.Password }), Ct);
        Assert.Equal("held", JsonDocument.Parse(await held.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("state").GetString());
        return (person, ticketId);
    }

    private Task<int> SolveAsync(long ticketId) => app.WithDbAsync(db => db.SupportTickets.Where(t => t.Id == ticketId)
        .ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, CareSlot.Web.Features.HelpDesk.TicketStatus.Solved), Ct));

    private async Task<int> ResumeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ResumeErasures>().RunAsync(Ct);
    }

    [Fact]
    public async Task Erase_HeldByAnOpenTicket_WaitsForAnAdministrator_AndCompletesOnceClosed()
    {
        var person = await PatientAsync("H" + Guid.NewGuid().ToString("N")[..8]);
        var asked = await person.Session.Bearer.PostAsync(new Uri("/api/v1/tickets", UriKind.Relative),
            AsJson(new { category = "technical", subject = "The page is blank", message = "Since this morning." }), Ct);
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var ticketId = JsonDocument.Parse(await asked.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ticket").GetProperty("id").GetInt64();
        var pendingBefore = await app.WithDbAsync(db => db.ErasureRequests.CountAsync(e => e.State != ErasureState.Completed, Ct));

        var held = await person.Session.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative), AsJson(new { password = AccountsTestKit.Password }), Ct);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var view = JsonDocument.Parse(await held.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("held", view.GetProperty("state").GetString());
        Assert.Equal($"ticket {ticketId}", view.GetProperty("heldBy").GetString());
        // Still theirs meanwhile; asking again answers the same request.
        var again = await person.Session.Bearer.PostAsync(new Uri("/api/v1/account/erasure", UriKind.Relative), AsJson(new { password = AccountsTestKit.Password }), Ct);
        Assert.Equal(view.GetProperty("id").GetGuid(), JsonDocument.Parse(await again.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid());
        Assert.Equal(pendingBefore + 1, await app.WithDbAsync(async db =>
            await new ErasureRequests(db).PendingCountAsync(Ct)));

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var list = await (await admin.Browser.GetAsync(new Uri("/admin/privacy/erasures", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains($"Held by open help-desk ticket #{ticketId}", System.Text.RegularExpressions.Regex.Replace(list.QuerySelector("main")!.TextContent, @"\s+", " "), StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector($"main a[href='/support/tickets/{ticketId}']"));
        var requestId = view.GetProperty("id").GetGuid().ToString();
        var stillHeld = await admin.Browser.PostPageAsync("/admin/privacy/erasures?handler=Complete", new Dictionary<string, string> { ["id"] = requestId });
        Assert.Equal(HttpStatusCode.OK, stillHeld.StatusCode);
        Assert.Equal(person.Name, await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.FullName).SingleAsync(Ct)));
        var badId = await admin.Browser.PostPageAsync("/admin/privacy/erasures?handler=Complete", new Dictionary<string, string> { ["id"] = "not-a-guid\u0001" });
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);

        await app.WithDbAsync(db => db.SupportTickets.Where(t => t.Id == ticketId)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, CareSlot.Web.Features.HelpDesk.TicketStatus.Closed), Ct));
        var completed = await admin.Browser.PostPageAsync("/admin/privacy/erasures?handler=Complete", new Dictionary<string, string> { ["id"] = requestId });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(CompleteErasure.FormerPatient, await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.FullName).SingleAsync(Ct)));
        // Completing again changes nothing and fails nothing (idempotent).
        var twice = await admin.Browser.PostPageAsync("/admin/privacy/erasures?handler=Complete", new Dictionary<string, string> { ["id"] = requestId });
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Action == AuditActions.ErasureCompleted && e.Record!.StartsWith($"erasure {requestId}"), Ct)));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Action == AuditActions.ErasureHeld && e.Record!.StartsWith($"erasure {requestId}"), Ct)));
    }

    [Fact]
    public async Task ErasePage_WrongPassword_ShowsTheErrorNextToTheField_ThenErasesAndSaysWhatIsKept()
    {
        var person = await PatientAsync("P" + Guid.NewGuid().ToString("N")[..8]);
        var form = await (await person.Session.Browser.GetAsync(new Uri("/account/data/erase", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.NotNull(form.QuerySelector("#retention-preview"));
        var wrong = await person.Session.Browser.SubmitFormAsync("/account/data/erase", new Dictionary<string, string> { ["Input.Password"] = "not it" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.NotNull((await wrong.ReadHtmlAsync()).QuerySelector("#Input_Password-error"));

        var done = await person.Session.Browser.SubmitFormAsync("/account/data/erase", new Dictionary<string, string> { ["Input.Password"] = AccountsTestKit.Password });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var page = await done.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#erasure-done"));
        Assert.Contains((app.Clock.GetUtcNow().Year + 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            page.QuerySelector("#erasure-retention")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await person.Session.Browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
    }
}
