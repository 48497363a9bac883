using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.HelpDesk;

public sealed record CannedAnswerRequest(string? Title, [property: System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)] string? Body);

public sealed record CannedAnswerView(Guid Id, string Title, string Body);

/// <summary>The agents' saved answers: listed by title, written, changed and deleted by any agent; titles are unique.</summary>
public sealed class CannedAnswers(TicketDesk desk)
{
    public async Task<IReadOnlyList<CannedAnswerView>> ListAsync(CancellationToken ct) =>
        await desk.Db.CannedAnswers.AsNoTracking().OrderBy(a => a.Title).Select(a => new CannedAnswerView(a.Id, a.Title, a.Body)).ToListAsync(ct);

    public async Task<CannedAnswerView?> FindAsync(Guid id, CancellationToken ct) =>
        await desk.Db.CannedAnswers.AsNoTracking().Where(a => a.Id == id).Select(a => new CannedAnswerView(a.Id, a.Title, a.Body)).FirstOrDefaultAsync(ct);

    /// <summary>Saves a new answer (<paramref name="id"/> null) or changes one; 404 for one that does not exist, 409 for a title in use.</summary>
    public async Task<Outcome<CannedAnswerView>> SaveAsync(Guid? id, CannedAnswerRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = desk.Text;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        desk.CheckText(request, "title", request.Title, CannedAnswer.TitleMaxLength, text["Give the answer a title to find it by."], errors);
        desk.CheckText(request, "body", request.Body, TicketPost.BodyMaxLength, text["Write the answer."], errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        var title = TicketDesk.Clean(request.Title);
        var body = TicketDesk.Clean(request.Body);

        CannedAnswer? answer;
        if (id is { } existing)
        {
            answer = await desk.Db.CannedAnswers.FirstOrDefaultAsync(a => a.Id == existing, ct);
            if (answer is null) return NotFound();
        }
        else
        {
            answer = null;
        }
        if (await desk.Db.CannedAnswers.AnyAsync(a => a.Title == title && a.Id != id, ct)) return TitleInUse();
        if (answer is null) desk.Db.CannedAnswers.Add(answer = new CannedAnswer(Guid.CreateVersion7(), title, body, desk.Now));
        else answer.Change(title, body, desk.Now);
        try
        {
            await desk.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            desk.Db.ChangeTracker.Clear();
            return TitleInUse();
        }
        return new Outcome<CannedAnswerView>(new CannedAnswerView(answer.Id, answer.Title, answer.Body), null);

        UseCaseProblem TitleInUse() => UseCaseProblem.Invalid("title", text["Another saved answer has this title."])
            with { Status = StatusCodes.Status409Conflict, Title = text["Another saved answer has this title."] };
    }

    public async Task<UseCaseProblem?> DeleteAsync(Guid id, CancellationToken ct) =>
        await desk.Db.CannedAnswers.Where(a => a.Id == id).ExecuteDeleteAsync(ct) == 0 ? NotFound() : null;

    private UseCaseProblem NotFound() => UseCaseProblem.NotFound(desk.Text["Saved answer not found."], desk.Text["There is no such saved answer."]);
}
