using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Notifications.Outbox;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>How often the dispatcher looks for due messages; 0 turns it off (tests dispatch explicitly).</summary>
    [Range(0, 3_600_000)]
    public int DispatchIntervalMilliseconds { get; set; } = 1_000;

    /// <summary>Messages claimed at once: small, so a crash leaves few claims waiting for their lease to pass.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Messages of one batch sent at the same time: sending mostly waits on the mail server or gateway.</summary>
    [Range(1, 32)]
    public int SendConcurrency { get; set; } = 4;

    /// <summary>How long a claim keeps other instances away; a claim by an instance that died is taken over after it.</summary>
    [Range(1, 3_600)]
    public int ClaimLeaseSeconds { get; set; } = 120;

    /// <summary>Attempts before a message is marked failed for an admin to look at.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with each further one (with jitter) up to the maximum.</summary>
    [Range(1, 86_400)]
    public int RetryBaseDelaySeconds { get; set; } = 30;

    [Range(1, 86_400)]
    public int RetryMaxDelaySeconds { get; set; } = 3_600;
}
