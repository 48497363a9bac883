namespace CareSlot.Web.Features.LiveChat;

/// <summary>The words of the live chat's widget, pages and refusals; LiveChatText.resx holds them, a file per language beside it.</summary>
public sealed class LiveChatText;
