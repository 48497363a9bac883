using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// A doctor's own schedule under /api/v1/doctors/me. The answers to refused changes name booked
/// patients, so the group needs a two-factor session like every other view of patients' data.
/// </summary>
public static class MyScheduleApi
{
    public static IEndpointRouteBuilder MapMyScheduleApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/v1/doctors/me").WithTags("Schedules").RequireAuthorization(AccountPolicies.PatientOrStaffWithSecondFactor);

        me.MapGet("/schedule", GetScheduleAsync)
            .WithSummary("The signed-in doctor's clinics, weekly hours and breaks, extra hours and time off still to come, offered types and booking rules.");

        me.MapPut("/weekly-hours", SaveWeeklyHoursAsync)
            .WithSummary("Replace the weekly working hours and breaks at one clinic (times HH:mm, clinic time). " +
                "409 with 'conflicts' when booked appointments would fall outside the new hours.");

        me.MapPost("/time-off", AddTimeOffAsync)
            .WithSummary("Add time off (local yyyy-MM-ddTHH:mm, at every clinic). 409 with 'conflicts' when booked appointments fall inside it.");

        me.MapDelete("/time-off/{id:int}", RemoveTimeOffAsync)
            .WithSummary("Remove time off.");

        me.MapPost("/extra-hours", AddExtraHoursAsync)
            .WithSummary("Add one-off hours on a date at one of your clinics.");

        me.MapDelete("/extra-hours/{id:int}", RemoveExtraHoursAsync)
            .WithSummary("Remove one-off hours. 409 with 'conflicts' when booked appointments lie in them.");

        me.MapPost("/appointment-types", AddAppointmentTypeAsync)
            .WithSummary("Offer a new kind of visit: 5–240 minutes, a buffer of 0–120 after it, in person or by video.");

        me.MapPut("/appointment-types/{id:int}", EditAppointmentTypeAsync)
            .WithSummary("Change an offered type; appointments already booked keep their times.");

        me.MapDelete("/appointment-types/{id:int}", RetireAppointmentTypeAsync)
            .WithSummary("Stop offering a type. It stays on the appointments booked with it.");

        me.MapPut("/booking-rules", ChangeBookingRulesAsync)
            .WithSummary("Minimum notice (0–10080 minutes) and how many days ahead patients may book (1–365).");

        return routes;
    }

    private static async Task<Results<Ok<DoctorScheduleView>, ProblemHttpResult>> GetScheduleAsync(LoadDoctorSchedule load, CareSlotDb db,
        HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct) =>
        await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is int doctorId ? TypedResults.Ok(await load.HandleAsync(doctorId, ct)) : NotADoctor(text);

    private static async Task<Results<Ok<WeeklyHoursSaved>, ProblemHttpResult>> SaveWeeklyHoursAsync(WeeklyHoursRequest request, SaveWeeklyHours save,
        CareSlotDb db, HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        var outcome = await save.HandleAsync(doctorId, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Created<TimeOffView>, ProblemHttpResult>> AddTimeOffAsync(TimeOffRequest request, AddTimeOff add, CareSlotDb db,
        HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        var outcome = await add.HandleAsync(doctorId, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/doctors/me/time-off/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveTimeOffAsync(int id, RemoveTimeOff remove, CareSlotDb db, HttpContext http,
        IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        return await remove.HandleAsync(doctorId, id, ct) ? TypedResults.NoContent() : UseCaseProblem.NotFound(text["Time off not found."], text["There is no such time off you can see."]).ToResult();
    }

    private static async Task<Results<Created<ExtraHoursView>, ProblemHttpResult>> AddExtraHoursAsync(ExtraHoursRequest request, AddExtraHours add,
        CareSlotDb db, HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        var outcome = await add.HandleAsync(doctorId, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/doctors/me/extra-hours/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveExtraHoursAsync(int id, RemoveExtraHours remove, CareSlotDb db,
        HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        return await remove.HandleAsync(doctorId, id, ct) is { } problem ? problem.ToResult() : TypedResults.NoContent();
    }

    private static async Task<Results<Created<AppointmentTypeView>, ProblemHttpResult>> AddAppointmentTypeAsync(AppointmentTypeRequest request,
        AddAppointmentType add, CareSlotDb db, HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        var outcome = await add.HandleAsync(doctorId, request, ct);
        return outcome.Problem is { } problem
            ? problem.ToResult()
            : TypedResults.Created($"/api/v1/doctors/me/appointment-types/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<AppointmentTypeView>, ProblemHttpResult>> EditAppointmentTypeAsync(int id, AppointmentTypeRequest request,
        EditAppointmentType edit, CareSlotDb db, HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        var outcome = await edit.HandleAsync(doctorId, id, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetireAppointmentTypeAsync(int id, RetireAppointmentType retire, CareSlotDb db,
        HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        return await retire.HandleAsync(doctorId, id, ct) ? TypedResults.NoContent() : UseCaseProblem.NotFound(text["Appointment type not found."], text["There is no such appointment type you can see."]).ToResult();
    }

    private static async Task<Results<Ok<BookingRulesView>, ProblemHttpResult>> ChangeBookingRulesAsync(BookingRulesRequest request,
        ChangeBookingRules change, CareSlotDb db, HttpContext http, IStringLocalizer<SchedulesText> text, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor(text);
        var outcome = await change.HandleAsync(doctorId, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value);
    }

    private static ProblemHttpResult NotADoctor(IStringLocalizer<SchedulesText> text) => TypedResults.Problem(
        text["Only a doctor with a directory entry manages a schedule here."], statusCode: StatusCodes.Status403Forbidden, title: text["This is for doctors."]);
}
