namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>Hands an e-mail to whatever delivers it (an SMTP server, or the development mailbox).</summary>
/// <remarks>Returns once the message was accepted; throws <see cref="DeliveryException"/> otherwise.</remarks>
public interface IEmailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>Hands a text message to whatever delivers it (an SMS gateway, or the development mailbox).</summary>
/// <remarks>Returns once the message was accepted; throws <see cref="DeliveryException"/> otherwise.</remarks>
public interface ISmsTransport
{
    Task SendAsync(SmsMessage message, CancellationToken ct);
}
