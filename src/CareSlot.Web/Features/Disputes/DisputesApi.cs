using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

/// <summary>The parties' side of disputes: a patient or the doctor of an appointment; anyone else's dispute answers 404.</summary>
public static class DisputesApi
{
    public static IEndpointRouteBuilder MapDisputesApi(this IEndpointRouteBuilder routes)
    {
        var disputes = routes.MapGroup("/api/v1/disputes").WithTags("Disputes")
            .RequireAuthorization(AccountPolicies.PatientOrStaffWithSecondFactor);
        disputes.MapGet("/", ListAsync).WithSummary("The disputes about the caller's appointments, newest first.");
        disputes.MapPost("/", OpenAsync)
            .WithSummary("Open a dispute about one of the caller's appointments (appointmentId, kind, statement). 409 while one is in progress.");
        disputes.MapGet("/{id:guid}", GetAsync).WithSummary("One dispute with its whole history and statements, oldest first.");
        disputes.MapPost("/{id:guid}/statements", AddStatementAsync).WithSummary("Add a statement (JSON). 409 once resolved or withdrawn.");
        disputes.MapPost("/{id:guid}/statements/with-file", AddStatementWithFileAsync)
            .DisableAntiforgery() // checked in the handler for cookie sessions; a bearer token cannot be sent by another site
            .WithMetadata(new RequestSizeLimitAttribute(MessagingApi.MaxUploadRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MessagingApi.MaxUploadRequestBytes)
            .WithSummary("Add a statement with one file (multipart/form-data: statement, file). PDF, JPEG or PNG by content, at most 10 MB.");
        disputes.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithSummary("The one who opened the dispute withdraws it.");
        disputes.MapGet("/{id:guid}/files/{fileId:guid}", DownloadAsync).WithSummary("A file of the dispute, as a download.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<DisputeSummary>>, ForbidHttpResult>> ListAsync(DisputeQueries queries, CareSlotDb db, HttpContext http,
        CancellationToken ct) =>
        await Viewer.FromAsync(http.User, db, ct) is { } viewer ? TypedResults.Ok(await queries.MineAsync(viewer, ct)) : TypedResults.Forbid();

    private static async Task<Results<Created<DisputeView>, ProblemHttpResult>> OpenAsync(OpenDisputeRequest request, OpenDispute open, DisputeQueries queries,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await open.HandleAsync(http.User, request, null, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/disputes/{outcome.Value!.Id}", await queries.ForPartyAsync(http.User, outcome.Value.Id, ct));
    }

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> GetAsync(Guid id, DisputeQueries queries, DisputeWork work, HttpContext http,
        CancellationToken ct) =>
        await queries.ForPartyAsync(http.User, id, ct) is { } view ? TypedResults.Ok(view) : work.NotFound().ToResult();

    private static async Task<Results<Created<DisputeView>, ProblemHttpResult>> AddStatementAsync(Guid id, AddStatementRequest request, AddStatement add,
        DisputeQueries queries, HttpContext http, CancellationToken ct) =>
        await AnswerAsync(id, await add.HandleAsync(http.User, id, request, null, ct), queries, http, ct);

    /// <remarks>The form is read here rather than bound, as messaging's upload does: authorization answers first.</remarks>
    private static async Task<Results<Created<DisputeView>, ProblemHttpResult>> AddStatementWithFileAsync(Guid id, AddStatement add, DisputeQueries queries,
        IAntiforgery antiforgery, IStringLocalizer<DisputesText> text, IStringLocalizer<MessagingText> fileText, HttpContext http, CancellationToken ct)
    {
        var read = await MessagingApi.ReadUploadAsync(http, antiforgery, fileText, "file",
            text["Send the statement and its file as multipart/form-data, with the fields statement and file."], ct);
        if (read.Problem is { } refused) return refused.ToResult();
        var (form, upload) = read.Value;
        var outcome = await add.HandleAsync(http.User, id, new AddStatementRequest(form.Text("statement")), upload, ct);
        return await AnswerAsync(id, outcome, queries, http, ct);
    }

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> WithdrawAsync(Guid id, WithdrawDispute withdraw, DisputeQueries queries,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await withdraw.HandleAsync(http.User, id, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok((await queries.ForPartyAsync(http.User, id, ct))!);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, Guid fileId, DisputeQueries queries, DisputeWork work,
        HttpContext http, CancellationToken ct) => await FileAsync(id, fileId, queries, work, http, ct);

    /// <summary>A file as messaging's attachments are downloaded; the query decides who may (a party, or an administrator).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(Guid id, Guid fileId, DisputeQueries queries, DisputeWork work,
        HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(http);
        if (await queries.FileAsync(http.User, id, fileId, ct) is not { } file) return work.NotFound().ToResult();
        MessagingApi.AttachmentHeaders(http.Response);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<Created<DisputeView>, ProblemHttpResult>> AnswerAsync(Guid id, Outcome<DisputeStep> outcome, DisputeQueries queries,
        HttpContext http, CancellationToken ct)
    {
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/disputes/{id}", (await queries.ForPartyAsync(http.User, id, ct))!);
    }
}
