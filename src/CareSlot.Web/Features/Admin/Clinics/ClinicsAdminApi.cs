using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>A doctor to assign to a clinic.</summary>
public sealed record AssignDoctorRequest(int? DoctorId);

/// <summary>Clinics, their doctors and the specialties, for administrators with a second factor: what the pages under /admin do.</summary>
public static class ClinicsAdminApi
{
    public static IEndpointRouteBuilder MapClinicsAdminApi(this IEndpointRouteBuilder routes)
    {
        var clinics = routes.MapGroup("/api/v1/admin/clinics").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        clinics.MapGet("/", async (ClinicQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(ct)))
            .WithSummary("Every clinic, open ones first, with its number of doctors and whether it is retired.");
        clinics.MapPost("/", CreateAsync)
            .WithSummary("Create a clinic: address, coordinates, IANA time zone, phone (E.164), notes for patients and its booking rules.");
        clinics.MapGet("/{id:int}", GetAsync)
            .WithSummary("One clinic with its rules and doctors.");
        clinics.MapPut("/{id:int}", UpdateAsync)
            .WithSummary("Change a clinic; the directory shows the change at once.");
        clinics.MapPost("/{id:int}/retire", RetireAsync)
            .WithSummary("Retire a clinic: it leaves the directory and booking. 409 with `appointments` while active ones are still to come there.");
        clinics.MapPost("/{id:int}/reinstate", ReinstateAsync)
            .WithSummary("Open a retired clinic again.");
        clinics.MapPost("/{id:int}/doctors", AssignAsync)
            .WithSummary("Add a doctor to the clinic's doctors (a doctor may work at several clinics).");
        clinics.MapDelete("/{id:int}/doctors/{doctorId:int}", UnassignAsync)
            .WithSummary("Take a doctor off the clinic. 409 with `appointments` while the doctor has active ones still to come there.");

        var specialties = routes.MapGroup("/api/v1/admin/specialties").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        specialties.MapGet("/", async (SpecialtyQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(ct)))
            .WithSummary("Every specialty with its slug and number of doctors.");
        specialties.MapPost("/", CreateSpecialtyAsync)
            .WithSummary("Add a specialty: a slug (a-z, 0-9, hyphens; fixed once made) and an English name, both unique.");
        specialties.MapPut("/{id:int}", RenameSpecialtyAsync)
            .WithSummary("Rename a specialty; its slug stays.");
        specialties.MapDelete("/{id:int}", RemoveSpecialtyAsync)
            .WithSummary("Remove a specialty. 409 while a doctor has it.");
        return routes;
    }

    private static async Task<Results<Created<ClinicDetails>, ProblemHttpResult>> CreateAsync(ClinicRequest request, SaveClinic save, CancellationToken ct)
    {
        var outcome = await save.CreateAsync(request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/admin/clinics/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<ClinicDetails>, ProblemHttpResult>> GetAsync(int id, ClinicQueries queries,
        Microsoft.Extensions.Localization.IStringLocalizer<AdminText> text, CancellationToken ct) =>
        await queries.FindAsync(id, ct) is { } clinic ? TypedResults.Ok(clinic) : SaveClinic.NotFound(text).ToResult();

    private static async Task<Results<Ok<ClinicDetails>, ProblemHttpResult>> UpdateAsync(int id, ClinicRequest request, SaveClinic save, CancellationToken ct) =>
        Answer(await save.UpdateAsync(id, request, ct));

    private static async Task<Results<Ok<ClinicDetails>, ProblemHttpResult>> RetireAsync(int id, RetireClinic retire, CancellationToken ct) =>
        Answer(await retire.HandleAsync(id, ct));

    private static async Task<Results<Ok<ClinicDetails>, ProblemHttpResult>> ReinstateAsync(int id, ReinstateClinic reinstate, CancellationToken ct) =>
        Answer(await reinstate.HandleAsync(id, ct));

    private static async Task<Results<Ok<ClinicDetails>, ProblemHttpResult>> AssignAsync(int id, AssignDoctorRequest request, AssignDoctor assign,
        CancellationToken ct) =>
        Answer(await assign.HandleAsync(id, request.DoctorId, ct));

    private static async Task<Results<Ok<ClinicDetails>, ProblemHttpResult>> UnassignAsync(int id, int doctorId, UnassignDoctor unassign, CancellationToken ct) =>
        Answer(await unassign.HandleAsync(id, doctorId, ct));

    private static async Task<Results<Created<SpecialtyListItem>, ProblemHttpResult>> CreateSpecialtyAsync(NewSpecialtyRequest request, SaveSpecialty save,
        CancellationToken ct)
    {
        var outcome = await save.CreateAsync(request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/admin/specialties/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<SpecialtyListItem>, ProblemHttpResult>> RenameSpecialtyAsync(int id, RenameSpecialtyRequest request,
        SaveSpecialty save, CancellationToken ct) =>
        Answer(await save.RenameAsync(id, request, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveSpecialtyAsync(int id, RemoveSpecialty remove, CancellationToken ct)
    {
        var outcome = await remove.HandleAsync(id, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.NoContent();
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) =>
        outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
}
