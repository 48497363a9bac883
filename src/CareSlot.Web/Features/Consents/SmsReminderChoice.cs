using CareSlot.Web.Features.Accounts;

namespace CareSlot.Web.Features.Consents;

/// <summary>The profile's "remind me by SMS" box, kept as consent records: the records are the one truth the outbox reads.</summary>
public sealed class SmsReminderChoice(ConsentLedger ledger) : ISmsReminderChoice
{
    public Task<bool> IsOnAsync(Guid accountId, CancellationToken ct) => ledger.IsGivenAsync(accountId, ConsentPurpose.SmsReminders, ct);

    public Task SetAsync(Guid accountId, bool given, CancellationToken ct) =>
        ledger.ChangeAsync(accountId, ConsentPurpose.SmsReminders, given, ConsentSource.ProfilePage, ct);
}
