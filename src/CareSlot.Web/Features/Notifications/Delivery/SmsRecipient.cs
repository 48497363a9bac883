using System.Text.RegularExpressions;

namespace CareSlot.Web.Features.Notifications.Delivery;

internal static partial class SmsRecipient
{
    /// <exception cref="DeliveryException">The number is not E.164 (permanent).</exception>
    public static void EnsureE164(SmsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!E164().IsMatch(message.To))
        {
            throw new DeliveryException("The text message was not sent: the recipient is not an E.164 phone number (+ and 8 to 15 digits).", isTransient: false);
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
