using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web.Idempotency;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Messaging;

public static class MessagingApi
{
    /// <summary>An attachment's limit plus room for the message and the multipart framing; beyond it the server answers 413.</summary>
    public const long MaxUploadRequestBytes = MessageAttachment.MaxBytes + 1024 * 1024;

    public static IEndpointRouteBuilder MapMessagingApi(this IEndpointRouteBuilder routes)
    {
        var conversations = routes.MapGroup("/api/v1/conversations").WithTags("Messaging")
            .RequireAuthorization(AccountPolicies.PatientOrStaffWithSecondFactor);

        conversations.MapGet("/", ListAsync)
            .WithSummary("The viewer's conversations, newest first, with unread counts: a patient's, a doctor's, or an administrator's by open break-glass access.");

        conversations.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One conversation with its messages, oldest first; opening it marks the other side's messages read. Someone else's answers 404.");

        conversations.MapPost("/", StartAsync)
            .WithIdempotencyKey<Conversation>(conversation => conversation.Id.ToString(), ConversationAgainAsync)
            .WithSummary("Start a conversation with a first message: a patient with a doctor who cares for them (doctorId), a doctor with their patient (patientId).");

        conversations.MapPost("/{id:guid}/messages", SendAsync)
            .WithIdempotencyKey<Message>(message => $"{message.ConversationId}/{message.Id}", MessageAgainAsync)
            .WithSummary("Write a message (JSON). 409 when the conversation is closed or the care relationship has ended; someone else's answers 404.");

        conversations.MapPost("/{id:guid}/messages/with-attachment", SendWithAttachmentAsync)
            .DisableAntiforgery() // checked in the handler for cookie sessions; a bearer token cannot be sent by another site
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxUploadRequestBytes)
            .WithSummary("Write a message with one attachment (multipart/form-data: body, attachment). PDF, JPEG or PNG by content, at most 10 MB.");

        conversations.MapPost("/{id:guid}/close", CloseAsync)
            .WithIdempotencyKey<Conversation>(conversation => conversation.Id.ToString(), ConversationAgainAsync)
            .WithSummary("The doctor closes the conversation: no one writes to it any more. Anyone else answers 404.");

        conversations.MapGet("/{id:guid}/attachments/{attachmentId:guid}", DownloadAsync)
            .WithSummary("An attachment's file, as a download, in the type its content showed when it was sent.");

        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ConversationSummary>>, ForbidHttpResult>> ListAsync(ConversationQueries queries, CareSlotDb db,
        HttpContext http, CancellationToken ct)
    {
        if (await Viewer.FromAsync(http.User, db, ct) is not { } viewer) return TypedResults.Forbid();
        return TypedResults.Ok(await queries.ListAsync(http.User, viewer, ct));
    }

