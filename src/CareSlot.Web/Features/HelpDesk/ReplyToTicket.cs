using CareSlot.Web.Features.Messaging;
using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.HelpDesk;

public sealed record TicketReplyRequest([property: DataType(DataType.MultilineText)] string? Message);

/// <summary>The requester adds to their request; a request waiting for them, or solved, is open again. Anyone else: 404.</summary>
public sealed class ReplyToTicket(TicketDesk desk)
{
    public async Task<Outcome<TicketPost>> HandleAsync(long ticketId, TicketReader reader, TicketReplyRequest request, CancellationToken ct,
        AttachmentUpload? file = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        desk.CheckText(request, "message", request.Message, TicketPost.BodyMaxLength, desk.Text["Write your reply."], errors);
        desk.CheckFile(file, errors);
        var ticket = await desk.FindAsync(ticketId, reader, ct);
        if (ticket is null || !await desk.IsRequesterAsync(ticket, reader, ct)) return desk.NotFound();
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (ticket.IsClosed) return desk.Closed();

        TicketPost post = null!;
        await desk.InTransactionAsync(() =>
        {
            post = desk.AddPost(ticket, TicketPostKind.Requester, reader.AccountId, request.Message!);
            desk.AddFile(post, file);
            ticket.RequesterWrote(desk.Now);
            return Task.CompletedTask;
        }, ct);
        return new Outcome<TicketPost>(post, null);
    }
}
