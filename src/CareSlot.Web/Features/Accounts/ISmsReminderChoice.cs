namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Reminders by SMS are a consent purpose whose records Features/Consents keeps (and implements this): the profile reads
/// and sets the choice through it, so the records stay the one truth and Accounts needs no arrow to Consents.
/// </summary>
public interface ISmsReminderChoice
{
    Task<bool> IsOnAsync(Guid accountId, CancellationToken ct);

    /// <summary>Records the choice if it differs from the current one (audited there).</summary>
    Task SetAsync(Guid accountId, bool given, CancellationToken ct);
}
