using CareSlot.Web.Features.Messaging;

namespace CareSlot.Web.Features.Disputes;

/// <summary>Times and file sizes on dispute pages, written as messaging writes them (the admin pages may not use Messaging).</summary>
public static class DisputeDisplay
{
    public static string Moment(string iso, string zoneId) => MessagingTime.Moment(iso, zoneId);

    public static string Size(long bytes) => AttachmentSize.Display(bytes);
}
