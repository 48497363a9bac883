using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.HelpDesk;

/// <param name="VisitorKey">A visitor's key to the request (sent as <c>?key=</c>); null for a signed-in requester.</param>
public sealed record OpenedTicketView(TicketView Ticket, string? VisitorKey);

/// <summary>
/// The help desk: anyone opens a request; its requester (signed in, or a visitor with <c>?key=</c>) reads and answers it;
/// support agents and administrators with a second factor work the queue. Anyone else's request answers 404.
/// </summary>
public static class HelpDeskApi
{
    public static IEndpointRouteBuilder MapHelpDeskApi(this IEndpointRouteBuilder routes)
    {
        var tickets = routes.MapGroup("/api/v1/tickets").WithTags("Help desk").RequireAuthorization(AccountPolicies.Anyone);
        tickets.MapPost("/", OpenAsync).RequireRateLimiting(RateLimitingExtensions.Accounts)
            .WithSummary("Ask for help (category, subject, message; a visitor adds email and name, and gets a key to the request). 201.");
        tickets.MapGet("/", MineAsync).RequireAuthorization(AccountPolicies.SignedIn).WithSummary("The caller's own requests, most recently changed first.");
        tickets.MapGet("/{id:long}", GetAsync).WithSummary("One of the caller's requests (a visitor: ?key=), without the agents' notes.");
        tickets.MapPost("/{id:long}/replies", ReplyAsync).WithSummary("The requester adds to their request (message). 409 once closed.");
        tickets.MapPost("/{id:long}/replies/with-file", ReplyWithFileAsync).WithUpload()
            .WithSummary("The requester adds to their request with one file (multipart/form-data: message, file). PDF, JPEG or PNG by content, at most 10 MB.");
        tickets.MapGet("/{id:long}/files/{fileId:guid}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (long id, Guid fileId,
                [FromQuery] string? key, TicketDesk desk, HttpContext http, CancellationToken ct) =>
            Download(await desk.FileAsync(id, fileId, TicketReader.From(http.User, key) with { IsAgent = false }, ct), desk, http))
            .WithSummary("A file of one of the caller's requests (a visitor: ?key=), as a download; agents' notes' files are not theirs.");

