using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Messaging;

/// <summary>The navigation's unread count: light enough for every page a signed-in patient or doctor opens.</summary>
public sealed class UnreadMessages(CareSlotDb db)
{
    /// <summary>
    /// Messages from the other side the signed-in patient or doctor has not opened yet: one COUNT, for the navigation.
    /// Zero for everyone else (and for a doctor without a second factor, who cannot read them).
    /// </summary>
    public Task<int> CountAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var me) || user.IsInRole(Roles.Admin)) return Task.FromResult(0);
        if (user.IsInRole(Roles.Doctor))
        {
            if (!user.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor)) return Task.FromResult(0);
            return db.Messages.CountAsync(m => m.SenderRole == SenderRole.Patient && m.ReadAt == null
                && db.Conversations.Any(c => c.Id == m.ConversationId && db.Doctors.Any(d => d.Id == c.DoctorId && d.AccountId == me)), ct);
        }
        if (!user.IsInRole(Roles.Patient)) return Task.FromResult(0);
        return db.Messages.CountAsync(m => m.SenderRole == SenderRole.Doctor && m.ReadAt == null
            && db.Conversations.Any(c => c.Id == m.ConversationId && c.PatientId == me), ct);
    }
}
