using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.HelpDesk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>A signed-in person's chats with support, newest first: their transcripts are kept with their account.</summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class MineModel(ChatTranscripts transcripts, IOptions<HelpDeskOptions> options) : PageModel
{
    public IReadOnlyList<ChatSummary> Chats { get; private set; } = [];

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ChatCustomer.AccountOf(User) is not { } account) return NotFound();
        Chats = await transcripts.MineAsync(account, ct);
        return Page();
    }
}