        var queue = routes.MapGroup("/api/v1/support/tickets").WithTags("Help desk").RequireAuthorization(AccountPolicies.SupportAgent);
        queue.MapGet("/", QueueAsync).WithSummary("The queue: status=active|all|new|open|waiting-for-requester|solved|closed, assigned=anyone|mine|unassigned.");
        queue.MapGet("/{id:long}", WorkAsync).WithSummary("One request with everything said in it, the agents' notes included.");
        queue.MapPost("/{id:long}/answers", AnswerAsync)
            .WithSummary("Answer the requester (kind reply: e-mailed to them) or leave a note (kind internal-note); optionally the status afterwards.");
        queue.MapPost("/{id:long}/answers/with-file", AnswerWithFileAsync).WithUpload()
            .WithSummary("An answer or note with one file (multipart/form-data: kind, message, status, file). PDF, JPEG or PNG by content, at most 10 MB.");
        queue.MapPatch("/{id:long}", UpdateAsync).WithSummary("Assign (an agent's id, me or none), and set the status and priority.");
        queue.MapGet("/{id:long}/files/{fileId:guid}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (long id, Guid fileId, TicketDesk desk,
                HttpContext http, CancellationToken ct) =>
            Download(await desk.FileAsync(id, fileId, TicketReader.From(http.User, null), ct), desk, http))
            .WithSummary("A file of a request, its notes' included, as a download. Audited.");

        var answers = routes.MapGroup("/api/v1/support/answers").WithTags("Help desk").RequireAuthorization(AccountPolicies.SupportAgent);
        answers.MapGet("/", async (CannedAnswers saved, CancellationToken ct) => TypedResults.Ok(await saved.ListAsync(ct)))
            .WithSummary("The agents' saved answers, by title.");
        answers.MapPost("/", SaveAnswerAsync).WithSummary("Save a new answer (title, body). 409 when the title is in use.");
        answers.MapPut("/{id:guid}", SaveAnswerAsync).WithSummary("Change a saved answer (title, body).");
        answers.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, CannedAnswers saved, CancellationToken ct) =>
            await saved.DeleteAsync(id, ct) is { } problem ? problem.ToResult() : TypedResults.NoContent()).WithSummary("Delete a saved answer.");
        return routes.MapSupportAccountsApi();
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Download(AttachmentFile? file, TicketDesk desk, HttpContext http)
    {
        if (file is null) return desk.NotFound().ToResult();
        MessagingApi.AttachmentHeaders(http.Response);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<Ok<CannedAnswerView>, ProblemHttpResult>> SaveAnswerAsync(Guid? id, CannedAnswerRequest request, CannedAnswers saved,
        CancellationToken ct)
    {
        var outcome = await saved.SaveAsync(id, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Created<OpenedTicketView>, ProblemHttpResult>> OpenAsync(OpenTicketRequest request, OpenTicket open,
        TicketQueries queries, HttpContext http, CancellationToken ct)
    {
        var outcome = await open.HandleAsync(http.User, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var (ticket, key) = outcome.Value!;
        var view = (await queries.OneAsync(ticket.Id, TicketReader.From(http.User, key) with { IsAgent = false }, ct))!;
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", new OpenedTicketView(view, key));
    }

    private static async Task<Results<Ok<IReadOnlyList<TicketSummary>>, ForbidHttpResult>> MineAsync(TicketQueries queries, HttpContext http, CancellationToken ct) =>
        Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)
            ? TypedResults.Ok(await queries.MineAsync(accountId, ct))
            : TypedResults.Forbid();

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> GetAsync(long id, [FromQuery] string? key, TicketQueries queries, TicketDesk desk,
        HttpContext http, CancellationToken ct) =>
        await queries.OneAsync(id, TicketReader.From(http.User, key) with { IsAgent = false }, ct) is { } view
            ? TypedResults.Ok(view)
            : desk.NotFound().ToResult();

    private static async Task<Results<Created<TicketView>, ProblemHttpResult>> ReplyAsync(long id, [FromQuery] string? key, TicketReplyRequest request,
        ReplyToTicket reply, TicketQueries queries, HttpContext http, CancellationToken ct)
    {
        var reader = TicketReader.From(http.User, key) with { IsAgent = false };
        var outcome = await reply.HandleAsync(id, reader, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/tickets/{id}", (await queries.OneAsync(id, reader, ct))!);
    }

    /// <summary>An upload's limits: the size messaging allows, the form read by the handler after authorization (see <see cref="MessagingApi.ReadUploadAsync"/>).</summary>
    private static RouteHandlerBuilder WithUpload(this RouteHandlerBuilder endpoint) => endpoint
        .DisableAntiforgery() // checked in the handler for cookie sessions; a bearer token cannot be sent by another site
        .WithMetadata(new RequestSizeLimitAttribute(MessagingApi.MaxUploadRequestBytes))
        .WithFormOptions(multipartBodyLengthLimit: MessagingApi.MaxUploadRequestBytes);

    private static async Task<Results<Created<TicketView>, ProblemHttpResult>> ReplyWithFileAsync(long id, [FromQuery] string? key, ReplyToTicket reply,
        TicketQueries queries, IAntiforgery antiforgery, IStringLocalizer<MessagingText> fileText, IStringLocalizer<HelpDeskText> text, HttpContext http,
        CancellationToken ct)
    {
        var read = await MessagingApi.ReadUploadAsync(http, antiforgery, fileText, "file",
            text["Send the reply and its file as multipart/form-data, with the fields message and file."], ct);
        if (read.Problem is { } refused) return refused.ToResult();
        var (form, upload) = read.Value;
        var reader = TicketReader.From(http.User, key) with { IsAgent = false };
        var outcome = await reply.HandleAsync(id, reader, new TicketReplyRequest(form.Text("message")), ct, upload);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/tickets/{id}", (await queries.OneAsync(id, reader, ct))!);
    }

    private static async Task<Results<Created<TicketView>, ProblemHttpResult>> AnswerWithFileAsync(long id, AnswerTicket answer, TicketQueries queries,
        IAntiforgery antiforgery, IStringLocalizer<MessagingText> fileText, IStringLocalizer<HelpDeskText> text, HttpContext http, CancellationToken ct)
    {
        var read = await MessagingApi.ReadUploadAsync(http, antiforgery, fileText, "file",
            text["Send the answer and its file as multipart/form-data, with the fields kind, message, status and file."], ct);
        if (read.Problem is { } refused) return refused.ToResult();
        var (form, upload) = read.Value;
        var reader = TicketReader.From(http.User, null);
        var outcome = await answer.HandleAsync(id, reader, new AnswerTicketRequest(form.Text("kind"), form.Text("message"), form.Text("status")), ct, upload);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/support/tickets/{id}", (await queries.OneAsync(id, reader, ct))!);
    }

    private static async Task<Results<Ok<IReadOnlyList<QueueRow>>, ProblemHttpResult>> QueueAsync([FromQuery] string? status, [FromQuery] string? assigned,
        TicketQueries queries, HttpContext http, CancellationToken ct)
    {
        var outcome = await queries.QueueAsync(TicketReader.From(http.User, null), new QueueFilter(status, assigned), ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> WorkAsync(long id, TicketQueries queries, TicketDesk desk, HttpContext http,
        CancellationToken ct) =>
        await queries.OneAsync(id, TicketReader.From(http.User, null), ct) is { } view ? TypedResults.Ok(view) : desk.NotFound().ToResult();

    private static async Task<Results<Created<TicketView>, ProblemHttpResult>> AnswerAsync(long id, AnswerTicketRequest request, AnswerTicket answer,
        TicketQueries queries, HttpContext http, CancellationToken ct)
    {
        var reader = TicketReader.From(http.User, null);
        var outcome = await answer.HandleAsync(id, reader, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/support/tickets/{id}", (await queries.OneAsync(id, reader, ct))!);
    }

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> UpdateAsync(long id, UpdateTicketRequest request, UpdateTicket update,
        TicketQueries queries, HttpContext http, CancellationToken ct)
    {
        var reader = TicketReader.From(http.User, null);
        var outcome = await update.HandleAsync(id, reader, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok((await queries.OneAsync(id, reader, ct))!);
    }
}
