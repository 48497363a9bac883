namespace CareSlot.Web.Features.Surveys;

/// <summary>The words of the survey pages and refusals; SurveysText.resx holds them, a file per language beside it.</summary>
public sealed class SurveysText;
