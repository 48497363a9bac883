using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Consents;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>
/// How many invitations a sending added; a second sending of the same survey adds only those who joined since. Objected:
/// those of the group left out because they withdrew consent to survey invitations (Features/Consents, Art. 21).
/// </summary>
public sealed record SurveySending(int SurveyId, int Invited, int Objected);

/// <summary>
/// Sends an open survey to its whole group (all active patients, or all doctors): one invitation and one e-mail each. The group
/// is read a batch at a time — those in it not yet invited — and each batch is saved on its own, so a large group never sits
/// in memory and a sending cut off half-way is finished by sending again. Unique (survey, recipient) keeps it idempotent,
/// also when two administrators send at once: the batch that loses is read again without those already invited.
/// </summary>
public sealed class SendSurvey(CareSlotDb db, SurveyInvitations invitations, AuditTrail audit, IClock clock, IStringLocalizer<SurveysText> text)
{

    public async Task<Outcome<SurveySending>> HandleAsync(int surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return UseCaseProblem.NotFound(text["Survey not found."], text["There is no survey with that id."]);
        if (survey.State != SurveyState.Open)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["Only an open survey can be sent."],
                text["Open the survey first; a closed survey is no longer sent."]);
        }

        var role = survey.Audience == SurveyAudience.Doctors ? Roles.Doctor : Roles.Patient;
        var batchSize = invitations.Options.SendBatchSize;
        var invited = 0;
        List<Guid>? refused = null;
        var objected = ConsentRecord.Withdrawn(db, ConsentPurpose.Surveys);
        while (true)
        {
            var batch = await db.Users.AsNoTracking()
                .Where(u => u.EmailConfirmed && u.Email != null && u.SuspendedAt == null
                    && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == role))
                    && !db.SurveyInvitations.Any(i => i.SurveyId == surveyId && i.AccountId == u.Id && i.AppointmentId == null)
                    && !objected.Contains(u.Id))
                .OrderBy(u => u.Id)
                .Select(u => new { u.Id, u.FullName, u.Email, u.PreferredLanguage })
                .Take(batchSize)
                .ToListAsync(ct);
            if (batch.Count == 0) break;
            var now = clock.GetCurrentInstant();
            foreach (var person in batch)
            {
                invitations.Add(db, survey, person.Id, null, new SurveyRecipient(person.FullName, person.Email!, person.PreferredLanguage), now);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                invited += batch.Count;
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation() && !(refused?.SequenceEqual(batch.Select(p => p.Id)) ?? false))
            {
                // Another sending of this survey invited some of this batch a moment earlier: read the batch again without them.
                // Each such refusal means the other sending saved, so the group left shrinks and this ends, however often two
                // sendings in step collide; the very same batch refused twice is no race, and fails.
                refused = [.. batch.Select(p => p.Id)];
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        var objectors = await db.Users.AsNoTracking()
            .CountAsync(u => u.EmailConfirmed && u.Email != null && u.SuspendedAt == null
                && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == role))
                && objected.Contains(u.Id), ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.SurveySent, AuditOutcome.Allowed, Record: $"survey {surveyId} invited {invited} objected {objectors}"), ct);
        return new Outcome<SurveySending>(new SurveySending(surveyId, invited, objectors), null);
    }
}
