using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.HelpDesk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>
/// The agents' console: go available or away (plain forms, without JavaScript too), the chats the agent holds, the
/// queue's length and the recent transcripts. The live part (lines, typing, read, replying) is wwwroot/js/chat-console.js.
/// </summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class ConsoleModel(ChatDesk desk, ChatTranscripts transcripts, IOptions<HelpDeskOptions> options) : PageModel
{
    public AgentView View { get; private set; } = null!;

    public IReadOnlyList<ChatSummary> Recent { get; private set; } = [];

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    private Guid AgentId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await desk.AgentViewAsync(AgentId, ct);
        Recent = await transcripts.RecentAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAvailableAsync(CancellationToken ct)
    {
        await desk.SetAvailabilityAsync(AgentId, available: true, ct);
        return LocalRedirect("/support/chat");
    }

    public async Task<IActionResult> OnPostAwayAsync(CancellationToken ct)
    {
        await desk.SetAvailabilityAsync(AgentId, available: false, ct);
        return LocalRedirect("/support/chat");
    }
}
