namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The words of the help desk's pages and refusals; HelpDeskText.resx holds them, a file per language beside it.</summary>
public sealed class HelpDeskText;
