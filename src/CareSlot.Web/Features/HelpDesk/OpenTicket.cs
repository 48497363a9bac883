using CareSlot.Web.Features.Messaging;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.HelpDesk;

/// <param name="Category">booking, account, technical, billing, other or feedback.</param>
/// <param name="Email">A visitor's address (signed-in requesters are answered at their account's).</param>
/// <param name="Name">A visitor's name.</param>
/// <param name="AppointmentId">Optionally, one of the signed-in requester's appointments the request is about.</param>
public sealed record OpenTicketRequest(string? Category, string? Subject, [property: DataType(DataType.MultilineText)] string? Message,
    string? Email = null, string? Name = null, Guid? AppointmentId = null);

/// <param name="VisitorKey">A visitor's key to the ticket's page, also sent to them by e-mail; null for a signed-in requester.</param>
public sealed record OpenedTicket(SupportTicket Ticket, string? VisitorKey);

/// <summary>
/// Anyone asks for help: a signed-in account (answered at its address, in its language), or a visitor with an e-mail
/// address and a name, who gets a key to the request's page by e-mail. The request, its first post and the e-mail
/// confirming it are one save.
/// </summary>
public sealed class OpenTicket(TicketDesk desk)
{
    public const int NameMaxLength = 200;

    /// <param name="file">One optional file, checked by its content.</param>
    public async Task<Outcome<OpenedTicket>> HandleAsync(ClaimsPrincipal user, OpenTicketRequest request, CancellationToken ct, AttachmentUpload? file = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var text = desk.Text;
        var reader = TicketReader.From(user, visitorKey: null);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ApiNames.TryParse<TicketCategory>(request.Category, out var category))
        {
            errors["category"] = [text["Choose what your request is about: booking, account, technical, billing, other or feedback."]];
        }
        desk.CheckText(request, "subject", request.Subject, TicketPost.SubjectMaxLength, text["Give your request a short subject."], errors);
        desk.CheckText(request, "message", request.Message, TicketPost.BodyMaxLength, text["Say what happened and what you need."], errors);
        desk.CheckFile(file, errors);

        string email, name, language;
        if (reader.AccountId is { } accountId)
        {
            var account = await desk.Db.Users.AsNoTracking().Where(u => u.Id == accountId)
                .Select(u => new { u.Email, u.FullName, u.PreferredLanguage }).FirstOrDefaultAsync(ct);
            if (account?.Email is null) return desk.NotFound();
            (email, name, language) = (account.Email, account.FullName, account.PreferredLanguage ?? TicketDesk.LanguageNow());
            if (request.AppointmentId is { } appointmentId && !await IsOwnAppointmentAsync(user, appointmentId, ct))
            {
                errors["appointmentId"] = [text["Choose one of your own appointments, or none."]];
            }
        }
        else
        {
            email = (request.Email ?? "").Trim();
            name = (request.Name ?? "").Trim();
            language = TicketDesk.LanguageNow();
            if (!errors.ContainsKey("email") && (email.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(email) || email.Contains(' ', StringComparison.Ordinal)))
            {
                errors["email"] = [text["Enter the e-mail address we should answer, such as name@example.org."]];
            }
            if (!errors.ContainsKey("name") && (name.Length is 0 or > NameMaxLength))
            {
                errors["name"] = [text["Enter your name (at most {0} characters).", NameMaxLength]];
            }
            if (request.AppointmentId is not null) errors["appointmentId"] = [text["Sign in to ask about one of your appointments."]];
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var opened = await desk.CreateAsync(reader.AccountId, email, name, language, category, reader.AccountId is null ? null : request.AppointmentId,
            request.Subject!, request.Message!, ct, files: file is null ? null : [file]);
        return new Outcome<OpenedTicket>(opened, null);
    }

    private async Task<bool> IsOwnAppointmentAsync(ClaimsPrincipal user, Guid appointmentId, CancellationToken ct) =>
        await Viewer.FromAsync(user, desk.Db, ct) is { } viewer
        && await viewer.Visible(desk.Db.Appointments).AnyAsync(a => a.Id == appointmentId, ct)
        && viewer.Actor != Scheduling.Actor.Admin;
}
