using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.HelpDesk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>Any kept chat, for the support team (the reading is audited).</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class AgentTranscriptModel(ChatTranscripts transcripts, IOptions<HelpDeskOptions> options) : PageModel
{
    public Transcript Transcript { get; private set; } = null!;

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await transcripts.ForAgentAsync(id, ct) is not { } transcript) return NotFound();
        Transcript = transcript;
        return Page();
    }
}
