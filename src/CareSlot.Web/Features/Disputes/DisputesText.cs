namespace CareSlot.Web.Features.Disputes;

/// <summary>The words of the dispute pages and refusals; DisputesText.resx holds them, a file per language beside it.</summary>
public sealed class DisputesText;
