using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Records;

public sealed record RecordVersionDto(int Number, string WrittenAt, string Author, RecordContent Content, string? AmendmentReason);

public sealed record RecordEntryDto(Guid Id, Guid PatientId, string Kind, Guid? AppointmentId, string CreatedAt, string UpdatedAt, string Author,
    bool PatientReported, int Versions, RecordContent Content, IReadOnlyList<RecordVersionDto>? History)
{
    public static RecordEntryDto From(RecordEntryView view) => new(view.Id, view.PatientId, RecordKinds.ApiName(view.Kind), view.AppointmentId,
        IsoTime.Format(view.CreatedAt, view.Zone), IsoTime.Format(view.UpdatedAt, view.Zone), view.Author, view.IsPatientReported,
        view.VersionCount, view.Content,
        view.Versions.Count == 0 ? null
            : [.. view.Versions.Select(v => new RecordVersionDto(v.Number, IsoTime.Format(v.WrittenAt, view.Zone), v.Author, v.Content, v.AmendmentReason))]);
}

public sealed record CarePatientDto(Guid Id, string Name, DateOnly DateOfBirth);

public sealed record BreakGlassDto(Guid Id, Guid PatientId, string OpenedAt, string ExpiresAt);

/// <summary>
/// Medical history. Every route is open to anyone signed in and the record's authorization handlers decide, so a
/// refusal looks exactly like an id that does not exist (404) — for another patient, a doctor without a care
/// relationship or a second factor, support, or an administrator without break-glass.
/// </summary>
public static class RecordsApi
{
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder routes)
    {
        var records = routes.MapGroup("/api/v1").WithTags("Records").RequireAuthorization(AccountPolicies.SignedIn);

        records.MapGet("/patients/{patientId:guid}/history", HistoryAsync)
            .WithSummary("A patient's medical history, newest first, 50 entries a page (?page=2 for older ones; an empty page after the last), optionally of one kind (visit-note, allergy, condition, patient-reported).");
        records.MapPost("/patients/{patientId:guid}/history", AddEntryAsync)
            .WithSummary("Add an entry: the patient their own (patient-reported), a doctor in a care relationship an allergy or a condition.");
        records.MapGet("/history/{entryId:guid}", EntryAsync)
            .WithSummary("One history entry with every version, newest first.");
        records.MapPost("/history/{entryId:guid}/amendments", AmendAsync)
            .WithSummary("Amend an entry: a new version with a reason; earlier versions stay readable.");
        records.MapPost("/appointments/{id:guid}/note", WriteNoteAsync)
            .WithSummary("The visit's doctor writes its note once the visit has started; completeVisit also marks it completed.");
        records.MapGet("/records/me/export", ExportAsync)
            .WithSummary("The signed-in patient's whole medical history as a JSON download.");

        routes.MapGet("/api/v1/doctors/me/patients", MyPatientsAsync).WithTags("Records")
            .RequireAuthorization(AccountPolicies.DoctorWithSecondFactor)
            .WithSummary("The patients the signed-in doctor cares for (an upcoming visit, or one within the care period), by name.");
        routes.MapPost("/api/v1/admin/break-glass", OpenBreakGlassAsync).WithTags("Records")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor)
            .WithSummary("Emergency access to one patient's record for an hour, with a reason the patient will read. Audited.");
        return routes;
    }

    private static async Task<Results<Ok<RecordEntryDto[]>, ProblemHttpResult>> HistoryAsync(Guid patientId, string? kind, int? page,
        PatientRecords records, HttpContext http, IStringLocalizer<RecordsText> text, CancellationToken ct)
    {
        if (page is < 1 or > PatientRecords.MaxPage)
        {
            return UseCaseProblem.Invalid("page", text["Use a page number from 1 to {0}.", PatientRecords.MaxPage]).ToResult();
        }
        RecordKind? only = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (RecordKinds.Parse(kind) is not { } parsed) return UseCaseProblem.Invalid("kind", text["Use one of: visit-note, allergy, condition, patient-reported."]).ToResult();
            only = parsed;
        }
        var history = await records.HistoryAsync(http.User, patientId, only, ct, page ?? 1);
        return history is null ? NotFound(text) : TypedResults.Ok(history.Entries.Select(RecordEntryDto.From).ToArray());
    }

    private static async Task<Results<Ok<RecordEntryDto>, ProblemHttpResult>> EntryAsync(Guid entryId, PatientRecords records, HttpContext http,
        IStringLocalizer<RecordsText> text, CancellationToken ct) =>
        await records.EntryAsync(http.User, entryId, ct) is { } entry ? TypedResults.Ok(RecordEntryDto.From(entry)) : NotFound(text);

    private static async Task<Results<Created<RecordEntryDto>, ProblemHttpResult>> AddEntryAsync(Guid patientId, RecordEntryRequest request,
        WriteRecord write, PatientRecords records, HttpContext http, CancellationToken ct) =>
        await CreatedAsync(await write.AddEntryAsync(http.User, patientId, request, ct), records, http, ct);

    private static async Task<Results<Created<RecordEntryDto>, ProblemHttpResult>> AmendAsync(Guid entryId, AmendmentRequest request,
        WriteRecord write, PatientRecords records, HttpContext http, CancellationToken ct) =>
        await CreatedAsync(await write.AmendAsync(http.User, entryId, request, ct), records, http, ct);

    private static async Task<Results<Created<RecordEntryDto>, ProblemHttpResult>> WriteNoteAsync(Guid id, VisitNoteRequest request, WriteRecord write,
        CompleteVisit complete, PatientRecords records, HttpContext http, CancellationToken ct)
    {
        var outcome = await write.WriteNoteAsync(http.User, id, request, ct);
        if (outcome.Problem is null && request.CompleteVisit && await complete.HandleAsync(http.User, id, ct) is { } refused) return refused.ToResult();
        return await CreatedAsync(outcome, records, http, ct);
    }

    private static async Task<Results<Created<RecordEntryDto>, ProblemHttpResult>> CreatedAsync(Outcome<RecordEntry> outcome, PatientRecords records,
        HttpContext http, CancellationToken ct)
    {
        if (outcome.Problem is { } problem) return problem.ToResult();
        var view = (await records.EntryAsync(http.User, outcome.Value!.Id, ct, justWritten: true))!;
        return TypedResults.Created($"/api/v1/history/{view.Id}", RecordEntryDto.From(view));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(PatientRecords records, HttpContext http,
        IStringLocalizer<RecordsText> text, CancellationToken ct) =>
        await records.ExportAsync(http.User, ct) is { } json
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", "careslot-medical-history.json")
            : NotFound(text);

    private static async Task<Results<Ok<CarePatientDto[]>, ProblemHttpResult>> MyPatientsAsync(string? name, DoctorPatients patients, CareSlotDb db,
        HttpContext http, IStringLocalizer<RecordsText> text, CancellationToken ct)
    {
        if (await Viewer.FromAsync(http.User, db, ct) is not { DoctorId: int doctorId }) return NotFound(text);
        return TypedResults.Ok((await patients.SearchAsync(doctorId, name, ct)).Select(p => new CarePatientDto(p.Id, p.Name, p.DateOfBirth)).ToArray());
    }

    private static async Task<Results<Created<BreakGlassDto>, ProblemHttpResult>> OpenBreakGlassAsync(BreakGlassRequest request, OpenBreakGlass open,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await open.HandleAsync(http.User, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var access = outcome.Value!;
        return TypedResults.Created($"/api/v1/patients/{access.PatientId}/history",
            new BreakGlassDto(access.Id, access.PatientId, IsoTime.Format(access.OpenedAt, NodaTime.DateTimeZone.Utc), IsoTime.Format(access.ExpiresAt, NodaTime.DateTimeZone.Utc)));
    }

    private static ProblemHttpResult NotFound(IStringLocalizer<RecordsText> text) =>
        UseCaseProblem.NotFound(text["Record not found."], text["There is no such record you can see."]).ToResult();
}
