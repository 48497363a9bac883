namespace CareSlot.Web.Features.Notifications;

/// <summary>
/// The words of the development mailbox page; NotificationsText.resx holds them, a file per language beside it. The
/// messages themselves are written per language in Messages/ (MessageTexts), in the recipient's language.
/// </summary>
public sealed class NotificationsText;
