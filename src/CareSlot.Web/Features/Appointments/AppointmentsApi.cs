using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Platform.Web.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record HoldView(Guid Id, int DoctorId, int AppointmentTypeId, string Start, string End, string ExpiresAt);

public static class AppointmentsApi
{
    public static IEndpointRouteBuilder MapAppointmentsApi(this IEndpointRouteBuilder routes)
    {
        var appointments = routes.MapGroup("/api/v1/appointments").WithTags("Appointments");

        appointments.MapPost("/holds", HoldSlotAsync)
            .RequireAuthorization(AccountPolicies.Patient)
            .WithIdempotencyKey<SlotHold>(hold => hold.Id.ToString(), HeldAgainAsync)
            .WithSummary("Hold a free slot for five minutes while the patient confirms; others no longer see it.");

        appointments.MapDelete("/holds/{id:guid}", ReleaseHoldAsync)
            .RequireAuthorization(AccountPolicies.Patient)
            .WithSummary("Give a held slot back before the hold lapses. Someone else's hold, or one already given back or lapsed and cleared, answers 404.");

        appointments.MapPost("/", BookAsync)
            .RequireAuthorization(AccountPolicies.Patient)
            .WithIdempotencyKey<Appointment>(appointment => appointment.Id.ToString(), BookedAgainAsync)
            .WithSummary("Book a free slot (verified patients). 409 when the slot was taken meanwhile or the patient is busy then.");

        var patientData = appointments.MapGroup("").RequireAuthorization(AccountPolicies.PatientOrStaffWithSecondFactor);

        patientData.MapGet("/", ListAsync)
            .WithSummary("The viewer's appointments: a patient's own, a doctor's patients', or all for an admin.");

        patientData.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One appointment with its history. Someone else's appointment answers 404.");

        patientData.MapPost("/{id:guid}/reschedule", RescheduleAsync)
            .WithIdempotencyKey<Appointment>(appointment => appointment.Id.ToString(), ChangedAgainAsync)
            .WithSummary("Move an appointment to another free slot: patients until the clinic's limit (24 h by default), doctors and admins any time.");

        patientData.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithIdempotencyKey<Appointment>(appointment => appointment.Id.ToString(), ChangedAgainAsync)
            .WithSummary("Cancel an appointment: patients until the clinic's limit, doctors and admins any time with a reason.");

        patientData.MapPost("/{id:guid}/status", ChangeStatusAsync)
            .WithIdempotencyKey<Appointment>(appointment => appointment.Id.ToString(), ChangedAgainAsync)
            .WithSummary("Move an appointment through requested → confirmed → completed | no-show, or cancel it.");

        return routes;
    }

    private static async Task<Results<Created<HoldView>, ProblemHttpResult>> HoldSlotAsync(HoldSlotRequest request, HoldSlot holdSlot, CareSlotDb db,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await holdSlot.HandleAsync(http.User.AccountId(), request, ct);
        if (outcome.Problem is not null) return outcome.Problem.ToResult();
        return await HoldCreatedAsync(db, outcome.Value!, ct);
    }

