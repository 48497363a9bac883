namespace CareSlot.Web.Features;

/// <summary>The words of the layout and of what every feature shows alike; SharedText.resx holds them, a file per language beside it.</summary>
public sealed class SharedText;
