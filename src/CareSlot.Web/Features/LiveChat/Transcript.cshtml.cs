using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.HelpDesk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>One of a signed-in person's own chats, every line; anyone else's answers 404.</summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class TranscriptModel(ChatTranscripts transcripts, IOptions<HelpDeskOptions> options) : PageModel
{
    public Transcript Transcript { get; private set; } = null!;

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (ChatCustomer.AccountOf(User) is not { } account || await transcripts.MineAsync(account, id, ct) is not { } transcript) return NotFound();
        Transcript = transcript;
        return Page();
    }
}
