using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Messaging;

/// <summary>The viewer's conversations, newest first, with what is unread and what is closed.</summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class IndexModel(CareSlotDb db, ConversationQueries queries) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;
    public IReadOnlyList<ConversationSummary> Conversations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        Viewer = viewer;
        Conversations = await queries.ListAsync(User, viewer, ct);
        return Page();
    }

    public bool MayStart => Viewer.Actor is CareSlot.Scheduling.Actor.Patient or CareSlot.Scheduling.Actor.Doctor;
}
