using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using CareSlot.Web.Platform.Security;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>Asks the help desk for help: signed-in people are answered at their account's address; visitors leave theirs.</summary>
[Authorize(Policy = AccountPolicies.Anyone)]
[EnableRateLimiting(RateLimitingExtensions.Accounts)] // it sends an e-mail to any address a visitor gives
public sealed class NewModel(OpenTicket open, IStringLocalizer<MessagingText> fileText) : PageModel
{
    public sealed class TicketInput
    {
        public string? Category { get; set; }
        public string? Subject { get; set; }
        public string? Message { get; set; }
        public string? Name { get; set; }
        public string? Email { get; set; }
        public Guid? AppointmentId { get; set; }
        public IFormFile? File { get; set; }
    }

    [BindProperty]
    public TicketInput Input { get; set; } = new();

    public bool IsVisitor => User.Identity?.IsAuthenticated != true;

    public void OnGet(string? category, Guid? appointmentId)
    {
        Input.Category = category;
        Input.AppointmentId = appointmentId;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid(StatusCodes.Status400BadRequest);
        var (file, tooLarge) = await AttachmentForm.ReadFileAsync(Input.File, ModelState, "Input.File", fileText, ct);
        if (tooLarge) return Invalid(StatusCodes.Status400BadRequest);
        var outcome = await open.HandleAsync(User, new OpenTicketRequest(Input.Category, Input.Subject, Input.Message,
            IsVisitor ? Input.Email : null, IsVisitor ? Input.Name : null, Input.AppointmentId), ct, file);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddProblem(problem);
            return Invalid(problem.Status);
        }
        var opened = outcome.Value!;
        return LocalRedirect(opened.VisitorKey is { } key
            ? $"/help/tickets/{opened.Ticket.Id}?key={Uri.EscapeDataString(key)}&opened=true"
            : $"/help/tickets/{opened.Ticket.Id}?opened=true");
    }

    private PageResult Invalid(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Name", "Input.Email", "Input.Category", "Input.AppointmentId", "Input.Subject", "Input.Message", "Input.File"];
}
