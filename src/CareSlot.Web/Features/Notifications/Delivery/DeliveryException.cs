namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// A message was not accepted for delivery. The text names the cause (status code, host) but never the
/// message's content, which may hold a verification code or health information.
/// </summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>
    /// True when sending the same message later may succeed (server down, timeout, 5xx, rate limit);
    /// false when it will fail again the same way (invalid recipient, rejected credentials, 4xx).
    /// </summary>
    public bool IsTransient { get; }
}
