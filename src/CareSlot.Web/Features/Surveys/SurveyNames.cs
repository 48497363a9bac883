namespace CareSlot.Web.Features.Surveys;

/// <summary>The API's and forms' names of audiences, kinds and states (kebab-case), and their words on pages.</summary>
public static class SurveyNames
{
    public static readonly IReadOnlyList<SurveyQuestionKind> Kinds = Enum.GetValues<SurveyQuestionKind>();

    public static string Api(SurveyAudience audience) => audience == SurveyAudience.Doctors ? "doctors" : "patients";

    public static string Api(SurveyState state) => state.ToString().ToLowerInvariant();

    public static string Api(SurveyQuestionKind kind) => kind switch
    {
        SurveyQuestionKind.Rating => "rating",
        SurveyQuestionKind.SingleChoice => "single-choice",
        SurveyQuestionKind.MultipleChoice => "multiple-choice",
        _ => "free-text",
    };

    public static bool TryParseAudience(string? value, out SurveyAudience audience)
    {
        audience = value?.Trim().ToLowerInvariant() switch
        {
            "patients" => SurveyAudience.Patients,
            "doctors" => SurveyAudience.Doctors,
            _ => (SurveyAudience)(-1),
        };
        return Enum.IsDefined(audience);
    }

    public static bool TryParseKind(string? value, out SurveyQuestionKind kind)
    {
        var found = Kinds.Where(k => Api(k) == value?.Trim().ToLowerInvariant()).ToList();
        kind = found.Count == 1 ? found[0] : default;
        return found.Count == 1;
    }

    public static string Display(SurveyQuestionKind kind, Microsoft.Extensions.Localization.IStringLocalizer<SurveysText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return kind switch
        {
            SurveyQuestionKind.Rating => text["Rating from 1 to 5"],
            SurveyQuestionKind.SingleChoice => text["Single choice"],
            SurveyQuestionKind.MultipleChoice => text["Multiple choice"],
            _ => text["Free text"],
        };
    }

    public static string Display(SurveyState state, Microsoft.Extensions.Localization.IStringLocalizer<SurveysText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return state switch
        {
            SurveyState.Draft => text["Draft"],
            SurveyState.Open => text["Open"],
            _ => text["Closed"],
        };
    }

    public static string Display(SurveyAudience audience, Microsoft.Extensions.Localization.IStringLocalizer<SurveysText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return audience == SurveyAudience.Doctors ? text["Doctors"] : text["Patients"];
    }
}
