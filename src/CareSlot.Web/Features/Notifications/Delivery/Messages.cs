namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>An e-mail to one recipient. <paramref name="HtmlBody"/> is optional; the text body is always sent.</summary>
/// <param name="To">One address, bare (<c>jane@example.org</c>) or with a name (<c>Jane Doe &lt;jane@example.org&gt;</c>).</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody);

/// <summary>A text message to one phone.</summary>
/// <param name="To">The phone number in E.164 form, for example <c>+4915112345678</c>.</param>
public sealed record SmsMessage(string To, string Body);
