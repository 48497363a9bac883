using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

public sealed record AppointmentTypeView(int Id, string Name, int DurationMinutes, int BufferAfterMinutes, string Mode, bool ForNewPatients, bool ForReturningPatients);

public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder routes)
    {
        var doctors = routes.MapGroup("/api/v1/doctors").WithTags("Schedules");

        doctors.MapGet("/{id:int}/appointment-types", ListAppointmentTypesAsync)
            .WithSummary("The kinds of visit a doctor offers.");

        return routes;
    }

    private static async Task<Results<Ok<List<AppointmentTypeView>>, ProblemHttpResult>> ListAppointmentTypesAsync(int id, CareSlotDb db,
        IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (!await db.Doctors.AnyAsync(d => d.Id == id && d.IsListed, ct)) return UseCaseProblem.NotFound(text["Doctor not found."], text["There is no such doctor you can see."]).ToResult();
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == id && t.IsOffered)
            .OrderBy(t => t.DurationMinutes).ThenBy(t => t.Name).ToListAsync(ct);
        return TypedResults.Ok(types.Select(ToView).ToList());
    }

    private static AppointmentTypeView ToView(AppointmentType type) => new(type.Id, type.Name, type.DurationMinutes, type.BufferAfterMinutes,
        type.Mode == VisitMode.Video ? "video" : "in-person", type.ForNewPatients, type.ForReturningPatients);
}
