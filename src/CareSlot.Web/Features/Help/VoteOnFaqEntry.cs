using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Help;

/// <summary>
/// "Was this helpful?" on a published entry: one answer per voter (an account, or a browser's cookie), which voting again
/// changes. The unique index decides between two votes of one voter at the same moment.
/// </summary>
public sealed class VoteOnFaqEntry(CareSlotDb db, IClock clock, IStringLocalizer<HelpText> text)
{
    public async Task<Outcome<bool>> HandleAsync(int entryId, string voter, bool helpful, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(voter);
        if (!await db.FaqEntries.AnyAsync(e => e.Id == entryId && e.IsPublished, ct)) return SaveFaqEntry.NotFound(text);
        var vote = await db.FaqVotes.SingleOrDefaultAsync(v => v.EntryId == entryId && v.Voter == voter, ct);
        if (vote is null) db.FaqVotes.Add(new FaqVote(entryId, voter, helpful, clock.GetCurrentInstant()));
        else vote.Change(helpful, clock.GetCurrentInstant());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same voter's other vote won the race: theirs is counted once either way.
            db.ChangeTracker.Clear();
        }
        return new Outcome<bool>(helpful, null);
    }
}
