namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>An e-mail to one recipient. <paramref name="HtmlBody"/> is optional; the text body is always sent.</summary>
/// <param name="To">One address, bare (<c>jane@example.org</c>) or with a name (<c>Jane Doe &lt;jane@example.org&gt;</c>).</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody)
{
    /// <summary>
    /// The Message-Id without angle brackets (<c>left@right</c>). Set it to the same value on every attempt at one
    /// message, so a copy sent again after a crash is recognised as a duplicate; when null each send gets a new one.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>A calendar invitation that mail clients offer to add to (or remove from) the recipient's calendar.</summary>
    public CalendarPart? Calendar { get; init; }
}

/// <summary>An iCalendar object sent by e-mail as iMIP (RFC 6047).</summary>
/// <param name="Method">The object's METHOD (<c>REQUEST</c>, <c>CANCEL</c>), which iMIP repeats on the MIME part.</param>
/// <param name="Content">The whole <c>VCALENDAR</c>, as text.</param>
public sealed record CalendarPart(string Method, string Content);

/// <summary>A text message to one phone.</summary>
/// <param name="To">The phone number in E.164 form, for example <c>+4915112345678</c>.</param>
public sealed record SmsMessage(string To, string Body);
