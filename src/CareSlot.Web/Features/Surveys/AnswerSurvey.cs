using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>Why a survey link shows no form.</summary>
public enum SurveyLinkState
{
    Usable,
    Unknown,
    Expired,
    Answered,
    Closed,
}

/// <summary>What the answer page shows for a link: the survey and its questions, or why not.</summary>
public sealed record SurveyLink(SurveyLinkState State, Survey? Survey, SurveyInvitation? Invitation)
{
    public IReadOnlyList<SurveyQuestion> Questions => Survey is null ? [] : [.. Survey.Questions.OrderBy(q => q.Position)];
}

/// <summary>
/// Answering through the e-mailed link, without signing in: the token is looked up by its hash; an unknown, expired, closed or
/// already answered link answers no form. One response per invitation — the unique index decides two submissions at once.
/// Free text is sealed at rest (<see cref="TextColumn"/>) and never logged; answers are checked question by question, each
/// error named <c>q{questionId}</c> for the page to show next to its question.
/// </summary>
public sealed class AnswerSurvey(CareSlotDb db, FieldProtector protector, IClock clock, IStringLocalizer<SurveysText> text, IStringLocalizer<WebText> words)
{
    internal const string TextColumn = nameof(SurveyAnswer.SealedText);

    public static string Field(SurveyQuestion question) => $"q{question?.Id}";

    public async Task<SurveyLink> FindAsync(string? token, CancellationToken ct)
    {
        if (!SurveyInvitations.LooksLikeToken(token)) return new SurveyLink(SurveyLinkState.Unknown, null, null);
        var hash = SurveyInvitations.Hash(token!);
        var invitation = await db.SurveyInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null) return new SurveyLink(SurveyLinkState.Unknown, null, null);
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Questions).SingleAsync(s => s.Id == invitation.SurveyId, ct);
        var state = invitation.AnsweredAt is not null ? SurveyLinkState.Answered
            : survey.State != SurveyState.Open ? SurveyLinkState.Closed
            : invitation.ExpiresAt <= clock.GetCurrentInstant() ? SurveyLinkState.Expired
            : SurveyLinkState.Usable;
        return new SurveyLink(state, survey, invitation);
    }

    public UseCaseProblem Refusal(SurveyLinkState state) => state switch
    {
        SurveyLinkState.Expired => new(StatusCodes.Status410Gone, text["This survey link has expired."],
            text["Survey links work for a limited time. Thank you all the same."]),
        SurveyLinkState.Answered => new(StatusCodes.Status409Conflict, text["You have already answered this survey."],
            text["Each link can be used once. Thank you for your answers."]),
        SurveyLinkState.Closed => new(StatusCodes.Status410Gone, text["This survey is closed."],
            text["It no longer takes answers. Thank you all the same."]),
        _ => UseCaseProblem.NotFound(text["This survey link is not valid."],
            text["Check that the whole link from the e-mail was opened. Links are only ever sent by e-mail."]),
    };

    /// <param name="answers">Each question's values as the form sent them, by field name (<c>q{questionId}</c>).</param>
    public async Task<Outcome<SurveyResponse>> HandleAsync(string? token, IReadOnlyDictionary<string, IReadOnlyList<string>> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var link = await FindAsync(token, ct);
        if (link.State != SurveyLinkState.Usable) return Refusal(link.State);
        var survey = link.Survey!;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var responseId = Guid.CreateVersion7();
        var rows = new List<SurveyAnswer>();
        foreach (var question in link.Questions)
        {
            var field = Field(question);
            var values = answers.GetValueOrDefault(field) ?? [];
            if (values.Select(v => InputText.Problem(v, multiline: question.Kind == SurveyQuestionKind.FreeText, words)).FirstOrDefault(p => p is not null) is { } hostile)
            {
                errors[field] = [hostile];
                continue;
            }
            var given = values.Select(v => v.Trim()).Where(v => !InputText.IsBlank(v)).ToList();
            if (given.Count == 0)
            {
                if (question.Required) errors[field] = [question.Kind == SurveyQuestionKind.FreeText ? text["Please write an answer."] : text["Please choose an answer."]];
                continue;
            }
            switch (question.Kind)
            {
                case SurveyQuestionKind.Rating:
                    if (given.Count != 1 || !int.TryParse(given[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rating)
                        || rating is < SurveyQuestion.MinRating or > SurveyQuestion.MaxRating)
                    {
                        errors[field] = [text["Choose a rating from 1 to 5."]];
                        break;
                    }
                    rows.Add(new SurveyAnswer(Guid.CreateVersion7(), responseId, survey.Id, question.Id, rating, null, null));
                    break;
                case SurveyQuestionKind.SingleChoice:
                case SurveyQuestionKind.MultipleChoice:
                    var choices = question.ChoiceList;
                    var indexes = given.Select(g => int.TryParse(g, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
                        && i >= 0 && i < choices.Count ? i : -1).ToList();
                    if (indexes.Contains(-1) || (question.Kind == SurveyQuestionKind.SingleChoice && indexes.Count != 1) || indexes.Distinct().Count() != indexes.Count)
                    {
                        errors[field] = [question.Kind == SurveyQuestionKind.SingleChoice ? text["Choose one of the answers offered."] : text["Choose among the answers offered."]];
                        break;
                    }
                    rows.AddRange(indexes.Select(i => new SurveyAnswer(Guid.CreateVersion7(), responseId, survey.Id, question.Id, null, i, null)));
                    break;
                default:
                    var written = string.Join("\n", given).Replace("\r\n", "\n", StringComparison.Ordinal);
                    if (given.Count != 1) errors[field] = [text["Please write one answer."]];
                    else if (written.Length > SurveyAnswer.TextMaxLength) errors[field] = [text["Keep it under {0} characters.", SurveyAnswer.TextMaxLength]];
                    else
                    {
                        var id = Guid.CreateVersion7();
                        rows.Add(new SurveyAnswer(id, responseId, survey.Id, question.Id, null, null, protector.Seal(written, id, TextColumn)));
                    }
                    break;
            }
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var now = clock.GetCurrentInstant();
        var response = new SurveyResponse(responseId, survey.Id, link.Invitation!.Id, now);
        db.SurveyResponses.Add(response);
        db.SurveyAnswers.AddRange(rows);
        // Tracked (the context may already hold it): its AnsweredAt is saved with the response.
        var invitation = await db.SurveyInvitations.SingleAsync(i => i.Id == link.Invitation!.Id, ct);
        invitation.MarkAnswered(now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // A second submission (another tab, a double click) landed a moment earlier.
            db.ChangeTracker.Clear();
            return Refusal(SurveyLinkState.Answered);
        }
        return new Outcome<SurveyResponse>(response, null);
    }
}
