namespace CareSlot.Web.Features.Help;

/// <summary>The words of the help page, the FAQ and its administration; HelpText.resx holds them, a file per language beside it.</summary>
public sealed class HelpText;
