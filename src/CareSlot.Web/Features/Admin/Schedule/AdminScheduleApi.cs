using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Schedule;

public sealed record OversightRowDto(Guid Id, string Start, string End, string Status, Guid PatientId, string PatientName, string? PatientEmail,
    int DoctorId, string DoctorName, int ClinicId, string ClinicName, string Type)
{
    public static OversightRowDto From(OversightRow r) => new(r.Id, IsoTime.Format(r.Start, r.Zone), IsoTime.Format(r.End, r.Zone), StatusNames.Api(r.Status),
        r.PatientId, r.PatientName, r.PatientEmail, r.DoctorId, r.DoctorName, r.ClinicId, r.ClinicName, r.TypeName);
}

/// <param name="NextCursor">The next (later) page: pass it as cursor; null on the last page.</param>
/// <param name="PreviousCursor">The previous (earlier) page; null on the first.</param>
public sealed record OversightPageDto(IReadOnlyList<OversightRowDto> Appointments, string? NextCursor, string? PreviousCursor);

public sealed record CaseHistoryDto(string At, string Actor, string? By, string? FromStatus, string ToStatus, string? FromStart, string? ToStart, string? Reason);

public sealed record AppointmentCaseDto(Guid Id, string Start, string End, string Status, Guid PatientId, string PatientName, string? PatientEmail,
    int DoctorId, string DoctorName, int ClinicId, string ClinicName, int AppointmentTypeId, string Type, int DurationMinutes,
    IReadOnlyList<CaseHistoryDto> History)
{
    public static AppointmentCaseDto From(AppointmentCaseView c) => new(c.Id, IsoTime.Format(c.Start, c.Zone), IsoTime.Format(c.End, c.Zone),
        StatusNames.Api(c.Status), c.PatientId, c.PatientName, c.PatientEmail, c.DoctorId, c.DoctorName, c.ClinicId, c.ClinicName, c.TypeId, c.TypeName,
        c.DurationMinutes, [.. c.History.Select(h => new CaseHistoryDto(IsoTime.Format(h.At, DateTimeZone.Utc), h.Actor.ToString().ToLowerInvariant(), h.ByName,
            h.FromStatus is { } from ? StatusNames.Api(from) : null, StatusNames.Api(h.ToStatus),
            h.FromStart is { } fromStart ? IsoTime.Format(fromStart, c.Zone) : null, h.ToStart is { } toStart ? IsoTime.Format(toStart, c.Zone) : null, h.Reason))]);
}

public sealed record FreeSlotDto(int DoctorId, string DoctorName, int AppointmentTypeId, string Type, bool Colleague, string Start, int ClinicId);

/// <summary>Schedule oversight for administrators with a second factor: the same use cases as /admin/appointments and /admin/doctors/{id}/absence.</summary>
public static class AdminScheduleApi
{
    public static IEndpointRouteBuilder MapAdminScheduleApi(this IEndpointRouteBuilder routes)
    {
        var appointments = routes.MapGroup("/api/v1/admin/appointments").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        appointments.MapGet("/", ListAsync)
            .WithSummary("Every appointment in start order, 50 a page: clinic and doctor (ids), patient (part of the name or e-mail address), status "
                + "(requested, confirmed, completed, no-show, cancelled), from and to (dates at each appointment's clinic, both included), cursor "
                + "(nextCursor or previousCursor of a page). Never the reason for the visit.");
        appointments.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One appointment: who, when, where, type, status and its history. Never the reason for the visit.");
        appointments.MapGet("/{id:guid}/free-slots", FreeSlotsAsync)
            .WithSummary("Where the appointment may move: the next free slots of its doctor (same type) and of colleagues at the same clinic with a "
                + "specialty in common and a type of the same length.");
        appointments.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithSummary("Cancel on behalf of the patient or the doctor (onBehalfOf), with a reason the patient is sent. Not bound by the patient's "
                + "limits. Audited (appointment.cancelled-by-admin).");
        appointments.MapPost("/{id:guid}/move", MoveAsync)
            .WithSummary("Move on behalf of the patient or the doctor to a free start (start, ISO-8601 with offset) of its own type or of a colleague's "
                + "(appointmentTypeId, from free-slots); 409 when the time is not free. Audited (appointment.moved-by-admin).");

        var doctors = routes.MapGroup("/api/v1/admin/doctors").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        doctors.MapGet("/{id:int}/absence", AffectedAsync)
            .WithSummary("The doctor's appointments still to come that lie outside their hours (inside an absence): to move or cancel.");
        doctors.MapPost("/{id:int}/absence", RecordAbsenceAsync)
            .WithSummary("Mark days off for an absent doctor (from, to: dates, both included; reason). New bookings stop at once; the appointments "
                + "inside stay booked and are listed to move or cancel. Audited (doctor.absence-recorded).");
        doctors.MapPost("/{id:int}/absence/resolve", ResolveAbsenceAsync)
            .WithSummary("Bulk action on affected appointments (appointmentIds): own-slot, colleague or cancel, with a reason the patients are sent. "
                + "Each row is its own transaction; the answer says per row: moved (where), cancelled, or not-moved (why).");
        return routes;
    }

