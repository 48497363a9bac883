using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <param name="Kind">rating, single-choice, multiple-choice or free-text.</param>
/// <param name="Choices">For choice questions: one choice per line.</param>
public sealed record SurveyQuestionRequest(string? Prompt, string? Kind, bool? Required, [property: DataType(DataType.MultilineText)] string? Choices);

/// <param name="Audience">patients or doctors.</param>
/// <param name="SendAfterVisits">Patients' surveys only: invite the patient of every visit completed while the survey is open.</param>
public sealed record SurveyRequest(string? Title, [property: DataType(DataType.MultilineText)] string? Intro, string? Audience, bool? SendAfterVisits,
    IReadOnlyList<SurveyQuestionRequest>? Questions);

/// <summary>
/// Administrators build surveys and move them draft → open → closed; each step has its audit row in the same transaction.
/// Questions are replaced as a whole, and only while nobody has answered: answers point at them.
/// </summary>
public sealed class SaveSurvey(CareSlotDb db, AuditTrail audit, IClock clock, IStringLocalizer<SurveysText> text, IStringLocalizer<WebText> words)
{
    public async Task<Outcome<Survey>> CreateAsync(Guid adminId, SurveyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = Check(request);
        if (content.Problem is { } problem) return problem;
        var (title, intro, audience, afterVisits, questions) = content.Value!;
        var survey = new Survey(title, intro, audience, afterVisits, adminId, clock.GetCurrentInstant());
        survey.Questions.AddRange(questions);
        db.Surveys.Add(survey);
        await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(Audit(survey, AuditActions.SurveyCreated), ct);
        }, ct);
        return new Outcome<Survey>(survey, null);
    }

    public async Task<Outcome<Survey>> UpdateAsync(int id, SurveyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var survey = await db.Surveys.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return NotFound();
        if (survey.State == SurveyState.Closed) return ClosedProblem();
        var content = Check(request);
        if (content.Problem is { } problem) return problem;
        var (title, intro, audience, afterVisits, questions) = content.Value!;
        var questionsChange = !SameQuestions(survey.Questions.OrderBy(q => q.Position).ToList(), questions);
        if (questionsChange && await db.SurveyResponses.AnyAsync(r => r.SurveyId == id, ct)) return Answered();
        if (audience != survey.Audience && await db.SurveyInvitations.AnyAsync(i => i.SurveyId == id, ct))
        {
            return UseCaseProblem.Invalid("audience", text["The survey has been sent, so its audience stays as it is."]);
        }
        survey.Describe(title, intro, audience, afterVisits);
        if (questionsChange)
        {
            db.SurveyQuestions.RemoveRange(survey.Questions);
            survey.Questions.Clear();
            survey.Questions.AddRange(questions);
        }
        try
        {
            await InTransactionAsync(async () =>
            {
                await db.SaveChangesAsync(ct);
                await audit.RecordAsync(Audit(survey, AuditActions.SurveyUpdated), ct);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // The first answer arrived between the check and the save: its foreign key keeps the questions.
            db.ChangeTracker.Clear();
            return Answered();
        }
        return new Outcome<Survey>(survey, null);
    }

    public async Task<Outcome<Survey>> OpenAsync(int id, CancellationToken ct)
    {
        var survey = await db.Surveys.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return NotFound();
        if (survey.State != SurveyState.Draft)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["Only a draft can be opened."], text["This survey is already open or closed."]);
        }
        if (survey.Questions.Count == 0)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["Add a question first."], text["A survey without questions cannot be opened."]);
        }
        survey.Open(clock.GetCurrentInstant());
        await SaveStateAsync(survey, AuditActions.SurveyOpened, ct);
        return new Outcome<Survey>(survey, null);
    }

    public async Task<Outcome<Survey>> CloseAsync(int id, CancellationToken ct)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return NotFound();
        if (survey.State == SurveyState.Closed) return ClosedProblem();
        survey.Close(clock.GetCurrentInstant());
        await SaveStateAsync(survey, AuditActions.SurveyClosed, ct);
        return new Outcome<Survey>(survey, null);
    }

    public UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Survey not found."], text["There is no survey with that id."]);

    private UseCaseProblem ClosedProblem() =>
        new(StatusCodes.Status409Conflict, text["This survey is closed."], text["A closed survey can no longer be changed, sent or answered."]);

    private UseCaseProblem Answered() =>
        new(StatusCodes.Status409Conflict, text["This survey has answers, so its questions can no longer change."],
            text["Answers refer to the questions as they were asked. Close this survey and start a new one to ask different questions."])
        {
            Errors = new Dictionary<string, string[]> { ["questions"] = [text["This survey has answers, so its questions can no longer change."]] },
        };

    private static bool SameQuestions(List<SurveyQuestion> saved, List<SurveyQuestion> asked) =>
        saved.Count == asked.Count && saved.Zip(asked).All(pair => pair.First.Kind == pair.Second.Kind && pair.First.Prompt == pair.Second.Prompt
            && pair.First.Required == pair.Second.Required && pair.First.Choices == pair.Second.Choices);

    private async Task SaveStateAsync(Survey survey, string action, CancellationToken ct) =>
        await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(Audit(survey, action), ct);
        }, ct);

    public static AuditEvent Audit(Survey survey, string action) => new(action, AuditOutcome.Allowed, Record: $"survey {survey.Id}");

    private async Task InTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work();
            await transaction.CommitAsync(ct);
        });
    }

    private Outcome<(string Title, string Intro, SurveyAudience Audience, bool AfterVisits, List<SurveyQuestion> Questions)> Check(SurveyRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TextInspector.AddProblems(request, errors, words);
        var title = request.Title?.Trim() ?? "";
        if (!errors.ContainsKey("title"))
        {
            if (InputText.IsBlank(title)) errors["title"] = [text["Enter a title."]];
            else if (title.Length > Survey.TitleMaxLength) errors["title"] = [text["Keep it under {0} characters.", Survey.TitleMaxLength]];
        }
        var intro = Clean(request.Intro);
        if (!errors.ContainsKey("intro") && intro.Length > Survey.IntroMaxLength) errors["intro"] = [text["Keep it under {0} characters.", Survey.IntroMaxLength]];
        SurveyAudience audience = default;
        if (!SurveyNames.TryParseAudience(request.Audience, out audience)) errors["audience"] = [text["Choose patients or doctors."]];

        var questions = new List<SurveyQuestion>();
        var asked = request.Questions ?? [];
        if (asked.Count > Survey.MaxQuestions) errors["questions"] = [text["A survey has at most {0} questions.", Survey.MaxQuestions]];
        for (var i = 0; i < asked.Count && i < Survey.MaxQuestions; i++)
        {
            var question = asked[i];
            if (question is null) continue;
            var field = $"questions[{i}]";
            var prompt = question.Prompt?.Trim() ?? "";
            // A row left empty (the page offers a few blank ones) is no question.
            if (InputText.IsBlank(prompt) && InputText.IsBlank(question.Choices)) continue;
            if (errors.Keys.Any(k => k.StartsWith(field + ".", StringComparison.Ordinal))) continue;
            if (InputText.IsBlank(prompt)) errors[$"{field}.prompt"] = [text["Enter the question."]];
            else if (prompt.Length > SurveyQuestion.PromptMaxLength) errors[$"{field}.prompt"] = [text["Keep it under {0} characters.", SurveyQuestion.PromptMaxLength]];
            if (!SurveyNames.TryParseKind(question.Kind, out var kind))
            {
                errors[$"{field}.kind"] = [text["Choose rating, single choice, multiple choice or free text."]];
                continue;
            }
            var choices = Clean(question.Choices).Split('\n').Select(c => c.Trim()).Where(c => !InputText.IsBlank(c)).ToList();
            if (kind is SurveyQuestionKind.SingleChoice or SurveyQuestionKind.MultipleChoice)
            {
                if (choices.Count < 2) errors[$"{field}.choices"] = [text["Enter at least two choices, one per line."]];
                else if (choices.Count > SurveyQuestion.MaxChoices || choices.Any(c => c.Length > SurveyQuestion.ChoiceMaxLength)
                    || string.Join('\n', choices).Length > SurveyQuestion.ChoicesMaxLength)
                {
                    errors[$"{field}.choices"] = [text["At most {0} choices of at most {1} characters each.", SurveyQuestion.MaxChoices, SurveyQuestion.ChoiceMaxLength]];
                }
                else if (choices.Distinct(StringComparer.OrdinalIgnoreCase).Count() != choices.Count)
                {
                    errors[$"{field}.choices"] = [text["Each choice only once."]];
                }
            }
            else
            {
                choices = [];
            }
            questions.Add(new SurveyQuestion(questions.Count + 1, kind, prompt, question.Required ?? false, choices));
        }
        if (!errors.ContainsKey("questions") && questions.Count == 0 && !errors.Keys.Any(k => k.StartsWith("questions[", StringComparison.Ordinal)))
        {
            errors["questions"] = [text["Add at least one question."]];
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        return new((title, intro, audience, request.SendAfterVisits ?? false, questions), null);
    }

    internal static string Clean(string? value) => (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
