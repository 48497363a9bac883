using CareSlot.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <remarks>Times are ISO 8601 with the offset of the support team's zone (<see cref="HelpDeskOptions.TimeZone"/>), as every view writes them.</remarks>
public sealed record TicketSummary(long Id, string Reference, string Subject, string Category, string Status, string Priority, string CreatedAt,
    string UpdatedAt);

/// <param name="FirstReplyOverdue">No agent has answered and the SLA's due time has passed.</param>
public sealed record QueueRow(long Id, string Reference, string Subject, string Category, string Status, string Priority, string RequesterName,
    bool Visitor, string? AssigneeName, string UpdatedAt, string FirstReplyDueAt, string? FirstRepliedAt, bool FirstReplyOverdue);

/// <param name="Author">Who wrote it, as the reader may see it: the requester's name, or "Support" for an agent when the requester reads.</param>
public sealed record TicketFileView(Guid Id, string FileName, string ContentType, long Size);

/// <summary>A request's posts as a page shows them, with where each file is downloaded from (the requester's page or the agents').</summary>
public sealed record TicketPostsView(TicketView View, NodaTime.DateTimeZone Zone, Func<Guid, string> FileUrl);

public sealed record TicketPostView(Guid Id, string Kind, string Author, string At, string Message, IReadOnlyList<TicketFileView> Files);

public sealed record TicketView(long Id, string Reference, string Subject, string Category, string Status, string Priority, string RequesterName,
    string RequesterEmail, bool Visitor, Guid? AppointmentId, Guid? AssigneeId, string? AssigneeName, string CreatedAt, string FirstReplyDueAt,
    string? FirstRepliedAt, bool FirstReplyOverdue, IReadOnlyList<TicketPostView> Posts);

public sealed record AgentChoice(Guid Id, string Name);

/// <summary>
/// The queue's filters: a status ("active" — everything not solved or closed — by default, or "all"), and whose:
/// "mine", "unassigned" or anyone's.
/// </summary>
public sealed record QueueFilter(string? Status = null, string? Assigned = null);

/// <summary>What the help desk's pages and API read; subjects and posts are opened here, for the reader allowed to see them.</summary>
public sealed class TicketQueries(TicketDesk desk)
{
    public const int QueuePageSize = 100;

    public async Task<IReadOnlyList<TicketSummary>> MineAsync(Guid accountId, CancellationToken ct)
    {
        var tickets = await desk.Db.SupportTickets.AsNoTracking().Where(t => t.RequesterId == accountId)
            .OrderByDescending(t => t.UpdatedAt).Take(QueuePageSize).ToListAsync(ct);
        var subjects = await SubjectsAsync([.. tickets.Select(t => t.Id)], ct);
        return [.. tickets.Select(t => new TicketSummary(t.Id, TicketNames.Reference(t.Id), subjects.GetValueOrDefault(t.Id, ""),
            ApiNames.Of(t.Category), ApiNames.Of(t.Status), ApiNames.Of(t.Priority), Iso(t.CreatedAt), Iso(t.UpdatedAt)))];
    }

