using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Consents;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>
/// Invites the patient of a visit marked completed to every open after-visit survey, in the very save that completes it (the
/// appointment's own transaction), so a completion that rolls back invites nobody. It watches saves for the appointment
/// events of a completion instead of being called by Appointments, which knows nothing of surveys. At most one invitation
/// per survey and visit: an existing one is looked up first, and the unique (survey, recipient) index is the last word.
/// </summary>
public sealed class SurveysAfterVisits(SurveyInvitations invitations, IClock clock) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CareSlotDb db && Completed(db) is { Count: > 0 } visits) await InviteAsync(db, visits, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is CareSlotDb db && Completed(db) is { Count: > 0 } visits) InviteAsync(db, visits, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    /// <summary>The appointments this save marks completed: a status-change event added, and the appointment now completed.</summary>
    private static List<Appointment> Completed(CareSlotDb db)
    {
        var changed = db.ChangeTracker.Entries<AppointmentEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.Kind == AppointmentEventKind.StatusChanged)
            .Select(e => e.Entity.AppointmentId).ToHashSet();
        if (changed.Count == 0) return [];
        return [.. db.ChangeTracker.Entries<Appointment>().Select(e => e.Entity).Where(a => changed.Contains(a.Id) && a.Status == AppointmentStatus.Completed)];
    }

    private async Task InviteAsync(CareSlotDb db, List<Appointment> visits, CancellationToken ct)
    {
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => s.State == SurveyState.Open && s.SendAfterVisits && s.Audience == SurveyAudience.Patients).ToListAsync(ct);
        if (surveys.Count == 0) return;
        var now = clock.GetCurrentInstant();
        var objected = ConsentRecord.Withdrawn(db, ConsentPurpose.Surveys);
        foreach (var visit in visits)
        {
            // A patient who objected to survey invitations (Features/Consents) gets none after a visit either.
            var patient = await db.Users.AsNoTracking().Where(u => u.Id == visit.PatientId && u.EmailConfirmed && u.Email != null && u.SuspendedAt == null
                    && !objected.Contains(u.Id))
                .Select(u => new SurveyRecipient(u.FullName, u.Email!, u.PreferredLanguage)).SingleOrDefaultAsync(ct);
            if (patient is null) continue;
            var key = SurveyInvitation.KeyFor(visit.PatientId, visit.Id);
            var surveyIds = surveys.Select(s => s.Id).ToList();
            var invitedTo = await db.SurveyInvitations.Where(i => surveyIds.Contains(i.SurveyId) && i.RecipientKey == key).Select(i => i.SurveyId).ToListAsync(ct);
            var tracked = db.ChangeTracker.Entries<SurveyInvitation>().Where(e => e.State == EntityState.Added && e.Entity.RecipientKey == key)
                .Select(e => e.Entity.SurveyId);
            foreach (var survey in surveys.Where(s => !invitedTo.Contains(s.Id) && !tracked.Contains(s.Id)))
            {
                invitations.Add(db, survey, visit.PatientId, visit.Id, patient, now);
            }
        }
    }
}