    /// <summary>Someone else's hold answers like an unknown id, as every other foreign id does: the answer never says whose it is.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseHoldAsync(Guid id, ReleaseHold release, IStringLocalizer<AppointmentsText> text,
        HttpContext http, CancellationToken ct) =>
        await release.HandleAsync(http.User.AccountId(), id, ct)
            ? TypedResults.NoContent()
            : UseCaseProblem.NotFound(text["Hold not found."], text["There is no such hold you can see."]).ToResult();

    private static async Task<Results<Created<AppointmentView>, ProblemHttpResult>> BookAsync(BookAppointmentRequest request, BookAppointment book,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await book.BookAsync(http.User.AccountId(), request, ct);
        if (outcome.Problem is not null) return outcome.Problem.ToResult();
        var booked = outcome.Value!;
        return TypedResults.Created($"/api/v1/appointments/{booked.Appointment.Id}", booked.View);
    }

    private static async Task<Results<Ok<IReadOnlyList<AppointmentView>>, ForbidHttpResult, ProblemHttpResult>> ListAsync(string? scope,
        AppointmentQueries queries, CareSlotDb db, IStringLocalizer<AppointmentsText> text, HttpContext http, CancellationToken ct)
    {
        if (!TryParseScope(scope, out var parsed)) return UseCaseProblem.Invalid("scope", text["Use 'upcoming' or 'past'."]).ToResult();
        if (await Viewer.FromAsync(http.User, db, ct) is not { } viewer) return TypedResults.Forbid();
        return TypedResults.Ok(await queries.ListAsync(viewer, parsed, ct));
    }

    private static async Task<Results<Ok<AppointmentDetails>, ForbidHttpResult, ProblemHttpResult>> GetAsync(Guid id, AppointmentQueries queries,
        CareSlotDb db, IStringLocalizer<AppointmentsText> text, HttpContext http, CancellationToken ct)
    {
        if (await Viewer.FromAsync(http.User, db, ct) is not { } viewer) return TypedResults.Forbid();
        return await queries.FindAsync(viewer, id, ct) is { } details ? TypedResults.Ok(details) : AppointmentProblems.NotFound(text).ToResult();
    }

    private static Task<Results<Ok<AppointmentView>, ForbidHttpResult, ProblemHttpResult>> RescheduleAsync(Guid id, RescheduleRequest request,
        RescheduleAppointment reschedule, AppointmentQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct) =>
        ChangeAsync(db, http, queries, id, viewer => reschedule.HandleAsync(viewer, id, request, ct), ct);

    private static Task<Results<Ok<AppointmentView>, ForbidHttpResult, ProblemHttpResult>> CancelAsync(Guid id, CancelAppointmentRequest request,
        CancelAppointment cancel, AppointmentQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct) =>
        ChangeAsync(db, http, queries, id, viewer => cancel.HandleAsync(viewer, id, request, ct), ct);

    private static Task<Results<Ok<AppointmentView>, ForbidHttpResult, ProblemHttpResult>> ChangeStatusAsync(Guid id, ChangeStatusRequest request,
        ChangeAppointmentStatus change, AppointmentQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct) =>
        ChangeAsync(db, http, queries, id, viewer => change.HandleAsync(viewer, id, request, ct), ct);

    private static async Task<Results<Ok<AppointmentView>, ForbidHttpResult, ProblemHttpResult>> ChangeAsync(CareSlotDb db, HttpContext http,
        AppointmentQueries queries, Guid id, Func<Viewer, Task<Outcome<Appointment>>> change, CancellationToken ct)
    {
        if (await Viewer.FromAsync(http.User, db, ct) is not { } viewer) return TypedResults.Forbid();
        var outcome = await change(viewer);
        if (outcome.Problem is not null) return outcome.Problem.ToResult();
        return TypedResults.Ok((await queries.FindAsync(viewer, id, ct))!.Appointment);
    }

    private static bool TryParseScope(string? scope, out AppointmentScope parsed)
    {
        parsed = AppointmentScope.Upcoming;
        if (string.IsNullOrWhiteSpace(scope) || scope.Equals("upcoming", StringComparison.OrdinalIgnoreCase)) return true;
        parsed = AppointmentScope.Past;
        return scope.Equals("past", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<Created<HoldView>> HoldCreatedAsync(CareSlotDb db, SlotHold hold, CancellationToken ct)
    {
        var zone = await ClinicZoneAsync(db, hold.ClinicId, ct);
        return TypedResults.Created($"/api/v1/appointments/holds/{hold.Id}", new HoldView(hold.Id, hold.DoctorId, hold.AppointmentTypeId,
            IsoTime.Format(hold.Start, zone), IsoTime.Format(hold.End, zone), IsoTime.Format(hold.ExpiresAt, zone)));
    }

    /// <summary>A hold's answer again after a crash; a hold that has since lapsed and been cleared, been given back or been booked cannot be shown.</summary>
    private static async Task<IResult> HeldAgainAsync(HttpContext http, string resourceId, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<CareSlotDb>();
        var id = Guid.Parse(resourceId);
        var patientId = http.User.AccountId();
        return await db.SlotHolds.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id && h.PatientId == patientId, ct) is { } hold
            ? await HoldCreatedAsync(db, hold, ct)
            : new UseCaseProblem(StatusCodes.Status410Gone, Text(http)["This hold has ended."],
                Text(http)["The hold this request made has lapsed, been given back or been used for a booking. Choose a slot again."]).ToResult();
    }

    /// <summary>The booking's answer again after a crash: the appointment as the booking showed it, since both come from <see cref="AppointmentQueries.ToView"/>.</summary>
    private static async Task<IResult> BookedAgainAsync(HttpContext http, string resourceId, CancellationToken ct) =>
        await AppointmentViewAsync(http, Guid.Parse(resourceId), ct) is { } view
            ? TypedResults.Created($"/api/v1/appointments/{view.Id}", view)
            : AppointmentProblems.NotFound(Text(http)).ToResult();

    private static async Task<IResult> ChangedAgainAsync(HttpContext http, string resourceId, CancellationToken ct) =>
        await AppointmentViewAsync(http, Guid.Parse(resourceId), ct) is { } view
            ? TypedResults.Ok(view)
            : AppointmentProblems.NotFound(Text(http)).ToResult();

    private static IStringLocalizer<AppointmentsText> Text(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<AppointmentsText>>();

    private static async Task<AppointmentView?> AppointmentViewAsync(HttpContext http, Guid id, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<CareSlotDb>();
        if (await Viewer.FromAsync(http.User, db, ct) is not { } viewer) return null;
        return (await http.RequestServices.GetRequiredService<AppointmentQueries>().FindAsync(viewer, id, ct))?.Appointment;
    }

    private static async Task<DateTimeZone> ClinicZoneAsync(CareSlotDb db, int clinicId, CancellationToken ct) =>
        DateTimeZoneProviders.Tzdb[await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.TimeZoneId).SingleAsync(ct)];
}
