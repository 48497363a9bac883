namespace CareSlot.Web.Features.Consents;

/// <summary>The words of the privacy pages and refusals; ConsentsText.resx holds them, a file per language beside it.</summary>
public sealed class ConsentsText;
