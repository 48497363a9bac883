using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.HelpDesk;

/// <param name="Assignee">An agent's account id, "me", or "none"; left out, the assignment stays.</param>
/// <param name="Status">new, open, waiting-for-requester, solved or closed; left out, it stays.</param>
/// <param name="Priority">low, normal, high or urgent; left out, it stays. Before the first answer it moves the SLA's due time.</param>
public sealed record UpdateTicketRequest(string? Assignee = null, string? Status = null, string? Priority = null);

/// <summary>An agent assigns a request (to themselves, another agent or nobody), and sets its status and priority.</summary>
public sealed class UpdateTicket(TicketDesk desk)
{
    public async Task<Outcome<SupportTicket>> HandleAsync(long ticketId, TicketReader reader, UpdateTicketRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(request);
        var text = desk.Text;
        if (!reader.IsAgent || await desk.FindAsync(ticketId, reader, ct) is not { } ticket) return desk.NotFound();

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Guid? assignee = ticket.AssigneeId;
        var assigneeText = request.Assignee?.Trim();
        if (assigneeText is "me") assignee = reader.AccountId;
        else if (assigneeText is "none") assignee = null;
        else if (!string.IsNullOrEmpty(assigneeText))
        {
            if (Guid.TryParse(assigneeText, out var chosen) && await IsAgentAccountAsync(chosen, ct)) assignee = chosen;
            else errors["assignee"] = [text["Choose an agent, yourself (me) or nobody (none)."]];
        }
        TicketStatus? status = null;
        if (!string.IsNullOrWhiteSpace(request.Status))
        {
            if (ApiNames.TryParse<TicketStatus>(request.Status, out var chosen)) status = chosen;
            else errors["status"] = [text["Choose new, open, waiting-for-requester, solved or closed."]];
        }
        var priority = ticket.Priority;
        if (!string.IsNullOrWhiteSpace(request.Priority) && !ApiNames.TryParse(request.Priority, out priority))
        {
            errors["priority"] = [text["Choose low, normal, high or urgent."]];
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var now = desk.Now;
        var statusBefore = ticket.Status;
        if (assignee != ticket.AssigneeId) ticket.Assign(assignee, now);
        if (priority != ticket.Priority) ticket.ChangePriority(priority, ticket.CreatedAt + desk.Options.FirstReplyTarget(priority), now);
        // A status the agent changed wins over the one an assignment implies (new → open); the form sends the old one unchanged.
        if (status is { } newStatus && newStatus != statusBefore) ticket.ChangeStatus(newStatus, now);
        await desk.InTransactionAsync(() => Task.CompletedTask, ct, TicketDesk.Audit(ticket, AuditActions.TicketUpdated));
        return new Outcome<SupportTicket>(ticket, null);
    }

    /// <summary>Support agents and administrators can be assigned requests.</summary>
    private Task<bool> IsAgentAccountAsync(Guid accountId, CancellationToken ct) =>
        desk.Db.UserRoles.AnyAsync(ur => ur.UserId == accountId
            && desk.Db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.Support || r.Name == Roles.Admin)), ct);
}
