using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Surveys;

/// <summary>A survey in the administrators' list: its state and how many were invited and answered.</summary>
public sealed record SurveyRow(int Id, string Title, SurveyAudience Audience, SurveyState State, bool SendAfterVisits, int Questions, int Invited, int Responses);

/// <summary>What the administrators' pages and API read about surveys.</summary>
public sealed class SurveyQueries(CareSlotDb db)
{
    public async Task<IReadOnlyList<SurveyRow>> ListAsync(CancellationToken ct) =>
        await db.Surveys.AsNoTracking().OrderByDescending(s => s.Id)
            .Select(s => new SurveyRow(s.Id, s.Title, s.Audience, s.State, s.SendAfterVisits, s.Questions.Count,
                db.SurveyInvitations.Count(i => i.SurveyId == s.Id), db.SurveyResponses.Count(r => r.SurveyId == s.Id)))
            .ToListAsync(ct);

    public async Task<Survey?> FindAsync(int id, CancellationToken ct) =>
        await db.Surveys.AsNoTracking().Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);

    public async Task<bool> HasResponsesAsync(int id, CancellationToken ct) => await db.SurveyResponses.AnyAsync(r => r.SurveyId == id, ct);
}