    public async Task<Outcome<IReadOnlyList<QueueRow>>> QueueAsync(TicketReader reader, QueueFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(filter);
        var text = desk.Text;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var tickets = desk.Db.SupportTickets.AsNoTracking();
        var status = filter.Status?.Trim();
        if (string.IsNullOrEmpty(status) || status == "active")
        {
            tickets = tickets.Where(t => t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed);
        }
        else if (ApiNames.TryParse<TicketStatus>(status, out var chosen)) tickets = tickets.Where(t => t.Status == chosen);
        else if (status != "all") errors["status"] = [text["Choose active, all, new, open, waiting-for-requester, solved or closed."]];
        switch (filter.Assigned?.Trim())
        {
            case null or "" or "anyone":
                break;
            case "mine":
                tickets = tickets.Where(t => t.AssigneeId == reader.AccountId);
                break;
            case "unassigned":
                tickets = tickets.Where(t => t.AssigneeId == null);
                break;
            default:
                errors["assigned"] = [text["Choose anyone, mine or unassigned."]];
                break;
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var now = desk.Now;
        // Whatever waits for a first answer comes first, soonest due; the rest by their last change, oldest first.
        var rows = await tickets
            .OrderBy(t => t.FirstRepliedAt == null ? 0 : 1).ThenBy(t => t.FirstRepliedAt == null ? t.FirstReplyDueAt : t.UpdatedAt).ThenBy(t => t.Id)
            .Take(QueuePageSize)
            .Select(t => new
            {
                Ticket = t,
                Assignee = desk.Db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.FullName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var subjects = await SubjectsAsync([.. rows.Select(r => r.Ticket.Id)], ct);
        return new Outcome<IReadOnlyList<QueueRow>>([.. rows.Select(r => new QueueRow(r.Ticket.Id, TicketNames.Reference(r.Ticket.Id),
            subjects.GetValueOrDefault(r.Ticket.Id, ""), ApiNames.Of(r.Ticket.Category), ApiNames.Of(r.Ticket.Status), ApiNames.Of(r.Ticket.Priority),
            r.Ticket.RequesterName, r.Ticket.RequesterId is null, r.Assignee, Iso(r.Ticket.UpdatedAt), Iso(r.Ticket.FirstReplyDueAt), Iso(r.Ticket.FirstRepliedAt),
            IsOverdue(r.Ticket, now)))], null);
    }

    /// <summary>One ticket as <paramref name="reader"/> may see it: a requester never sees internal notes or agents' names.</summary>
    public async Task<TicketView?> OneAsync(long ticketId, TicketReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (await desk.FindAsync(ticketId, reader, ct) is not { } ticket) return null;
        var asAgent = reader.IsAgent && !await desk.IsRequesterAsync(ticket, reader, ct);
        var posts = await desk.Db.TicketPosts.AsNoTracking().Where(p => p.TicketId == ticket.Id)
            .Where(p => asAgent || p.Kind != TicketPostKind.InternalNote)
            .OrderBy(p => p.At).ThenBy(p => p.Id)
            .Select(p => new { Post = p, Author = desk.Db.Users.Where(u => u.Id == p.AuthorId).Select(u => u.FullName).FirstOrDefault() })
            .ToListAsync(ct);
        var assignee = ticket.AssigneeId is { } assigneeId
            ? await desk.Db.Users.Where(u => u.Id == assigneeId).Select(u => u.FullName).FirstOrDefaultAsync(ct)
            : null;
        var opening = posts.FirstOrDefault(p => p.Post.SealedSubject is not null)?.Post;
        var subject = opening is null ? "" : desk.Open(opening, opening.SealedSubject!, TicketDesk.SubjectColumn);
        var support = desk.Text["Support"].Value;
        var files = await desk.FilesOfAsync([.. posts.Select(p => p.Post.Id)], ct);
        if (asAgent) await desk.RecordAsync(TicketDesk.Audit(ticket, AuditActions.TicketRead), ct);
        return new TicketView(ticket.Id, TicketNames.Reference(ticket.Id), subject, ApiNames.Of(ticket.Category), ApiNames.Of(ticket.Status),
            ApiNames.Of(ticket.Priority), ticket.RequesterName, ticket.RequesterEmail, ticket.RequesterId is null, ticket.AppointmentId,
            asAgent ? ticket.AssigneeId : null, asAgent ? assignee : null, Iso(ticket.CreatedAt), Iso(ticket.FirstReplyDueAt), Iso(ticket.FirstRepliedAt),
            IsOverdue(ticket, desk.Now),
            [.. posts.Select(p => new TicketPostView(p.Post.Id, ApiNames.Of(p.Post.Kind),
                p.Post.Kind == TicketPostKind.Requester ? ticket.RequesterName : asAgent ? p.Author ?? support : support,
                Iso(p.Post.At), desk.Open(p.Post, p.Post.SealedBody, TicketDesk.BodyColumn), [.. files[p.Post.Id]]))]);
    }

    /// <summary>Everyone a request can be assigned to: support agents and administrators.</summary>
    public async Task<IReadOnlyList<AgentChoice>> AgentsAsync(CancellationToken ct) =>
        await desk.Db.Users.AsNoTracking()
            .Where(u => desk.Db.UserRoles.Any(ur => ur.UserId == u.Id
                && desk.Db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.Support || r.Name == Roles.Admin))))
            .OrderBy(u => u.FullName).Select(u => new AgentChoice(u.Id, u.FullName)).Take(200).ToListAsync(ct);

    private string Iso(Instant instant) => IsoTime.Format(instant, desk.Options.Zone);

    private string? Iso(Instant? instant) => instant is { } value ? Iso(value) : null;

    private static bool IsOverdue(SupportTicket ticket, Instant now) =>
        ticket.FirstRepliedAt is null && ticket.Status is not (TicketStatus.Solved or TicketStatus.Closed) && now > ticket.FirstReplyDueAt;

    private async Task<Dictionary<long, string>> SubjectsAsync(IReadOnlyList<long> ticketIds, CancellationToken ct)
    {
        var openings = await desk.Db.TicketPosts.AsNoTracking().Where(p => ticketIds.Contains(p.TicketId) && p.SealedSubject != null).ToListAsync(ct);
        return openings.GroupBy(p => p.TicketId).ToDictionary(g => g.Key, g => desk.Open(g.First(), g.First().SealedSubject!, TicketDesk.SubjectColumn));
    }
}
