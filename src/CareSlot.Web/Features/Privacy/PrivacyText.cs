namespace CareSlot.Web.Features.Privacy;

/// <summary>The words of the data, export and erasure pages; PrivacyText.resx holds them, a file per language beside it.</summary>
public sealed class PrivacyText;
