using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Features.Retention;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Admin;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Retention;

public sealed class RetentionTestsOnSqlite(SqliteApp app) : RetentionTests(app), IClassFixture<SqliteApp>;

public sealed class RetentionTestsOnPostgres(PostgresApp app) : RetentionTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Each kind of data with the clock moved forward: seeded "now", kept a day before its period ends, gone (or anonymised) a
/// day after. The clock only moves forward, so each test counts from the time it seeds at and looks only at its own rows.
/// </summary>
public abstract class RetentionTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Instant Now => Instant.FromDateTimeOffset(app.Clock.GetUtcNow());

    private void MoveTo(Instant at) => app.Clock.SetUtcNow(at.ToDateTimeOffset());

    private static Instant YearsAfter(Instant start, int years) => start.InUtc().LocalDateTime.PlusYears(years).InUtc().ToInstant();

    /// <summary>Moves to a day before <paramref name="periodEnd"/>, runs the job; then to a day after it, and runs it again.</summary>
    private async Task AcrossThePeriodAsync(Instant periodEnd, Func<Task> beforeEnd, Func<Task> afterEnd)
    {
        MoveTo(periodEnd - Duration.FromDays(1));
        await PurgeAsync();
        await beforeEnd();
        MoveTo(periodEnd + Duration.FromDays(1));
        await PurgeAsync();
        await afterEnd();
    }

    private async Task<IReadOnlyList<RetentionResult>> PurgeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PurgeExpiredData>().RunAsync(null, Ct);
    }

    private Task<int> DoctorIdAsync() => app.WithDbAsync(db => db.Doctors.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(Ct));

    [Fact]
    public async Task MedicalRecordsAndMessages_GoTenYearsAfterTheLastVisit_WithEveryVersion()
    {
        var patient = await app.CreateAccountAsync("Record Keeper");
        var doctorId = await DoctorIdAsync();
        var start = Now;
        var (entryId, conversationId) = await app.WithDbAsync(async db =>
        {
            var entry = RecordEntry.Start(patient.Id, RecordKind.Allergy, null, doctorId, patient.Id, start);
            entry.AddVersion(patient.Id, start).Content = "{}";
            entry.AddVersion(patient.Id, start).Content = "{}";
            db.RecordEntries.Add(entry);
            var conversation = new Conversation(Guid.NewGuid(), patient.Id, doctorId, null, "subject", start);
            db.Conversations.Add(conversation);
            db.Messages.Add(new Message(Guid.NewGuid(), conversation.Id, patient.Id, SenderRole.Patient, "body", start));
            await db.SaveChangesAsync(Ct);
            return (entry.Id, conversation.Id);
        });

        await AcrossThePeriodAsync(YearsAfter(start, 10),
            async () =>
            {
                Assert.Equal(2, await app.WithDbAsync(db => db.RecordEntryVersions.CountAsync(v => v.EntryId == entryId, Ct)));
                Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversationId, Ct)));
            },
            async () =>
            {
                Assert.False(await app.WithDbAsync(db => db.RecordEntries.AnyAsync(e => e.Id == entryId, Ct)));
                Assert.False(await app.WithDbAsync(db => db.RecordEntryVersions.AnyAsync(v => v.EntryId == entryId, Ct)));
                Assert.False(await app.WithDbAsync(db => db.Conversations.AnyAsync(c => c.Id == conversationId, Ct)));
                Assert.False(await app.WithDbAsync(db => db.Messages.AnyAsync(m => m.ConversationId == conversationId, Ct)));
                // The account itself is not the record's to delete.
                Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(a => a.Id == patient.Id, Ct)));
            });
    }

    [Fact]
    public async Task MedicalRecords_ARecentChangeKeepsTheWholeRecord()
    {
        var patient = await app.CreateAccountAsync("Recent Change");
        var doctorId = await DoctorIdAsync();
        var start = Now;
        var oldEntry = await app.WithDbAsync(async db =>
        {
            var entry = RecordEntry.Start(patient.Id, RecordKind.Condition, null, doctorId, patient.Id, start);
            entry.AddVersion(patient.Id, start).Content = "{}";
            db.RecordEntries.Add(entry);
            await db.SaveChangesAsync(Ct);
            return entry.Id;
        });
        MoveTo(YearsAfter(start, 5));
        await app.WithDbAsync(async db =>
        {
            var entry = RecordEntry.Start(patient.Id, RecordKind.Allergy, null, doctorId, patient.Id, Now);
            entry.AddVersion(patient.Id, Now).Content = "{}";
            db.RecordEntries.Add(entry);
            return await db.SaveChangesAsync(Ct);
        });

        MoveTo(YearsAfter(start, 10) + Duration.FromDays(1));
        await PurgeAsync();

        Assert.True(await app.WithDbAsync(db => db.RecordEntries.AnyAsync(e => e.Id == oldEntry, Ct)));
    }

    [Fact]
    public async Task DeliveryLog_EndedDeliveriesGoAfterAYear_PendingOnesStay()
    {
        var start = Now;
        var (sent, pending) = await app.WithDbAsync(async db =>
        {
            var sentMessage = OutboxMessage.ForAccount(NotificationTemplate.PatientBooked, NotificationChannel.Email, "old@example.com", "content", start);
            sentMessage.MarkSent("old@example.com", start);
            var pendingMessage = OutboxMessage.ForAccount(NotificationTemplate.PatientBooked, NotificationChannel.Email, "wait@example.com", "content", start);
            db.OutboxMessages.AddRange(sentMessage, pendingMessage);
            await db.SaveChangesAsync(Ct);
            return (sentMessage.Id, pendingMessage.Id);
        });

        await AcrossThePeriodAsync(start + Duration.FromDays(365),
            async () => Assert.True(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == sent, Ct))),
            async () =>
            {
                Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == sent, Ct)));
                Assert.True(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == pending, Ct)));
            });
    }

    [Fact]
    public async Task ChatTranscripts_LinesGoAYearAfterClosing_TheConversationStaysAnonymised()
    {
        var customer = await app.CreateAccountAsync("Chatty Customer");
        var start = Now;
        var chatId = await app.WithDbAsync(async db =>
        {
            var chat = new ChatConversation(customer.Id, null, "Chatty Customer", "chatty@example.com", "en", start);
            db.ChatConversations.Add(chat);
            await db.SaveChangesAsync(Ct);
            db.ChatMessages.Add(new ChatMessage(Guid.NewGuid(), chat.Id, false, customer.Id, start, "line"));
            await db.SaveChangesAsync(Ct);
            await db.ChatConversations.Where(c => c.Id == chat.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChatStatus.Closed).SetProperty(c => c.ClosedAt, start), Ct);
            return chat.Id;
        });

        await AcrossThePeriodAsync(start + Duration.FromDays(365),
            async () =>
            {
                Assert.True(await app.WithDbAsync(db => db.ChatMessages.AnyAsync(m => m.ConversationId == chatId, Ct)));
                Assert.Equal("Chatty Customer", await app.WithDbAsync(db => db.ChatConversations.Where(c => c.Id == chatId).Select(c => c.CustomerName).SingleAsync(Ct)));
            },
            async () =>
            {
                Assert.False(await app.WithDbAsync(db => db.ChatMessages.AnyAsync(m => m.ConversationId == chatId, Ct)));
                var chat = await app.WithDbAsync(db => db.ChatConversations.AsNoTracking().SingleAsync(c => c.Id == chatId, Ct));
                Assert.Equal(("", "", null, null), (chat.CustomerName, chat.CustomerEmail, chat.CustomerId, chat.VisitorKeyHash));
                Assert.Equal(ChatStatus.Closed, chat.Status);
            });
    }

    [Fact]
    public async Task UnverifiedAccounts_GoAfterThirtyDays_VerifiedAndStaffStay()
    {
        var unverified = await app.CreateAccountAsync("Never Confirmed", verified: false);
        var verified = await app.CreateAccountAsync("Confirmed Person");
        var unverifiedAgent = await app.CreateAccountAsync("Agent Unconfirmed", role: Roles.Support, verified: false);
        var start = unverified.CreatedAt;

        await AcrossThePeriodAsync(start + Duration.FromDays(30),
            async () => Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(a => a.Id == unverified.Id, Ct))),
            async () =>
            {
                Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(a => a.Id == unverified.Id, Ct)));
                Assert.False(await app.WithDbAsync(db => db.UserRoles.AnyAsync(r => r.UserId == unverified.Id, Ct)));
                Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(a => a.Id == verified.Id, Ct)));
                Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(a => a.Id == unverifiedAgent.Id, Ct)));
            });
    }

    [Fact]
    public async Task ClosedTickets_GoThreeYearsAfterClosing_OpenOnesStay()
    {
        var start = Now;
        var (closed, open) = await app.WithDbAsync(async db =>
        {
            var closedTicket = new SupportTicket(null, "asker@example.com", "Asker", "en", null, TicketCategory.Other, null, TicketPriority.Normal, start, start + Duration.FromHours(8));
            closedTicket.ChangeStatus(TicketStatus.Closed, start);
            var openTicket = new SupportTicket(null, "asker@example.com", "Asker", "en", null, TicketCategory.Other, null, TicketPriority.Normal, start, start + Duration.FromHours(8));
            db.SupportTickets.AddRange(closedTicket, openTicket);
            await db.SaveChangesAsync(Ct);
            return (closedTicket.Id, openTicket.Id);
        });

        await AcrossThePeriodAsync(YearsAfter(start, 3),
            async () => Assert.True(await app.WithDbAsync(db => db.SupportTickets.AnyAsync(t => t.Id == closed, Ct))),
            async () =>
            {
                Assert.False(await app.WithDbAsync(db => db.SupportTickets.AnyAsync(t => t.Id == closed, Ct)));
                Assert.True(await app.WithDbAsync(db => db.SupportTickets.AnyAsync(t => t.Id == open, Ct)));
            });
    }

    [Fact]
    public async Task SurveyText_IsEmptiedTwoYearsAfterSubmission_RatingsStay()
    {
        var respondent = await app.CreateAccountAsync("Survey Respondent");
        var start = Now;
        var (textAnswer, ratingAnswer) = await app.WithDbAsync(async db =>
        {
            var survey = new CareSlot.Web.Features.Surveys.Survey("Retention survey", "Intro", CareSlot.Web.Features.Surveys.SurveyAudience.Patients, false, null, start);
            var rating = new CareSlot.Web.Features.Surveys.SurveyQuestion(1, CareSlot.Web.Features.Surveys.SurveyQuestionKind.Rating, "How was it?", true, []);
            var text = new CareSlot.Web.Features.Surveys.SurveyQuestion(2, CareSlot.Web.Features.Surveys.SurveyQuestionKind.FreeText, "Tell us", false, []);
            survey.Questions.AddRange([rating, text]);
            db.Surveys.Add(survey);
            await db.SaveChangesAsync(Ct);
            var invitation = new CareSlot.Web.Features.Surveys.SurveyInvitation(Guid.NewGuid(), survey.Id, respondent.Id, null, new string('a', 64), start, start + Duration.FromDays(30));
            var response = new CareSlot.Web.Features.Surveys.SurveyResponse(Guid.NewGuid(), survey.Id, invitation.Id, start);
            var ratingRow = new CareSlot.Web.Features.Surveys.SurveyAnswer(Guid.NewGuid(), response.Id, survey.Id, rating.Id, 4, null, null);
            var textRow = new CareSlot.Web.Features.Surveys.SurveyAnswer(Guid.NewGuid(), response.Id, survey.Id, text.Id, null, null, "sealed words");
            db.SurveyInvitations.Add(invitation);
            db.SurveyResponses.Add(response);
            db.SurveyAnswers.AddRange(ratingRow, textRow);
            await db.SaveChangesAsync(Ct);
            return (textRow.Id, ratingRow.Id);
        });

        await AcrossThePeriodAsync(YearsAfter(start, 2),
            async () => Assert.NotNull(await app.WithDbAsync(db => db.SurveyAnswers.Where(a => a.Id == textAnswer).Select(a => a.SealedText).SingleAsync(Ct))),
            async () =>
            {
                Assert.Null(await app.WithDbAsync(db => db.SurveyAnswers.Where(a => a.Id == textAnswer).Select(a => a.SealedText).SingleAsync(Ct)));
                Assert.Equal(4, await app.WithDbAsync(db => db.SurveyAnswers.Where(a => a.Id == ratingAnswer).Select(a => a.Rating).SingleAsync(Ct)));
            });
    }

    [Fact]
    public async Task AKindThatFails_DoesNotStopTheOthers_AndTheRunSaysWhich()
    {
        var start = Now;
        var id = await app.WithDbAsync(async db =>
        {
            var message = OutboxMessage.ForAccount(NotificationTemplate.PatientBooked, NotificationChannel.Email, "fail@example.com", "content", start);
            message.MarkSent("fail@example.com", start);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync(Ct);
            return message.Id;
        });
        MoveTo(start + Duration.FromDays(366));
        await using var scope = app.Services.CreateAsyncScope();
        var purge = new PurgeExpiredData(scope.ServiceProvider.GetRequiredService<CareSlotDb>(), scope.ServiceProvider.GetRequiredService<AuditTrail>(),
            scope.ServiceProvider.GetRequiredService<IClock>(), scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionOptions>>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PurgeExpiredData>>())
        {
            Rules = [new FailingRule(), new DeliveryLogRule()],
        };

        var failure = await Assert.ThrowsAsync<RetentionFailedException>(() => purge.RunAsync(null, Ct));

        Assert.Equal(["failing"], failure.Kinds);
        Assert.Contains(failure.Results, r => r.Kind == "delivery-log" && r.Removed >= 1);
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == id, Ct)));
    }

    private sealed class FailingRule : RetentionRule
    {
        public override string Kind => "failing";

        public override Instant Cutoff(RetentionOptions options, Instant now) => now;

        public override Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct) => Task.FromResult(new RetentionBacklog(Kind, 0, null));

        public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
            throw new InvalidOperationException("permission denied for table");
    }

    [Fact]
    public async Task AuditTrail_OldestRowsGoAfterSixYears_TheKeptChainStillVerifies_EvenAgainstAnOlderAnchor()
    {
        var marker = $"retention-test {Guid.NewGuid():N}"[..40];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            for (var i = 0; i < 3; i++) await trail.RecordAsync(new AuditEvent(AuditActions.AuditVerified, AuditOutcome.Allowed, Record: marker), Ct);
        }
        var start = Now;
        var anchor = (await VerifyAsync(null)).Heads;

        await AcrossThePeriodAsync(YearsAfter(start, 6),
            async () => Assert.Equal(3, await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Record == marker, Ct))),
            async () =>
            {
                Assert.Equal(0, await app.WithDbAsync(db => db.AuditTrail.CountAsync(e => e.Record == marker, Ct)));
                Assert.True(await app.WithDbAsync(db => db.Set<AuditChainHead>().AnyAsync(h => h.FloorSequence > 0, Ct)));
                Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.RetentionPurged && e.Record!.StartsWith("audit-trail"), Ct)));
                var plain = await VerifyAsync(null);
                Assert.True(plain.Intact, plain.Problem);
                var anchored = await VerifyAsync(anchor);
                Assert.True(anchored.Intact, anchored.Problem);
            });
    }

    [Fact]
    public async Task AuditTrail_AFloorMovedByHand_OrAKeptRowDeleted_IsFound()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            for (var i = 0; i < 3; i++) await trail.RecordAsync(new AuditEvent(AuditActions.AuditVerified, AuditOutcome.Allowed, Record: "floor test"), Ct);
        }
        MoveTo(YearsAfter(Now, 6) + Duration.FromDays(1));
        await PurgeAsync();
        // A row written after the purge, so the lane has kept rows above its floor.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(new AuditEvent(AuditActions.AuditVerified, AuditOutcome.Allowed, Record: "kept"), Ct);
        }
        Assert.True((await VerifyAsync(null)).Intact);
        var head = await app.WithDbAsync(db => db.Set<AuditChainHead>().AsNoTracking().Where(h => h.FloorSequence > 0 && h.Sequence > h.FloorSequence).OrderBy(h => h.Id).FirstAsync(Ct));

        // Raising the floor over a kept row, without deleting it.
        await app.WithDbAsync(db => db.Set<AuditChainHead>().Where(h => h.Id == head.Id).ExecuteUpdateAsync(s => s.SetProperty(h => h.FloorSequence, head.FloorSequence + 1), Ct));
        var raised = await VerifyAsync(null);
        Assert.False(raised.Intact);
        Assert.Contains("floor", raised.Problem!, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Set<AuditChainHead>().Where(h => h.Id == head.Id).ExecuteUpdateAsync(s => s.SetProperty(h => h.FloorSequence, head.FloorSequence), Ct));
        Assert.True((await VerifyAsync(null)).Intact);

        // Deleting the first kept row: the next one no longer follows the floor.
        var firstKept = head.FloorSequence + 1;
        var row = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().SingleAsync(e => e.Lane == head.Id && e.Sequence == firstKept, Ct));
        await app.WithDbAsync(db => db.AuditTrail.Where(e => e.Id == row.Id).ExecuteDeleteAsync(Ct));
        var cut = await VerifyAsync(null);
        Assert.False(cut.Intact);
        await app.WithDbAsync(async db =>
        {
            db.AuditTrail.Add(row);
            return await db.SaveChangesAsync(Ct);
        });
        Assert.True((await VerifyAsync(null)).Intact);
    }

    [Fact]
    public async Task Command_DryRunCountsAndRemovesNothing_ThenARunRemoves()
    {
        var start = Now;
        var id = await app.WithDbAsync(async db =>
        {
            var message = OutboxMessage.ForAccount(NotificationTemplate.PatientBooked, NotificationChannel.Email, "dry@example.com", "content", start);
            message.MarkSent("dry@example.com", start);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync(Ct);
            return message.Id;
        });
        MoveTo(start + Duration.FromDays(366));

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await RetentionCommand.RunAsync(app.Services, ["retention", "--dry-run"], output, error, Ct));
        var line = output.ToString().Split('\n').Single(l => l.Contains("delivery-log", StringComparison.Ordinal));
        Assert.DoesNotContain(" 0 rows", line, StringComparison.Ordinal);
        Assert.Contains("oldest ", line, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == id, Ct)));

        using var runOutput = new StringWriter();
        Assert.Equal(0, await RetentionCommand.RunAsync(app.Services, ["retention"], runOutput, error, Ct));
        Assert.Contains("delivery-log", runOutput.ToString(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == id, Ct)));
        Assert.Contains("delivery-log", error.ToString(), StringComparison.Ordinal); // progress

        Assert.Equal(2, await RetentionCommand.RunAsync(app.Services, ["retention", "--everything"], output, error, Ct));
    }

    [Fact]
    public async Task TwoInstancesAtOnce_RemoveEachRowOnce_AndTheChainStillVerifies()
    {
        var start = Now;
        var ids = await app.WithDbAsync(async db =>
        {
            var messages = Enumerable.Range(0, 40).Select(i =>
            {
                var message = OutboxMessage.ForAccount(NotificationTemplate.PatientBooked, NotificationChannel.Email, $"many{i}@example.com", "content", start);
                message.MarkSent($"many{i}@example.com", start);
                return message;
            }).ToList();
            db.OutboxMessages.AddRange(messages);
            await db.SaveChangesAsync(Ct);
            return messages.Select(m => m.Id).ToList();
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            for (var i = 0; i < 20; i++) await trail.RecordAsync(new AuditEvent(AuditActions.AuditVerified, AuditOutcome.Allowed, Record: "concurrent"), Ct);
        }
        MoveTo(YearsAfter(start, 6) + Duration.FromDays(1));

        // Small batches, so the two runs interleave batch by batch.
        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();
        PurgeExpiredData Purger(AsyncServiceScope scope) => ActivatorUtilities.CreateInstance<PurgeExpiredData>(scope.ServiceProvider,
            Microsoft.Extensions.Options.Options.Create(new RetentionOptions { BatchSize = 3 }));
        var runs = await Task.WhenAll(Purger(first).RunAsync(null, Ct), Purger(second).RunAsync(null, Ct));

        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => ids.Contains(m.Id), Ct)));
        Assert.False(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Record == "concurrent", Ct)));
        var removedTwice = runs[0].Zip(runs[1]).Where(pair => pair.First.Kind == "delivery-log").Sum(pair => pair.First.Removed + pair.Second.Removed);
        Assert.True(removedTwice >= ids.Count, $"{removedTwice} delivery rows removed in all");
        var verification = await VerifyAsync(null);
        Assert.True(verification.Intact, verification.Problem);
    }

    private async Task<AuditVerification> VerifyAsync(string? anchor)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(anchor, null, Ct);
    }
}
