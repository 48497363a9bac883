namespace CareSlot.Web.Features.Guides;

/// <summary>The words of the step-by-step guides; GuidesText.resx holds them, a file per language beside it.</summary>
public sealed class GuidesText;
