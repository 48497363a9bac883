using CareSlot.Web.Features.Messaging;
using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.HelpDesk;

/// <param name="Kind">reply (the requester reads it and gets it by e-mail) or internal-note (agents only).</param>
/// <param name="Status">After a reply, optionally: open, waiting-for-requester (the default), solved or closed.</param>
public sealed record AnswerTicketRequest(string? Kind, [property: DataType(DataType.MultilineText)] string? Message, string? Status = null);

/// <summary>
/// An agent answers a request, or leaves a note for other agents. An answer goes to the requester by e-mail with its words
/// and the request's reference in the subject, stops the SLA clock of the first answer, and by default waits for them.
/// </summary>
public sealed class AnswerTicket(TicketDesk desk)
{
    public async Task<Outcome<TicketPost>> HandleAsync(long ticketId, TicketReader reader, AnswerTicketRequest request, CancellationToken ct,
        AttachmentUpload? file = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(request);
        var text = desk.Text;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ApiNames.TryParse<TicketPostKind>(request.Kind, out var kind) || kind == TicketPostKind.Requester)
        {
            errors["kind"] = [text["Choose reply or internal-note."]];
        }
        TicketStatus? status = null;
        if (!string.IsNullOrWhiteSpace(request.Status))
        {
            if (ApiNames.TryParse<TicketStatus>(request.Status, out var chosen) && chosen != TicketStatus.New) status = chosen;
            else errors["status"] = [text["Choose open, waiting-for-requester, solved or closed."]];
        }
        desk.CheckText(request, "message", request.Message, TicketPost.BodyMaxLength, text["Write the answer or the note."], errors);
        desk.CheckFile(file, errors);
        if (!reader.IsAgent || await desk.FindAsync(ticketId, reader, ct) is not { } ticket) return desk.NotFound();
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (ticket.IsClosed) return desk.Closed();

        var subject = kind == TicketPostKind.Reply ? await desk.SubjectAsync(ticket.Id, ct) : null;
        TicketPost post = null!;
        await desk.InTransactionAsync(() =>
        {
            var visitorKey = kind == TicketPostKind.Reply && ticket.RequesterId is null ? TicketDesk.NewVisitorKey() : null;
            post = desk.AddPost(ticket, kind, reader.AccountId, request.Message!, visitorKey: visitorKey);
            desk.AddFile(post, file);
            if (kind == TicketPostKind.InternalNote)
            {
                ticket.Touched(desk.Now);
                if (status is { } noteStatus) ticket.ChangeStatus(noteStatus, desk.Now);
                return Task.CompletedTask;
            }
            ticket.AgentReplied(desk.Now, status);
            desk.Notices.QueueAnswered(ticket.RequesterEmail, ticket.Language, ticket.RequesterName, ticket.Id, TicketNames.Reference(ticket.Id), subject!,
                TicketDesk.Clean(request.Message), post.Id, desk.RequesterLink(ticket, visitorKey), desk.Now);
            return Task.CompletedTask;
        }, ct, TicketDesk.Audit(ticket, kind == TicketPostKind.Reply ? AuditActions.TicketAnswered : AuditActions.TicketNoted));
        return new Outcome<TicketPost>(post, null);
    }
}
