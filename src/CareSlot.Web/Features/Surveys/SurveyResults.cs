using System.Globalization;
using System.Text;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>One bar of a chart: its label and how many chose it.</summary>
public sealed record ResultBar(string Label, int Count);

/// <summary>A free-text answer, opened, with when it came (in the surveys' zone).</summary>
public sealed record FreeTextAnswer(string Text, string At);

/// <summary>One question's results: bars for ratings and choices (with the average rating), free text newest first.</summary>
public sealed record QuestionResult(SurveyQuestion Question, int Answered, IReadOnlyList<ResultBar> Bars, double? Average,
    IReadOnlyList<FreeTextAnswer> Texts, int TextsLeftOut);

public sealed record SurveyResultSheet(Survey Survey, int Invited, int Responses, IReadOnlyList<QuestionResult> Questions)
{
    /// <summary>Answered ÷ invited, 0 when nobody was invited.</summary>
    public double ResponseRate => Invited == 0 ? 0 : (double)Responses / Invited;
}

/// <summary>
/// A survey's results for its administrators: counts in SQL (ratings and choices grouped by value), free text opened here and
/// capped (<see cref="MaxTexts"/> newest per question, the full text is in the CSV), and the CSV export streamed a batch of
/// responses at a time.
/// </summary>
public sealed class SurveyResults(CareSlotDb db, FieldProtector protector, IOptions<SurveyOptions> options)
{
    public const int MaxTexts = 50;
    private const int CsvBatch = 500;

    public async Task<SurveyResultSheet?> ForAsync(int surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;
        var invited = await db.SurveyInvitations.CountAsync(i => i.SurveyId == surveyId, ct);
        var responses = await db.SurveyResponses.CountAsync(r => r.SurveyId == surveyId, ct);
        var counts = await db.SurveyAnswers.Where(a => a.SurveyId == surveyId && a.SealedText == null)
            .GroupBy(a => new { a.QuestionId, a.Rating, a.ChoiceIndex })
            .Select(g => new { g.Key.QuestionId, g.Key.Rating, g.Key.ChoiceIndex, Count = g.Count() })
            .ToListAsync(ct);
        var answered = await db.SurveyAnswers.Where(a => a.SurveyId == surveyId)
            .GroupBy(a => a.QuestionId).Select(g => new { QuestionId = g.Key, Responses = g.Select(a => a.ResponseId).Distinct().Count() })
            .ToDictionaryAsync(x => x.QuestionId, x => x.Responses, ct);

        var results = new List<QuestionResult>();
        foreach (var question in survey.Questions.OrderBy(q => q.Position))
        {
            var mine = counts.Where(c => c.QuestionId == question.Id).ToList();
            var count = answered.GetValueOrDefault(question.Id);
            switch (question.Kind)
            {
                case SurveyQuestionKind.Rating:
                    var bars = Enumerable.Range(SurveyQuestion.MinRating, SurveyQuestion.MaxRating)
                        .Select(r => new ResultBar(r.ToString(CultureInfo.CurrentCulture), mine.Where(c => c.Rating == r).Sum(c => c.Count))).ToList();
                    var total = bars.Sum(b => b.Count);
                    double? average = total == 0 ? null : (double)Enumerable.Range(SurveyQuestion.MinRating, SurveyQuestion.MaxRating).Sum(r => r * bars[r - 1].Count) / total;
                    results.Add(new QuestionResult(question, count, bars, average, [], 0));
                    break;
                case SurveyQuestionKind.SingleChoice:
                case SurveyQuestionKind.MultipleChoice:
                    results.Add(new QuestionResult(question, count,
                        [.. question.ChoiceList.Select((choice, i) => new ResultBar(choice, mine.Where(c => c.ChoiceIndex == i).Sum(c => c.Count)))], null, [], 0));
                    break;
                default:
                    var texts = await db.SurveyAnswers.AsNoTracking().Where(a => a.QuestionId == question.Id && a.SealedText != null)
                        .Join(db.SurveyResponses, a => a.ResponseId, r => r.Id, (a, r) => new { a.Id, a.SealedText, r.SubmittedAt })
                        .OrderByDescending(x => x.SubmittedAt).ThenByDescending(x => x.Id).Take(MaxTexts).ToListAsync(ct);
                    var opened = texts.Select(t => new FreeTextAnswer(protector.Open(t.SealedText!, t.Id, AnswerSurvey.TextColumn),
                        SurveyInvitations.Day(t.SubmittedAt, options.Value.Zone))).ToList();
                    results.Add(new QuestionResult(question, count, [], null, opened, Math.Max(0, count - opened.Count)));
                    break;
            }
        }
        return new SurveyResultSheet(survey, invited, responses, results);
    }

    public static string FileName(Survey survey) => $"survey-{survey?.Id}-results.csv";

    /// <summary>
    /// One row per response (submitted, then each question's answer: the rating, the choices joined with "; ", the text), RFC
    /// 4180 quoted, and any cell a spreadsheet would run as a formula (= + - @, tab, CR) prefixed with an apostrophe.
    /// </summary>
    public async Task WriteCsvAsync(Survey survey, Stream body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(survey);
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        var questions = survey.Questions.OrderBy(q => q.Position).ToList();
        await writer.WriteAsync(Row(["submitted", .. questions.Select(q => q.Prompt)]));
        Instant? afterAt = null;
        Guid afterId = Guid.Empty;
        while (true)
        {
            var query = db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == survey.Id);
            if (afterAt is { } at)
            {
                var lastId = afterId;
                query = query.Where(r => r.SubmittedAt > at || (r.SubmittedAt == at && r.Id.CompareTo(lastId) > 0));
            }
            var batch = await query.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).Take(CsvBatch).ToListAsync(ct);
            if (batch.Count == 0) break;
            var ids = batch.Select(r => r.Id).ToList();
            var answers = (await db.SurveyAnswers.AsNoTracking().Where(a => ids.Contains(a.ResponseId)).ToListAsync(ct)).ToLookup(a => a.ResponseId);
            foreach (var response in batch)
            {
                var cells = new List<string> { SurveyInvitations.Iso(response.SubmittedAt) };
                foreach (var question in questions)
                {
                    var mine = answers[response.Id].Where(a => a.QuestionId == question.Id).ToList();
                    cells.Add(question.Kind switch
                    {
                        SurveyQuestionKind.Rating => mine.FirstOrDefault()?.Rating?.ToString(CultureInfo.InvariantCulture) ?? "",
                        SurveyQuestionKind.FreeText => mine.FirstOrDefault()?.SealedText is { } sealedText ? protector.Open(sealedText, mine[0].Id, AnswerSurvey.TextColumn) : "",
                        _ => string.Join("; ", mine.Where(a => a.ChoiceIndex is { } i && i < question.ChoiceList.Count).OrderBy(a => a.ChoiceIndex)
                            .Select(a => question.ChoiceList[a.ChoiceIndex!.Value])),
                    });
                }
                await writer.WriteAsync(Row(cells));
            }
            afterAt = batch[^1].SubmittedAt;
            afterId = batch[^1].Id;
        }
        await writer.FlushAsync(ct);
    }

    public static string Row(IEnumerable<string> cells) => string.Join(',', (cells ?? []).Select(Cell)) + "\r\n";

    public static string Cell(string value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
