using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Surveys;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>One question row of the survey form; a row left empty is no question.</summary>
public sealed class SurveyQuestionInput
{
    public string? Prompt { get; set; }
    public string? Kind { get; set; } = SurveyNames.Api(SurveyQuestionKind.Rating);
    public bool Required { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Choices { get; set; }

    public static SurveyQuestionInput From(SurveyQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new() { Prompt = question.Prompt, Kind = SurveyNames.Api(question.Kind), Required = question.Required, Choices = question.Choices };
    }
}

/// <summary>The survey form of /admin/surveys/new and /admin/surveys/{id}.</summary>
public sealed class SurveyInput
{
    /// <summary>Empty question rows the form offers below the survey's own, so questions are added without JavaScript.</summary>
    public const int BlankRows = 3;

    public string? Title { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Intro { get; set; }

    public string? Audience { get; set; } = SurveyNames.Api(SurveyAudience.Patients);
    public bool SendAfterVisits { get; set; }
    public List<SurveyQuestionInput> Questions { get; set; } = [];

    public SurveyRequest ToRequest() =>
        new(Title, Intro, Audience, SendAfterVisits, [.. Questions.Select(q => new SurveyQuestionRequest(q.Prompt, q.Kind, q.Required, q.Choices))]);

    public static SurveyInput From(Survey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        return new()
        {
            Title = survey.Title, Intro = survey.Intro, Audience = SurveyNames.Api(survey.Audience), SendAfterVisits = survey.SendAfterVisits,
            Questions = [.. survey.Questions.OrderBy(q => q.Position).Select(SurveyQuestionInput.From)],
        };
    }

    /// <summary>
    /// The form's rows: the questions it has (blank rows sent back stay where they were, so errors keep their row numbers),
    /// then blank ones until there are <see cref="BlankRows"/>.
    /// </summary>
    public void AddBlankRows()
    {
        var blank = Questions.Count(q => string.IsNullOrWhiteSpace(q.Prompt) && string.IsNullOrWhiteSpace(q.Choices));
        for (var i = blank; i < BlankRows && Questions.Count < Survey.MaxQuestions; i++) Questions.Add(new SurveyQuestionInput());
    }

    public IReadOnlyList<string> FieldOrder() =>
        ["Input.Title", "Input.Intro", "Input.Audience", "Input.SendAfterVisits", "Input.Questions",
            .. Questions.SelectMany((_, i) => new[] { $"Input.Questions[{i}].Prompt", $"Input.Questions[{i}].Kind", $"Input.Questions[{i}].Choices" })];
}
