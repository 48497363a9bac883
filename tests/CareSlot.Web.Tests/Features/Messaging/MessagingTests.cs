using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Messaging;

public sealed class MessagingTestsOnSqlite(SqliteApp app) : MessagingTests(app), IClassFixture<SqliteApp>;

public sealed class MessagingTestsOnPostgres(PostgresApp app) : MessagingTests(app), IClassFixture<PostgresApp>;

/// <summary>Conversations through the API: writing, reading, unread counts, closing, attachments, notices, and the refusals.</summary>
public abstract class MessagingTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exchange_PatientAndDoctor_ReadEachOtherOldestFirst_AndUnreadCountsFollowTheReading()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync("Blood test", "Are my results in?");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await care.Patient.SendOkAsync(started.Id, "Also: may I eat before the next one?");

        var doctorsList = await care.DoctorUser.ConversationsAsync();
        Assert.Equal(2, Assert.Single(doctorsList, c => c.Id == started.Id).Unread);
        var doctorSees = await care.DoctorUser.ConversationAsync(started.Id);
        Assert.Equal(["Are my results in?", "Also: may I eat before the next one?"], doctorSees.Messages.Select(m => m.Body));
        Assert.All(doctorSees.Messages, m => Assert.False(m.Mine));
        Assert.Equal("Blood test", doctorSees.Subject);
        Assert.Equal(care.AppointmentId, doctorSees.AppointmentId);
        Assert.Equal(0, Assert.Single(await care.DoctorUser.ConversationsAsync(), c => c.Id == started.Id).Unread);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await care.DoctorUser.SendOkAsync(started.Id, "Yes, all normal.\nNo need to fast.");
        Assert.Equal(1, Assert.Single(await care.Patient.ConversationsAsync(), c => c.Id == started.Id).Unread);
        var patientSees = await care.Patient.ConversationAsync(started.Id);
        Assert.Equal([true, true, false], patientSees.Messages.Select(m => m.Mine));
        Assert.Equal("Yes, all normal.\nNo need to fast.", patientSees.Messages[^1].Body);
        Assert.Equal("doctor", patientSees.Messages[^1].SenderRole);
        Assert.NotNull((await care.DoctorUser.ConversationAsync(started.Id)).Messages[0].ReadAt);
        Assert.Equal(0, Assert.Single(await care.Patient.ConversationsAsync(), c => c.Id == started.Id).Unread);
    }

    [Fact]
    public async Task Stored_SubjectBodyFileNameAndContent_AreSealedUnderTheirOwnRows()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync("Rash on my arm", "It itches since Monday.");
        (await care.Patient.Client.SendFileAsync(started.Id, Png, "rash-photo.png", "image/png")).EnsureSuccessStatusCode();

        var stored = await app.WithDbAsync(async db => (
            await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == started.Id, Ct),
            await db.Messages.AsNoTracking().Where(m => m.ConversationId == started.Id).ToListAsync(Ct),
            await db.MessageAttachments.AsNoTracking().Where(a => db.Messages.Any(m => m.Id == a.MessageId && m.ConversationId == started.Id)).SingleAsync(Ct)));
        var (conversation, messages, attachment) = stored;

        Assert.DoesNotContain("Rash", conversation.SealedSubject, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.DoesNotContain("itches", m.SealedBody, StringComparison.Ordinal));
        Assert.DoesNotContain("rash", attachment.SealedFileName, StringComparison.Ordinal);
        Assert.False(attachment.SealedContent.AsSpan().IndexOf(Png.AsSpan(8)) >= 0, "The PNG's bytes are stored in the clear.");
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal(Png.Length, attachment.Size);
        // Sealed under the same key, which each value names, so rotation finds old ones by their prefix.
        Assert.Equal(FieldProtector.KeyIdOf(conversation.SealedSubject), FieldProtector.KeyIdOf(attachment.SealedContent));
    }

    [Theory]
    [InlineData("report.pdf", "application/pdf", "pdf")]
    [InlineData("photo.jpeg", "image/jpeg", "jpeg")]
    [InlineData("scan.png", "image/png", "png")]
    public async Task Attachment_SentByOne_DownloadsByteIdenticalForTheOther_AsAnAttachmentInItsTrueType(string name, string type, string kind)
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        var content = kind switch { "pdf" => Pdf, "jpeg" => Jpeg, _ => Png };

        var sent = await care.Patient.Client.SendFileAsync(started.Id, content, name, "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var attachment = Assert.Single((await sent.Content.ReadFromJsonAsync<MessageView>(Ct))!.Attachments);
        var download = await care.DoctorUser.Client.GetAsync(new Uri($"/api/v1/conversations/{started.Id}/attachments/{attachment.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(type, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(name, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", download.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachment_PngNamedPdf_IsAPngNamedPng()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();

        var sent = await care.Patient.Client.SendFileAsync(started.Id, Png, "results.pdf", "application/pdf");

        var attachment = Assert.Single((await sent.Content.ReadFromJsonAsync<MessageView>(Ct))!.Attachments);
        Assert.Equal(("image/png", "results.png"), (attachment.ContentType, attachment.FileName));
    }

    [Theory]
    [InlineData("setup.png", "image/png")]
    [InlineData("letter.pdf", "application/pdf")]
    [InlineData("notes.txt", "text/plain")]
    public async Task Attachment_NotAPdfJpegOrPng_Is400NamingTheAttachment_WhateverItsNameOrType(string name, string type)
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        var before = (await care.Patient.ConversationAsync(started.Id)).Messages.Count;

        var refused = await care.Patient.Client.SendFileAsync(started.Id, name == "notes.txt" ? "plain words"u8.ToArray() : Exe, name, type);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("attachment", problem.Errors.Keys);
        Assert.Equal(before, (await care.Patient.ConversationAsync(started.Id)).Messages.Count);
    }

    [Fact]
    public async Task Attachment_Over10Megabytes_Is400NamingIt_AndEmptyToo()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        var tooBig = new byte[MessageAttachment.MaxBytes + 1];
        Png.CopyTo(tooBig, 0);

        var big = await care.Patient.Client.SendFileAsync(started.Id, tooBig, "huge.png");
        var empty = await care.Patient.Client.SendFileAsync(started.Id, [], "empty.png");

        Assert.Contains("attachment", (await big.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("attachment", (await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task Attachment_FileNameWithPathAndControls_IsShownSanitized()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();

        var sent = await care.Patient.Client.SendFileAsync(started.Id, Pdf, "..\\..\\etc/pass\u202Ewd\u0007<b>.exe", "application/pdf");

        var attachment = Assert.Single((await sent.Content.ReadFromJsonAsync<MessageView>(Ct))!.Attachments);
        Assert.Equal("passwd_b_.pdf", attachment.FileName);
    }

    [Theory]
    [InlineData("Hello\u0000there")]
    [InlineData("Bell\u0007")]
    [InlineData("Escape \u001B[31m")]
    public async Task Send_ControlCharactersInBody_Is400NamingBody_AndStoresNothing(string body)
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();

        var problem = await (await care.Patient.SendAsync(started.Id, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("body", problem.Errors.Keys);
        Assert.Single((await care.Patient.ConversationAsync(started.Id)).Messages);
    }

    [Fact]
    public async Task Send_EmptyOrTooLongBody_Is400NamingBody()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();

        Assert.Contains("body", (await (await care.Patient.SendAsync(started.Id, "   ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("body", (await (await care.Patient.SendAsync(started.Id, new string('a', Message.BodyMaxLength + 1))).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, (await care.Patient.SendAsync(started.Id, new string('a', Message.BodyMaxLength))).StatusCode);
    }

    [Fact]
    public async Task Start_WithoutCareRelationship_Is400NamingTheDoctor_AndAnotherPairsAppointmentIsRefused()
    {
        var care = await app.CreateCareAsync();
        var stranger = (await app.CreatePatientsAsync(1))[0];
        var other = await app.CreateCareAsync();

        var noRelationship = await stranger.StartAsync(new { doctorId = care.Doctor.DoctorId, subject = "Hi", body = "Hello" });
        var foreignAppointment = await care.Patient.StartAsync(new
        {
            doctorId = care.Doctor.DoctorId, appointmentId = other.AppointmentId.ToString(), subject = "Hi", body = "Hello",
        });
        var doctorToStranger = await care.DoctorUser.StartAsync(new { patientId = stranger.Id.ToString(), subject = "Hi", body = "Hello" });

        Assert.Contains("doctorId", (await noRelationship.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("appointmentId", (await foreignAppointment.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("patientId", (await doctorToStranger.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.False(await app.WithDbAsync(db => db.Conversations.AnyAsync(c => c.PatientId == stranger.Id || c.AppointmentId == other.AppointmentId, Ct)));
    }

    [Fact]
    public async Task Start_DoctorWithTheirPatient_PatientReadsIt()
    {
        var care = await app.CreateCareAsync();

        var response = await care.DoctorUser.StartAsync(new { patientId = care.Patient.Id.ToString(), subject = "Your referral", body = "Please call the clinic." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<ConversationView>(Ct))!;
        Assert.Equal("Please call the clinic.", Assert.Single((await care.Patient.ConversationAsync(started.Id)).Messages).Body);
    }

    [Fact]
    public async Task Close_ByTheDoctor_NobodyWritesAnyMore_BothStillRead_AndThePatientCannotClose()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();

        await (await care.Patient.Client.PostAsync(new Uri($"/api/v1/conversations/{started.Id}/close", UriKind.Relative), null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var closed = await (await care.DoctorUser.Client.PostAsync(new Uri($"/api/v1/conversations/{started.Id}/close", UriKind.Relative), null, Ct))
            .ShouldBeOkJsonAsync<ConversationView>();
        var again = await care.DoctorUser.Client.PostAsync(new Uri($"/api/v1/conversations/{started.Id}/close", UriKind.Relative), null, Ct);

        Assert.NotNull(closed.ClosedAt);
        Assert.False(closed.CanSend);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await (await care.Patient.SendAsync(started.Id, "One more thing")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await care.DoctorUser.SendAsync(started.Id, "One more thing")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.True(Assert.Single(await care.Patient.ConversationsAsync(), c => c.Id == started.Id).Closed);
        Assert.Single((await care.Patient.ConversationAsync(started.Id)).Messages);
    }

    [Fact]
    public async Task RelationshipEnded_NeitherWrites_BothStillRead()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        await care.DoctorUser.SendOkAsync(started.Id, "Results are fine.");

        await app.EndCareAsync(care.AppointmentId);

        await (await care.Patient.SendAsync(started.Id, "Thanks!")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await care.DoctorUser.SendAsync(started.Id, "You're welcome")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await care.Patient.ConversationAsync(started.Id)).CanSend);
        Assert.Equal(2, (await care.DoctorUser.ConversationAsync(started.Id)).Messages.Count);
        await (await care.Patient.StartAsync(new { doctorId = care.Doctor.DoctorId, subject = "Again", body = "Hello" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Notice_ForTheFirstUnreadMessageOnly_CarriesNoContent_AndLinksToTheConversationOnThePublicOrigin()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync("Biopsy worries", "I found a lump.");
        await care.Patient.SendOkAsync(started.Id, "It is getting bigger.");
        await care.DoctorUser.ConversationAsync(started.Id); // reads both
        var third = await care.Patient.SendOkAsync(started.Id, "Should I come in?");

        var notices = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Template == NotificationTemplate.NewMessage
            && m.Address == care.DoctorUser.Email).OrderBy(m => m.Id).ToListAsync(Ct));
        var first = (await app.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == started.Id).OrderBy(m => m.SentAt).FirstAsync(Ct))).Id;
        Assert.Equal([MessageNotices.KeyFor(first, NotificationChannel.Email), MessageNotices.KeyFor(third.Id, NotificationChannel.Email)],
            notices.Select(n => n.Key));
        Assert.All(notices, n => Assert.DoesNotContain("lump", QueuedText.Of(app, n), StringComparison.OrdinalIgnoreCase));

        await app.DispatchAsync();
        var emails = (await app.EmailsToAsync(care.DoctorUser.Email)).Where(e => e.Subject?.Contains("new message", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, emails.Count);
        foreach (var email in emails)
        {
            var text = email.TextBody + email.HtmlBody + email.Subject;
            Assert.Contains($"{CareSlotApp.PublicOrigin}/messages/{started.Id}", text, StringComparison.Ordinal);
            Assert.Contains("new message from", text, StringComparison.Ordinal);
            foreach (var secret in new[] { "Biopsy", "lump", "bigger", "come in" }) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Notice_BySmsToAVerifiedNumber_WaitsOutTheQuietHours_InTheRecipientsLanguage()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == care.Patient.Id).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.PhoneNumber, "+4915112345678").SetProperty(u => u.PhoneNumberConfirmed, true).SetProperty(u => u.PreferredLanguage, "de"), Ct));
        var now = NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        var lateEvening = now.InZone(care.Doctor.Zone).Date.At(new NodaTime.LocalTime(22, 30)).InZoneStrictly(care.Doctor.Zone).ToInstant();
        app.Clock.Advance((lateEvening - now).ToTimeSpan());

        var reply = await care.DoctorUser.SendOkAsync(started.Id, "Please book a follow-up.");

        var sms = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == MessageNotices.KeyFor(reply.Id, NotificationChannel.Sms), Ct));
        var eight = lateEvening.InZone(care.Doctor.Zone).Date.PlusDays(1).At(new NodaTime.LocalTime(8, 0)).InZoneStrictly(care.Doctor.Zone).ToInstant();
        Assert.Equal(eight, sms.DueAt);
        app.Clock.Advance((eight - lateEvening).ToTimeSpan());
        await app.DispatchAsync();
        var text = Assert.Single(await app.SmsToAsync("+4915112345678"), s => s.Body.Contains("Nachricht", StringComparison.Ordinal));
        Assert.Contains("neue Nachricht", text.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("follow-up", text.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_SmsPreferenceOff_OnlyEmail()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == care.Patient.Id).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.PhoneNumber, "+4915112345679").SetProperty(u => u.PhoneNumberConfirmed, true).SetProperty(u => u.SmsUpdates, false), Ct));

        var reply = await care.DoctorUser.SendOkAsync(started.Id, "Noted.");

        var channels = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Key.StartsWith($"message:{reply.Id:N}")).Select(m => m.Channel).ToListAsync(Ct));
        Assert.Equal([NotificationChannel.Email], channels);
    }

    [Fact]
    public async Task IdempotencyKey_SendRetried_WritesOneMessageAndAnswersTheSame()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        var key = $"send-{Guid.NewGuid():N}";
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/conversations/{started.Id}/messages", UriKind.Relative))
            {
                Content = JsonContent.Create(new { body = "Only once, please." }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }
        using var first = Request();
        using var second = Request();

        var one = await care.Patient.Client.SendAsync(first, Ct);
        var two = await care.Patient.Client.SendAsync(second, Ct);

        Assert.Equal(HttpStatusCode.Created, one.StatusCode);
        Assert.Equal(HttpStatusCode.Created, two.StatusCode);
        Assert.Equal(await one.Content.ReadAsStringAsync(Ct), await two.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, (await care.Patient.ConversationAsync(started.Id)).Messages.Count);
    }

    [Fact]
    public async Task OthersConversation_AnswersNotFoundOnEveryEntryPoint_AndChangesNothing()
    {
        var care = await app.CreateCareAsync();
        var started = await care.StartOkAsync();
        var sent = await care.Patient.Client.SendFileAsync(started.Id, Pdf, "letter.pdf");
        var attachmentId = Assert.Single((await sent.Content.ReadFromJsonAsync<MessageView>(Ct))!.Attachments).Id;
        var other = await app.CreateCareAsync();
        var before = await care.Patient.ConversationAsync(started.Id);

        foreach (var intruder in new[] { other.Patient, other.DoctorUser })
        {
            var client = intruder.Client;
            await (await client.GetAsync(new Uri($"/api/v1/conversations/{started.Id}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await intruder.SendAsync(started.Id, "Mine now")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await client.SendFileAsync(started.Id, Pdf, "x.pdf")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await client.PostAsync(new Uri($"/api/v1/conversations/{started.Id}/close", UriKind.Relative), null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync(new Uri($"/api/v1/conversations/{started.Id}/attachments/{attachmentId}", UriKind.Relative), Ct))
                .ShouldBeProblemAsync(HttpStatusCode.NotFound);
            // Their own conversation's id with this attachment's id: attachments are found only within the conversation named.
            var own = await intruder.StartAsync(intruder == other.Patient
                ? new { doctorId = (int?)other.Doctor.DoctorId, patientId = (string?)null, subject = "Mine", body = "Mine" }
                : new { doctorId = (int?)null, patientId = (string?)other.Patient.Id.ToString(), subject = "Mine", body = "Mine" });
            var ownId = (await own.Content.ReadFromJsonAsync<ConversationView>(Ct))!.Id;
            await (await client.GetAsync(new Uri($"/api/v1/conversations/{ownId}/attachments/{attachmentId}", UriKind.Relative), Ct))
                .ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(await ConversationsOf(intruder), c => c.Id == started.Id);
        }

        var after = await care.Patient.ConversationAsync(started.Id);
        Assert.Equal(before.Messages.Select(m => m.Id), after.Messages.Select(m => m.Id));
        Assert.Null(after.ClosedAt);
    }

    private static Task<IReadOnlyList<ConversationSummary>> ConversationsOf(ApiUser user) => user.ConversationsAsync();

    [Fact]
    public async Task Start_MalformedIds_Are400NamingTheField()
    {
        var care = await app.CreateCareAsync();

        var badPatient = await care.DoctorUser.StartAsync(new { patientId = "not-a-guid", subject = "Hi", body = "Hello" });
        var badAppointment = await care.Patient.StartAsync(new { doctorId = care.Doctor.DoctorId, appointmentId = "x", subject = "Hi", body = "Hello" });
        var noSubject = await care.Patient.StartAsync(new { doctorId = care.Doctor.DoctorId, subject = "", body = "Hello" });
        var subjectWithLineBreak = await care.Patient.StartAsync(new { doctorId = care.Doctor.DoctorId, subject = "Two\nlines", body = "Hello" });

        Assert.Contains("patientId", (await badPatient.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("appointmentId", (await badAppointment.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("subject", (await noSubject.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("subject", (await subjectWithLineBreak.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    private static readonly byte[] Pdf = MessagingTestKit.Pdf;
    private static readonly byte[] Png = MessagingTestKit.Png;
    private static readonly byte[] Jpeg = MessagingTestKit.Jpeg;
    private static readonly byte[] Exe = MessagingTestKit.Exe;

    [Fact]
    public async Task EveryAccess_WritesExactlyOneAuditRow_NamingTheConversationNeverItsWords()
    {
        var care = await app.CreateCareAsync();
        // The care relationship's booking wrote its reason already.
        var seen = await app.WithDbAsync(db => db.AuditTrail.CountAsync(a => a.PatientId == care.Patient.Id, Ct));
        async Task<CareSlot.Web.Platform.Security.Audit.AuditEntry> OneNewRowAsync()
        {
            var rows = await app.WithDbAsync(db => db.AuditTrail.Where(a => a.PatientId == care.Patient.Id).OrderBy(a => a.Id).ToListAsync(Ct));
            Assert.True(seen + 1 == rows.Count, $"Expected one new row, got: {string.Join(", ", rows.Skip(seen).Select(r => r.Action))}");
            seen = rows.Count;
            return rows[^1];
        }

        var started = await care.StartOkAsync("Blood test results", "Are they in?");
        Assert.Equal(CareSlot.Web.Platform.Security.Audit.AuditActions.MessageWrite, (await OneNewRowAsync()).Action);
        (await care.Patient.Client.SendFileAsync(started.Id, Pdf, "lab.pdf", "application/pdf")).EnsureSuccessStatusCode();
        var sent = await OneNewRowAsync();
        var conversation = await care.DoctorUser.ConversationAsync(started.Id);
        var read = await OneNewRowAsync();
        var attachment = conversation.Messages.SelectMany(m => m.Attachments).Single();
        await care.DoctorUser.Client.GetByteArrayAsync(new Uri($"/api/v1/conversations/{started.Id}/attachments/{attachment.Id}", UriKind.Relative), Ct);
        var opened = await OneNewRowAsync();

        Assert.Equal(("attachment.write", "message.read", "attachment.read"), (sent.Action, read.Action, opened.Action));
        Assert.Equal(care.DoctorUser.Id, read.ActorId);
        Assert.DoesNotContain("Blood", read.Record ?? "", StringComparison.Ordinal);
    }
}
