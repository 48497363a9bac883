using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Doctors;

public static class DoctorsApi
{
    public static IEndpointRouteBuilder MapDoctorsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags("Directory");

        api.MapGet("/specialties", ListSpecialtiesAsync)
            .WithSummary("All specialties, by name.");

        api.MapGet("/doctors", SearchDoctorsAsync)
            .CacheOutput(DirectoryCache.SearchPolicy)
            .WithSummary("Search listed doctors by specialty slug, city or postcode, free text, visit type and free dates; each result has its next free slot.")
            .WithDescription($"page ≥ 1; pageSize 1–{SearchDoctorsRequest.MaxPageSize} (default {SearchDoctorsRequest.DefaultPageSize}); " +
                $"q at most {SearchDoctorsRequest.MaxQueryLength} characters; sort = name | availability (soonest free slot first) | distance (needs lat and lon); " +
                "visit = any | in-person | video; from and to = clinic-local dates (yyyy-MM-dd), both optional, within the next " +
                $"{RefreshAvailability.LookAhead.Days} days: only doctors with free time on one of those dates, each with firstAvailableInRange " +
                "(no from = from today, no to = as far ahead as we look). Unknown specialties and cities give an empty page.");

        api.MapGet("/doctors/{id}", GetDoctorProfileAsync)
            .WithSummary("A listed doctor's public profile.");

        // Beside the patients' registration (same tag and rate limit); the use case is the directory's.
        routes.MapGroup("/api/v1/auth").WithTags("Accounts").RequireRateLimiting(RateLimitingExtensions.Accounts)
            .MapPost("/register-doctor", RegisterDoctorAsync)
            .WithSummary("Register a doctor. The directory lists them only after an administrator approves.");

        return routes;
    }

    private static async Task<Ok<IReadOnlyList<SpecialtyItem>>> ListSpecialtiesAsync(ListSpecialties listSpecialties, CancellationToken ct) =>
        TypedResults.Ok(await listSpecialties.HandleAsync(ct));

    private static async Task<Results<Ok<Page<DoctorSummary>>, ValidationProblem>> SearchDoctorsAsync(
        string? specialty, string? city, string? q, string? page, string? pageSize, string? sort, string? visit, string? lat, string? lon,
        string? from, string? to, SearchDoctors searchDoctors, IClock clock, IStringLocalizer<DoctorsText> text, CancellationToken ct)
    {
        var (search, errors) = SearchDoctorsRequest.From(
            new DoctorSearchInput(specialty, city, q, page, pageSize, sort, visit, lat, lon, from, to), clock.GetCurrentInstant(), text);
        if (search is null)
        {
            return TypedResults.ValidationProblem(errors, title: text["The search parameters are not valid."]);
        }
        return TypedResults.Ok(await searchDoctors.HandleAsync(search, ct));
    }

    private static async Task<Results<Ok<DoctorProfile>, ProblemHttpResult>> GetDoctorProfileAsync(string id, GetDoctorProfile getDoctorProfile,
        IStringLocalizer<DoctorsText> text, CancellationToken ct)
    {
        var profile = int.TryParse(id, out var doctorId) ? await getDoctorProfile.HandleAsync(doctorId, ct) : null;
        return profile is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: text["Doctor not found."],
                detail: text["There is no listed doctor with id '{0}'.", id])
            : TypedResults.Ok(profile);
    }

    private static async Task<Results<Created<RegisteredAccount>, ValidationProblem>> RegisterDoctorAsync(RegisterDoctorRequest request,
        RegisterDoctor registerDoctor, IStringLocalizer<DoctorsText> text, CancellationToken ct)
    {
        var result = await registerDoctor.HandleAsync(request, ct);
        if (!result.Succeeded) return TypedResults.ValidationProblem(result.Errors, title: text["The registration is not valid."]);
        return TypedResults.Created("/api/v1/me", new RegisteredAccount(result.AccountId!.Value, request.Email!.Trim(), false, false));
    }
}