    private static async Task<Results<Ok<OversightPageDto>, ProblemHttpResult>> ListAsync(string? clinic, string? doctor, string? patient, string? status,
        string? from, string? to, string? cursor, AppointmentOversight oversight, CancellationToken ct)
    {
        var (filter, problem) = oversight.Parse(new AppointmentFilterInput(clinic, doctor, patient, status, from, to));
        AppointmentCursor? position = null;
        if (!string.IsNullOrEmpty(cursor) && !AppointmentCursor.TryParse(cursor, out position))
        {
            var errors = problem?.Errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
            errors["cursor"] = [oversight.InvalidCursor];
            problem = UseCaseProblem.Invalid(errors);
        }
        if (problem is not null) return problem.ToResult();
        var page = await oversight.PageAsync(filter!, position, ct);
        return TypedResults.Ok(new OversightPageDto([.. page.Rows.Select(OversightRowDto.From)], page.Next?.ToString(), page.Previous?.ToString()));
    }

    private static async Task<Results<Ok<AppointmentCaseDto>, ProblemHttpResult>> GetAsync(Guid id, AppointmentCase cases, IStringLocalizer<AdminText> text,
        CancellationToken ct) =>
        await cases.FindAsync(id, ct) is { } found ? TypedResults.Ok(AppointmentCaseDto.From(found)) : NotFound(text);

    private static async Task<Results<Ok<IReadOnlyList<FreeSlotDto>>, ProblemHttpResult>> FreeSlotsAsync(Guid id, MoveTargets targets,
        IStringLocalizer<AdminText> text, CancellationToken ct)
    {
        if (await targets.SuggestAsync(id, ct) is not { } slots) return NotFound(text);
        return TypedResults.Ok<IReadOnlyList<FreeSlotDto>>([.. slots.Select(s => new FreeSlotDto(s.Target.DoctorId, s.Target.DoctorName, s.Target.TypeId,
            s.Target.TypeName, s.Target.IsColleague, IsoTime.Format(s.Start, s.Zone), s.ClinicId))]);
    }

    private static async Task<Results<Ok<AppointmentActionResult>, ProblemHttpResult>> CancelAsync(Guid id, OnBehalfCancelRequest request, ActOnBehalf act,
        HttpContext http, CancellationToken ct) => Answer(await act.CancelAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<AppointmentActionResult>, ProblemHttpResult>> MoveAsync(Guid id, OnBehalfMoveRequest request, ActOnBehalf act,
        HttpContext http, CancellationToken ct) => Answer(await act.MoveAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<AbsenceView>, ProblemHttpResult>> AffectedAsync(int id, DoctorAbsence absence, IStringLocalizer<AdminText> text,
        CancellationToken ct) =>
        await absence.ViewAsync(id, ct) is { } view ? TypedResults.Ok(view)
            : UseCaseProblem.NotFound(text["Doctor not found."], text["There is no doctor with that id."]).ToResult();

    private static async Task<Results<Ok<AbsenceView>, ProblemHttpResult>> RecordAbsenceAsync(int id, AbsenceRequest request, DoctorAbsence absence,
        HttpContext http, CancellationToken ct) => Answer(await absence.RecordAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<IReadOnlyList<AbsenceRowResult>>, ProblemHttpResult>> ResolveAbsenceAsync(int id, AbsenceResolveRequest request,
        DoctorAbsence absence, HttpContext http, CancellationToken ct) => Answer(await absence.ResolveAsync(http.User, id, request, ct));

    private static ProblemHttpResult NotFound(IStringLocalizer<AdminText> text) =>
        UseCaseProblem.NotFound(text["Appointment not found."], text["There is no appointment with that id."]).ToResult();

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) =>
        outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
}