    private static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetAsync(Guid id, ConversationQueries queries, HttpContext http,
        CancellationToken ct)
    {
        var outcome = await queries.OpenAsync(http.User, id, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Created<ConversationView>, ProblemHttpResult>> StartAsync(StartConversationRequest request, StartConversation start,
        ConversationQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct)
    {
        var outcome = await start.HandleAsync(http.User, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var view = await queries.ViewAsync(http.User, (await Viewer.FromAsync(http.User, db, ct))!, outcome.Value!, ct);
        return TypedResults.Created($"/api/v1/conversations/{view.Id}", view);
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> SendAsync(Guid id, SendMessageRequest request, SendMessage send,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await send.HandleAsync(http.User, id, request, null, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/conversations/{id}", outcome.Value!);
    }

    /// <remarks>
    /// The form is read here rather than bound: a bound form makes routing refuse other content types (415) before
    /// authorization has run, and every caller must first be told who may call at all.
    /// </remarks>
    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> SendWithAttachmentAsync(Guid id, SendMessage send, IAntiforgery antiforgery,
        IStringLocalizer<MessagingText> text, HttpContext http, CancellationToken ct)
    {
        var read = await ReadUploadAsync(http, antiforgery, text, "attachment",
            text["Send the message and its attachment as multipart/form-data, with the fields body and attachment."], ct);
        if (read.Problem is { } refused) return refused.ToResult();
        var (form, upload) = read.Value;
        var outcome = await send.HandleAsync(http.User, id, new SendMessageRequest(form.Text("body")), upload, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/conversations/{id}", outcome.Value!);
    }

    private static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> CloseAsync(Guid id, CloseConversation close, ConversationQueries queries,
        CareSlotDb db, HttpContext http, CancellationToken ct)
    {
        var outcome = await close.HandleAsync(http.User, id, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok(await queries.ViewAsync(http.User, (await Viewer.FromAsync(http.User, db, ct))!, outcome.Value!, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, Guid attachmentId, ConversationQueries queries,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await queries.ReadAttachmentAsync(http.User, id, attachmentId, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        AttachmentHeaders(http.Response);
        var file = outcome.Value!;
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>A download is never rendered by the browser in our origin, never guessed at, never kept by a shared cache.</summary>
    public static void AttachmentHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
    }

    /// <summary>
    /// A multipart form with one file, as the API's uploads take it: read here rather than bound, so authorization answers first.
    /// A cookie session must send the antiforgery token (a form post can come from any site with the browser's cookie); a bearer
    /// token proves the request is the client's own.
    /// </summary>
    public static async Task<Outcome<(IFormCollection Form, AttachmentUpload Upload)>> ReadUploadAsync(HttpContext http, IAntiforgery antiforgery,
        IStringLocalizer<MessagingText> text, string fileField, string howToSend, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(antiforgery);
        if (!http.Request.HasFormContentType) return new UseCaseProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", howToSend);
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !await antiforgery.IsRequestValidAsync(http))
        {
            return UseCaseProblem.Invalid("__RequestVerificationToken", text["Send an antiforgery token with a form, or use a bearer token."]);
        }
        var form = await http.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile(fileField);
        if (file is null) return UseCaseProblem.Invalid(fileField, text["Choose a file to attach."]);
        if (file.Length > MessageAttachment.MaxBytes) return UseCaseProblem.Invalid(fileField, text["The file is larger than 10 MB."]);
        return new Outcome<(IFormCollection, AttachmentUpload)>((form, await UploadAsync(file, ct)), null);
    }

    /// <summary>A text field of a posted form; null when it is not there.</summary>
    public static string? Text(this IFormCollection form, string name)
    {
        ArgumentNullException.ThrowIfNull(form);
        return form.TryGetValue(name, out var values) ? values.ToString() : null;
    }

    public static async Task<AttachmentUpload> UploadAsync(IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream((int)Math.Min(file.Length, MessageAttachment.MaxBytes));
        await file.CopyToAsync(buffer, ct);
        return new AttachmentUpload(file.FileName, buffer.ToArray());
    }

    private static async Task<IResult> ConversationAgainAsync(HttpContext http, string resourceId, CancellationToken ct)
    {
        var services = http.RequestServices;
        var db = services.GetRequiredService<CareSlotDb>();
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Guid.Parse(resourceId), ct);
        if (conversation is null || await Viewer.FromAsync(http.User, db, ct) is not { } viewer)
        {
            return MessagingProblems.NotFound(services.GetRequiredService<IStringLocalizer<MessagingText>>()).ToResult();
        }
        var view = await services.GetRequiredService<ConversationQueries>().ViewAsync(http.User, viewer, conversation, ct);
        return http.Request.Path.Value?.EndsWith("/close", StringComparison.Ordinal) == true
            ? TypedResults.Ok(view)
            : TypedResults.Created($"/api/v1/conversations/{view.Id}", view);
    }

    private static async Task<IResult> MessageAgainAsync(HttpContext http, string resourceId, CancellationToken ct)
    {
        var services = http.RequestServices;
        var db = services.GetRequiredService<CareSlotDb>();
        var ids = resourceId.Split('/');
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Guid.Parse(ids[0]), ct);
        var viewer = await Viewer.FromAsync(http.User, db, ct);
        var message = conversation is null || viewer is null ? null
            : (await services.GetRequiredService<ConversationQueries>().ViewAsync(http.User, viewer, conversation, ct)).Messages.FirstOrDefault(m => m.Id == Guid.Parse(ids[1]));
        return message is null
            ? MessagingProblems.NotFound(services.GetRequiredService<IStringLocalizer<MessagingText>>()).ToResult()
            : TypedResults.Created($"/api/v1/conversations/{conversation!.Id}", message);
    }
}
