namespace CareSlot.Web.Features.Messaging;

/// <summary>The words of the messaging pages and refusals; MessagingText.resx holds them, a file per language beside it.</summary>
public sealed class MessagingText;
