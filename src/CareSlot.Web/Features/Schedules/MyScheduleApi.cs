using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;

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

        me.MapGet("/schedule", async Task<IResult> (LoadDoctorSchedule load, CareSlotDb db, HttpContext http, CancellationToken ct) =>
                await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is int doctorId
                    ? TypedResults.Ok(await load.HandleAsync(doctorId, ct))
                    : NotADoctor())
            .WithSummary("The signed-in doctor's clinics, weekly hours and breaks, extra hours and time off still to come, offered types and booking rules.");

        me.MapPut("/weekly-hours", async (WeeklyHoursRequest request, SaveWeeklyHours save, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                var outcome = await save.HandleAsync(doctorId, request, ct);
                return outcome.Problem?.ToResult() ?? TypedResults.Ok(outcome.Value);
            })
            .WithSummary("Replace the weekly working hours and breaks at one clinic (times HH:mm, clinic time). " +
                "409 with 'conflicts' when booked appointments would fall outside the new hours.");

        me.MapPost("/time-off", async (TimeOffRequest request, AddTimeOff add, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                var outcome = await add.HandleAsync(doctorId, request, ct);
                return outcome.Problem?.ToResult() ?? TypedResults.Created($"/api/v1/doctors/me/time-off/{outcome.Value!.Id}", outcome.Value);
            })
            .WithSummary("Add time off (local yyyy-MM-ddTHH:mm, at every clinic). 409 with 'conflicts' when booked appointments fall inside it.");

        me.MapDelete("/time-off/{id:int}", async (int id, RemoveTimeOff remove, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                return await remove.HandleAsync(doctorId, id, ct) ? TypedResults.NoContent() : UseCaseProblem.NotFound("Time off").ToResult();
            })
            .WithSummary("Remove time off.");

        me.MapPost("/extra-hours", async (ExtraHoursRequest request, AddExtraHours add, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                var outcome = await add.HandleAsync(doctorId, request, ct);
                return outcome.Problem?.ToResult() ?? TypedResults.Created($"/api/v1/doctors/me/extra-hours/{outcome.Value!.Id}", outcome.Value);
            })
            .WithSummary("Add one-off hours on a date at one of your clinics.");

        me.MapDelete("/extra-hours/{id:int}", async (int id, RemoveExtraHours remove, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                return (await remove.HandleAsync(doctorId, id, ct))?.ToResult() ?? TypedResults.NoContent();
            })
            .WithSummary("Remove one-off hours. 409 with 'conflicts' when booked appointments lie in them.");

        me.MapPost("/appointment-types", async (AppointmentTypeRequest request, AddAppointmentType add, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                var outcome = await add.HandleAsync(doctorId, request, ct);
                return outcome.Problem?.ToResult() ?? TypedResults.Created($"/api/v1/doctors/me/appointment-types/{outcome.Value!.Id}", outcome.Value);
            })
            .WithSummary("Offer a new kind of visit: 5–240 minutes, a buffer of 0–120 after it, in person or by video.");

        me.MapPut("/appointment-types/{id:int}", async (int id, AppointmentTypeRequest request, EditAppointmentType edit, CareSlotDb db, HttpContext http,
                CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                var outcome = await edit.HandleAsync(doctorId, id, request, ct);
                return outcome.Problem?.ToResult() ?? TypedResults.Ok(outcome.Value);
            })
            .WithSummary("Change an offered type; appointments already booked keep their times.");

        me.MapDelete("/appointment-types/{id:int}", async (int id, RetireAppointmentType retire, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                return await retire.HandleAsync(doctorId, id, ct) ? TypedResults.NoContent() : UseCaseProblem.NotFound("Appointment type").ToResult();
            })
            .WithSummary("Stop offering a type. It stays on the appointments booked with it.");

        me.MapPut("/booking-rules", async (BookingRulesRequest request, ChangeBookingRules change, CareSlotDb db, HttpContext http, CancellationToken ct) =>
            {
                if (await ScheduleOwner.DoctorIdAsync(http.User, db, ct) is not int doctorId) return NotADoctor();
                var outcome = await change.HandleAsync(doctorId, request, ct);
                return outcome.Problem?.ToResult() ?? TypedResults.Ok(outcome.Value);
            })
            .WithSummary("Minimum notice (0–10080 minutes) and how many days ahead patients may book (1–365).");

        return routes;
    }

    private static ProblemHttpResult NotADoctor() => TypedResults.Problem("Only a doctor with a directory entry manages a schedule here.",
        statusCode: StatusCodes.Status403Forbidden, title: "This is for doctors.");
}
